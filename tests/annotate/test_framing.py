"""Propaganda techniques on the seeds: spans point at their text, and the voice says whose words they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dossier.annotate.framing import MODEL_DIR, span_voice, tagged_spans
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
            assert 0 < t.confidence <= 1 and t.extractor == "dossier.framing.v1" and t.doc_id == article.id


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
    found = _covering(techniques, "slapped", article.text)  # “… and slapped sanctions on us,” Khan complained.
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
    assert meta["inner_dev"]["si_f1"] > 0.3
