"""Long documents are annotated in pieces; every record still points at the right characters of the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from dossier.annotate import pieces
from dossier.annotate.pool import annotated_chunk
from dossier.annotate.sets import AnnotationSet
from dossier.ingest.batch import ingested
from dossier.records import Article
from dossier.store import queries
from dossier.store.db import connect
from dossier.textcuts import text_pieces
from tests.conftest import shared_path


def seed_article(tmp_path: Path, name: str = "000_932b70249ad4c344.txt") -> Article:
    db = connect(tmp_path / "t.db")
    ((_, result),) = ingested(db, [str(shared_path("seeds", name))]).stored
    article = queries.document(db, result.doc_id)
    assert article is not None
    return article


def test_text_pieces_cover_the_text_and_cut_at_blank_lines() -> None:
    text = "\n\n".join(f"Paragraph {n} says something about the harbour wall." for n in range(400))
    found = text_pieces(text, size=1000)
    assert "".join(p for _, p in found) == text
    assert all(len(p) <= 1000 for _, p in found) and len(found) > 10
    assert all(p.endswith("\n\n") for _, p in found[:-1])
    assert [o for o, _ in found] == [sum(len(p) for _, p in found[:i]) for i in range(len(found))]


def assert_offsets_index_the_text(found: AnnotationSet, text: str) -> None:
    assert found.mentions and found.timexes
    for m in found.mentions:
        assert text[m.start : m.end] == m.text
    for t in found.timexes:
        assert text[t.start : t.end] == t.text
    for q in found.quotes:
        assert text[q.start : q.end] == q.text
    for e in found.events:
        assert text[e.trigger[0] : e.trigger[1]] == e.trigger_text
    for c in found.claims:
        assert text[c.start : c.end] == c.text
    assert len({c.claim_id for c in found.claims}) == len(found.claims)


def test_pieced_annotation_keeps_offsets_into_the_whole_text(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = seed_article(tmp_path)
    whole = pieces.annotation_sets_of(nlp, [article])[0]
    monkeypatch.setattr(pieces, "PIECE_CHARS", len(article.text) // 3)
    pieced = pieces.annotation_sets_of(nlp, [article])[0]
    assert len(text_pieces(article.text, pieces.PIECE_CHARS)) >= 3
    assert_offsets_index_the_text(pieced, article.text)
    assert pieced.mentions[-1].start > 2 * len(article.text) // 3  # the last piece was read too
    keys = {e.key for e in whole.entities}
    assert len(keys & {e.key for e in pieced.entities}) >= 0.8 * len(keys)
    assert "PERSON:imran khan" in {e.key for e in pieced.entities}


@pytest.mark.slow
def test_document_over_a_million_characters_is_annotated(tmp_path: Path, nlp: Language) -> None:
    article = seed_article(tmp_path)
    copies = 1_000_000 // len(article.text) + 2
    long = article.model_copy(update={"text": "\n\n".join([article.text] * copies)})
    assert len(long.text) > 1_000_000
    (found,) = annotated_chunk(nlp, [long])
    assert isinstance(found, AnnotationSet), found  # before: E088, the document was never annotated
    assert_offsets_index_the_text(found, long.text)
    assert max(m.start for m in found.mentions) > 1_000_000
