"""The records one annotated Doc yields: what crosses from a worker process to the driver (Docs do not)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from dossier.annotate import entities as entity_stage
from dossier.annotate import quotes as quote_stage
from dossier.records import Article, Claim, DocEntity, EventMention, Mention, Quote, Technique, TimeExpr, claim_id
from dossier.resolve.claimtext import embedding_text


@dataclass
class AnnotationSet:
    doc_id: str
    anchor: str | None
    entities: list[DocEntity]
    mentions: list[Mention]
    timexes: list[TimeExpr]
    events: list[EventMention]
    quotes: list[Quote]
    voices: list[tuple[int, int, str]]
    claims: list[Claim] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    # text -> unit vector, filled by a pool worker so the driver does not encode what the worker already could
    embedded: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)


def embeddable_texts(found: AnnotationSet, text: str) -> list[str]:
    """The texts the driver will embed for this document: its sentences, claims and quotes for the vector index
    (as store/vectors.indexable_spans reads them back) and each claim's `embedding_text` for claim linking."""
    texts = [text[start:end] for start, end, _ in found.voices]
    texts += [c.text for c in found.claims] + [q.text for q in found.quotes]
    texts += [embedding_text(c) for c in found.claims]
    return list(dict.fromkeys(t for t in texts if t.strip()))


def annotation_set(article: Article, doc: Doc) -> AnnotationSet:
    """The records one annotated Doc yields, every one with document id, offsets and extractor version."""
    anchor = doc._.anchor.isoformat() if doc._.anchor else None
    times = [t.model_copy(update={"doc_id": article.id}) for t in doc._.timexes or []]  # the component's records
    claims = list(doc._.claims or [])
    for c in claims:
        c.claim_id = c.claim_id or claim_id(article.id, c.start, c.end)
    return AnnotationSet(
        doc_id=article.id,
        anchor=anchor,
        entities=list(doc._.entities or []),
        mentions=entity_stage.mentions_of(doc),
        timexes=times,
        events=list(doc._.events or []),
        quotes=list(doc._.quotes or []),
        voices=quote_stage.sentence_voices(doc, list(doc._.quotes or [])),
        claims=claims,
        techniques=[t.model_copy(update={"doc_id": article.id}) for t in doc._.techniques or []],
    )
