"""Annotate stored documents: run the spaCy pipeline, store each document's records, resolve the collection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate import entities as entity_stage
from dossier.annotate import quotes as quote_stage
from dossier.annotate import timex as timex_stage
from dossier.annotate.pipeline import COMPONENTS, MODEL, annotated, built_nlp
from dossier.records import Article, Claim, DocEntity, EventMention, Mention, Quote, TimeExpr
from dossier.store import queries
from dossier.store.annotations import resolve_collection, store_annotations, unannotated_ids

# stored per document: a different pipeline means re-annotate
PIPELINE = f"{MODEL}+dossier_paragraphs_v1+{'+'.join(COMPONENTS)}"
CHUNK = 8  # documents handed to a worker process at a time


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
        quotes=list(doc._.quotes or []),
        voices=quote_stage.sentence_voices(doc, list(doc._.quotes or [])),
        claims=list(doc._.claims or []),
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


@dataclass
class AnnotateReport:
    done: int = 0
    failed: list[str] = field(default_factory=list)  # one line each: code, document, reason


def annotate_stored(
    db: sqlite3.Connection,
    *,
    doc_ids: list[str] | None = None,
    n_process: int = 1,
    nlp: Language | None = None,
    on_done: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> AnnotateReport:
    """Annotate the given (or every not-yet-annotated) document, then resolve the whole collection.

    A document whose annotation fails is reported and skipped; the others go on (a batch never crashes).
    """
    ids = doc_ids if doc_ids is not None else unannotated_ids(db, PIPELINE)
    if on_total:
        on_total(len(ids))
    report = AnnotateReport()
    if ids and nlp is None and n_process <= 1:
        nlp = built_nlp()  # load once for every chunk, not once per chunk
    step = CHUNK * max(1, n_process)
    for first in range(0, len(ids), step):
        articles = [a for a in (queries.document(db, i) for i in ids[first : first + step]) if a is not None]
        for article, found in _chunk_sets(articles, n_process, nlp, report):
            store_annotations(
                db, article.id, pipeline=PIPELINE, anchor=found.anchor, entities=found.entities,
                mentions=found.mentions, timexes=found.timexes, events=found.events, quotes=found.quotes,
                voices=found.voices, claims=found.claims,
            )  # fmt: skip
            report.done += 1
            if on_done:
                on_done(article.id)
    if report.done or doc_ids is None:
        resolve_collection(db)
    return report


def _chunk_sets(
    articles: list[Article], n_process: int, nlp: Language | None, report: AnnotateReport
) -> list[tuple[Article, AnnotationSet]]:
    """A chunk at full speed; if anything in it fails, each document alone, so one bad page costs only itself."""
    try:
        return list(annotation_sets(articles, n_process=n_process, nlp=nlp))
    except Exception:
        pass  # retried one by one below, each failure reported with its reason
    model = nlp or built_nlp()
    done = []
    for article in articles:
        try:
            done += list(annotation_sets([article], n_process=1, nlp=model))
        except Exception as exc:  # an annotator bug on one page must not cost the rest of the batch
            report.failed.append(f"[E_ANNOTATE] {article.id} {article.source}: {type(exc).__name__}: {exc}")
    return done
