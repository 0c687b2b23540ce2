"""Annotate stored documents: run the spaCy pipeline, store each document's records, resolve the collection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate import entities as entity_stage
from dossier.annotate import timex as timex_stage
from dossier.annotate.pipeline import COMPONENTS, MODEL, annotated, built_nlp
from dossier.records import Article, DocEntity, EventMention, Mention, TimeExpr
from dossier.store import queries
from dossier.store.annotations import resolve_collection, store_annotations, unannotated_ids

PIPELINE = f"{MODEL}+{'+'.join(COMPONENTS)}"  # stored per document: a different pipeline means re-annotate
CHUNK = 8  # documents handed to a worker process at a time


@dataclass
class AnnotationSet:
    doc_id: str
    anchor: str | None
    entities: list[DocEntity]
    mentions: list[Mention]
    timexes: list[TimeExpr]
    events: list[EventMention]


def annotation_set(article: Article, doc: Doc) -> AnnotationSet:
    """The records one annotated Doc yields, every one with document id, offsets and extractor version."""
    anchor = doc._.anchor.isoformat() if doc._.anchor else None
    times = [
        TimeExpr(
            doc_id=article.id,
            start=t.start,
            end=t.end,
            text=t.text,
            type=t.type,
            value=t.value,
            mod=t.mod,
            anchor=anchor,
            extractor=timex_stage.EXTRACTOR,
        )
        for t in doc._.timexes or []
    ]
    return AnnotationSet(
        doc_id=article.id,
        anchor=anchor,
        entities=list(doc._.entities or []),
        mentions=entity_stage.mentions_of(doc),
        timexes=times,
        events=list(doc._.events or []),
    )


_worker_nlp: Language | None = None


def _init_worker() -> None:
    global _worker_nlp
    _worker_nlp = built_nlp()


def _annotate_chunk(articles: list[Article]) -> list[tuple[Article, AnnotationSet]]:
    assert _worker_nlp is not None
    return [(a, annotation_set(a, doc)) for a, doc in annotated(_worker_nlp, articles)]


def annotation_sets(
    articles: Iterable[Article], *, n_process: int = 1, nlp: Language | None = None
) -> Iterator[tuple[Article, AnnotationSet]]:
    """Annotate a stream of articles, in this process or in a pool (spaCy Docs with our records do not cross)."""
    if n_process <= 1:
        model = nlp or built_nlp()
        for article, doc in annotated(model, articles):
            yield article, annotation_set(article, doc)
        return
    batch = list(articles)
    chunks = [batch[i : i + CHUNK] for i in range(0, len(batch), CHUNK)]
    with ProcessPoolExecutor(max_workers=n_process, initializer=_init_worker) as pool:
        for results in pool.map(_annotate_chunk, chunks):
            yield from results


def annotate_stored(
    db: sqlite3.Connection,
    *,
    doc_ids: list[str] | None = None,
    n_process: int = 1,
    nlp: Language | None = None,
    on_done: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> int:
    """Annotate the given (or every not-yet-annotated) document, then resolve the whole collection."""
    ids = doc_ids if doc_ids is not None else unannotated_ids(db, PIPELINE)
    if on_total:
        on_total(len(ids))
    articles = (a for a in (queries.document(db, i) for i in ids) if a is not None)
    count = 0
    for article, found in annotation_sets(articles, n_process=n_process, nlp=nlp):
        store_annotations(
            db,
            article.id,
            pipeline=PIPELINE,
            anchor=found.anchor,
            entities=found.entities,
            mentions=found.mentions,
            timexes=found.timexes,
            events=found.events,
        )
        count += 1
        if on_done:
            on_done(article.id)
    if count or doc_ids is None:
        resolve_collection(db)
    return count
