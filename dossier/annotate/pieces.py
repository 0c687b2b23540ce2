"""Documents longer than spaCy takes at once (1,000,000 characters, E088) annotated in pieces, offsets kept.

A long text is cut at paragraph breaks into pieces of at most PIECE_CHARS; each piece is annotated as its own
Doc (same document id, same anchor date), its records are moved by the piece's offset, and the pieces' records
are joined into one AnnotationSet, as if the document had been read whole. A sentence never spans a cut, since
cuts fall on blank lines, which end sentences anyway (dossier_paragraphs_v1).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from pydantic import BaseModel
from spacy.language import Language

from dossier.annotate.pipeline import annotated
from dossier.annotate.sets import AnnotationSet, annotation_set
from dossier.records import Article, DocEntity, claim_id
from dossier.textcuts import text_pieces

PIECE_CHARS = 200_000  # far under spaCy's 1,000,000-character limit, and parser memory stays ~200 MB per piece
SPAN_FIELDS = ("trigger", "sentence", "date_span", "cue_span", "speaker_span")  # [start, end) pairs in records
R = TypeVar("R", bound=BaseModel)


def annotation_sets_of(nlp: Language, articles: list[Article]) -> list[AnnotationSet]:
    """Each article's records, in order: short ones through spaCy in one batch, long ones piece by piece."""
    short = [a for a in articles if len(a.text) <= PIECE_CHARS]
    batch = {a.id: annotation_set(a, doc) for a, doc in annotated(nlp, short)}
    return [batch[a.id] if len(a.text) <= PIECE_CHARS else pieced_set(nlp, a) for a in articles]


def pieced_set(nlp: Language, article: Article) -> AnnotationSet:
    """One long article's records, annotated a piece at a time; every offset indexes the whole stored text."""
    parts: list[tuple[int, AnnotationSet]] = []
    for offset, piece in text_pieces(article.text, PIECE_CHARS):
        part = article.model_copy(update={"text": piece})
        for _, doc in annotated(nlp, [part]):
            parts.append((offset, annotation_set(part, doc)))  # one Doc at a time: memory is one piece's
    return joined(article.id, parts)


def joined(doc_id: str, parts: Iterable[tuple[int, AnnotationSet]]) -> AnnotationSet:
    """The pieces' records as one set: offsets moved, each within-document entity's mentions gathered."""
    whole = AnnotationSet(doc_id=doc_id, anchor=None, entities=[], mentions=[], timexes=[], events=[], quotes=[],
                          voices=[])  # fmt: skip
    entities: dict[str, DocEntity] = {}
    for offset, part in parts:
        whole.anchor = whole.anchor or part.anchor
        whole.mentions += [_moved(m, offset) for m in part.mentions]
        whole.timexes += [_moved(t, offset) for t in part.timexes]
        whole.events += [_moved(e, offset) for e in part.events]
        whole.quotes += [_moved(q, offset) for q in part.quotes]
        whole.voices += [(s + offset, e + offset, voice) for s, e, voice in part.voices]
        whole.techniques += [_moved(t, offset) for t in part.techniques]
        for c in part.claims:
            moved = _moved(c, offset)
            moved.claim_id = claim_id(doc_id, moved.start, moved.end)
            whole.claims.append(moved)
        for entity in part.entities:
            spans = [(s + offset, e + offset) for s, e in entity.mentions]
            if entity.key in entities:
                known = entities[entity.key]
                known.aliases += [a for a in entity.aliases if a not in known.aliases]
                known.mentions += spans
            else:
                entities[entity.key] = entity.model_copy(update={"mentions": spans, "aliases": list(entity.aliases)})
    whole.entities = list(entities.values())
    return whole


def _moved(record: R, offset: int) -> R:
    """The record with its start/end and every [start, end) span field moved by offset."""
    update: dict[str, object] = {}
    for name in ("start", "end"):
        if isinstance(getattr(record, name, None), int):
            update[name] = getattr(record, name) + offset
    for name in SPAN_FIELDS:
        span = getattr(record, name, None)
        if span is not None:
            update[name] = (span[0] + offset, span[1] + offset)
    return record.model_copy(update=update)
