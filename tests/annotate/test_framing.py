"""Propaganda techniques on the seeds: spans point at their text, and the voice says whose words they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dossier.annotate.framing import (
    MODEL_DIR,
    Lexicons,
    document_features,
    sentence_tokens,
    span_voice,
    tagged_spans,
    trimmed,
    voice_pieces,
)
from dossier.annotate.needs import MissingComponent
from dossier.annotate.pipeline import annotated
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target, read_target
from dossier.records import Article, Quote, Technique


@pytest.fixture(scope="module")
def seed_techniques(nlp: Language) -> dict[str, tuple[Article, list[Technique], list[Quote]]]:
    from tests.conftest import shared_path

    folder: Path = shared_path("seeds")
    articles = [article_from_raw(r) for f in sorted(folder.glob("*.txt")) for r in read_target(Target(str(f)))]
    return {
        a.source.rsplit("/", 1)[-1][:3]: (a, list(doc._.techniques), list(doc._.quotes))
        for a, doc in annotated(nlp, articles)
    }


def _covering(techniques: list[Technique], words: str, text: str) -> Technique:
    at = text.index(words)
    found = [t for t in techniques if t.start <= at and at + len(words) <= t.end]
    assert found, f"no technique span covers {words!r}"
    return found[0]


def test_framing_spans_point_at_their_text(
    seed_techniques: dict[str, tuple[Article, list[Technique], list[Quote]]],
) -> None:
    for article, techniques, _ in seed_techniques.values():
        for t in techniques:
            assert article.text[t.start : t.end] == t.text
            assert 0 < t.confidence <= 1 and t.extractor == "dossier.framing.v2" and t.doc_id == article.id


def test_framing_loaded_narration_is_the_authors(
    seed_techniques: dict[str, tuple[Article, list[Technique], list[Quote]]],
) -> None:
    article, techniques, _ = seed_techniques["000"]
    found = _covering(techniques, "West-bashing demagoguery", article.text)
    assert found.voice == "author" and found.technique == "Loaded_Language"


def test_framing_loaded_words_inside_a_quote_are_the_sources(
    seed_techniques: dict[str, tuple[Article, list[Technique], list[Quote]]],
) -> None:
    article, techniques, quotes = seed_techniques["001"]
    found = _covering(techniques, "Our people are being used", article.text)  # “Our people are being used. …” Khan
    assert found.voice == "quote"
    holder = [q for q in quotes if q.start <= found.start and found.end <= q.end + 1]
    assert holder and holder[0].speaker is not None and holder[0].speaker.name == "Imran Khan"


def test_framing_every_voice_occurs_on_the_seeds(
    seed_techniques: dict[str, tuple[Article, list[Technique], list[Quote]]],
) -> None:
    voices = {t.voice for _, techniques, _ in seed_techniques.values() for t in techniques}
    assert voices == {"author", "quote", "reported"}


def test_span_voice_reads_the_quote_kind() -> None:
    direct = Quote(doc_id="d", start=10, end=40, text="x" * 30, kind="direct", extractor="t")
    indirect = Quote(doc_id="d", start=50, end=90, text="y" * 40, kind="indirect", extractor="t")
    assert span_voice(12, 20, [direct, indirect]) == "quote"
    assert span_voice(60, 70, [direct, indirect]) == "reported"
    assert span_voice(0, 8, [direct, indirect]) == "author"
    assert span_voice(35, 55, [direct, indirect]) == "author"  # straddles: nobody's quote alone


def test_tagged_spans_reads_bio_runs() -> None:
    assert tagged_spans(["O", "B", "I", "O", "I", "I", "B"]) == [(1, 3), (4, 6), (6, 7)]


def test_framing_on_a_blank_pipeline_names_what_is_missing() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(MissingComponent, match="dossier_framing_v1 needs a tagger, a lemmatizer and dossier_quotes_v1"):
        nlp.add_pipe("dossier_framing_v1")


def test_framing_model_records_its_training() -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert "Propaganda Techniques Corpus" in meta["trained_on"] and meta["seed"] == 13
    assert meta["tuning"]["si_f1"] > 0.36  # pooled out-of-fold over the training articles
    assert 0 < meta["threshold"] < 1  # calibrated on those folds, read by the component


def test_a_tagged_range_is_cut_at_a_quote_edge_so_each_piece_has_one_voice(nlp: Language) -> None:
    text = 'The botched invasion, "a criminal regime-change operation," he said, failed.'
    doc = nlp.make_doc(text)
    tokens = list(doc)
    opening = text.index('"')
    quote = Quote(doc_id="d", start=opening, end=text.index(",", opening) + 2, text="", kind="direct", extractor="t")
    pieces = voice_pieces(tokens, 0, len(tokens), [quote])
    words = [text[tokens[a].idx : tokens[b - 1].idx + len(tokens[b - 1])] for a, b in pieces]
    assert words[:2] == ["The botched invasion", "a criminal regime-change operation"]
    assert span_voice(tokens[pieces[1][0]].idx, tokens[pieces[1][1] - 1].idx + 1, [quote]) == "quote"
    assert trimmed(tokens, 2, 5) == (2, 3)  # "invasion , \"" keeps only the word


def test_document_features_mark_repeated_phrases_and_the_title(nlp: Language) -> None:
    doc = nlp("Drain the swamp\n\nThe senator promised to drain the swamp. Then he drained nothing.")
    sentences = sentence_tokens(doc)
    rows = document_features(sentences, Lexicons({"swamp": 2.5}, {}), ["5"] * len(sentences))
    assert all("title" in row for row in rows[0]) and not any("title" in row for row in rows[1])
    swamp = [t.text for t in sentences[1]].index("swamp")
    assert "rep2l" in rows[1][swamp] and "lex=6" in rows[1][swamp]
    drained = [t.text for t in sentences[2]].index("drained")
    assert any(f.startswith("rep=3-4|") for f in rows[2][drained])  # drain, drain, drained: one lemma thrice
    assert not any(f.startswith("rep=") for f in rows[2][0])  # "Then": stop words are not counted
