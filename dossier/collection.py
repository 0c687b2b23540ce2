"""The one driver: ingest → annotate → resolve → store, for the CLI, the web upload and every later engine.

Documents stream: each is extracted and stored, handed to the annotation pool (one pool, one model load per
process, for the whole run), its records stored as they come back, and the collection resolved. Progress is
reported per phase (extract, annotate, resolve) so a long run never looks finished while it is still working.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import httpx
from spacy.language import Language

from dossier.annotate.pool import AnnotateReport, AnnotationPool
from dossier.annotate.run import PIPELINE
from dossier.annotate.sets import AnnotationSet
from dossier.ingest.batch import BatchReport, read_target_raws, stored_articles, unique_targets
from dossier.records import Article, RawInput
from dossier.resolve.claims import EMBEDDING_MODEL, Vectors, embeddings
from dossier.resolve.collection import resolved_collection
from dossier.store import queries
from dossier.store.annotations import (
    doc_entities,
    event_mentions,
    store_annotations,
    unannotated_ids,
    write_resolution,
)
from dossier.store.claims import claims_to_resolve

Phase = Literal["extract", "annotate", "resolve"]
Embed = Callable[[Sequence[str]], Vectors]


class Progress(Protocol):
    """Where the driver reports each phase; the CLI draws one bar per phase."""

    def total(self, phase: Phase, n: int | None) -> None: ...

    def advance(self, phase: Phase, label: str = "") -> None: ...


class NoProgress:
    def total(self, phase: Phase, n: int | None) -> None:
        pass

    def advance(self, phase: Phase, label: str = "") -> None:
        pass


@dataclass
class CallbackProgress(NoProgress):
    """The annotate phase reported through two callbacks (the old `annotate_stored` signature)."""

    on_total: Callable[[int], None] | None = None
    on_done: Callable[[str], None] | None = None

    def total(self, phase: Phase, n: int | None) -> None:
        if phase == "annotate" and self.on_total and n is not None:
            self.on_total(n)

    def advance(self, phase: Phase, label: str = "") -> None:
        if phase == "annotate" and self.on_done:
            self.on_done(label)


def callback_progress(on_total: Callable[[int], None] | None, on_done: Callable[[str], None] | None) -> Progress:
    return CallbackProgress(on_total, on_done)


@dataclass
class CollectionReport:
    ingest: BatchReport = field(default_factory=BatchReport)
    annotate: AnnotateReport = field(default_factory=AnnotateReport)


def ingest(
    db: sqlite3.Connection,
    named: list[str],
    *,
    client: httpx.Client | None = None,
    annotate: bool = True,
    processes: int = 1,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> CollectionReport:
    """Ingest what the user named (files, folders, globs, feeds, WARC, URLs); annotate and resolve what is new."""
    shown = progress or NoProgress()
    report = CollectionReport()
    targets = unique_targets(named, report.ingest)
    shown.total("extract", len(targets))

    def fresh() -> Iterator[Article]:
        for target in targets:
            yield from stored_articles(db, read_target_raws(target, report.ingest, client=client), report.ingest)
            shown.advance("extract", target.source[-60:])

    return _run(db, fresh(), report, annotate=annotate, processes=processes, nlp=nlp, progress=shown)


def ingest_raws(
    db: sqlite3.Connection,
    raws: Iterable[RawInput],
    *,
    annotate: bool = True,
    processes: int = 1,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> CollectionReport:
    """The same for raw inputs a caller already holds (an uploaded file's articles)."""
    report = CollectionReport()
    fresh = stored_articles(db, raws, report.ingest)
    return _run(db, fresh, report, annotate=annotate, processes=processes, nlp=nlp, progress=progress or NoProgress())


def _run(
    db: sqlite3.Connection,
    fresh: Iterator[Article],
    report: CollectionReport,
    *,
    annotate: bool,
    processes: int,
    nlp: Language | None,
    progress: Progress,
) -> CollectionReport:
    if not annotate:
        for _ in fresh:
            pass
        return report
    queued: set[str] = set()

    def stream() -> Iterator[Article]:
        for article in fresh:
            queued.add(article.id)
            progress.total("annotate", len(queued))
            yield article
        # documents stored earlier but never annotated (or by an older pipeline) are annotated now too
        leftovers = [i for i in unannotated_ids(db, PIPELINE) if i not in queued]
        progress.total("annotate", len(queued) + len(leftovers))
        yield from _loaded(db, leftovers)

    with AnnotationPool(processes, nlp=nlp) as pool:
        _annotated_into_store(db, pool, stream(), report.annotate, progress)
    resolve_all(db, progress=progress)
    return report


def annotate(
    db: sqlite3.Connection,
    *,
    doc_ids: list[str] | None = None,
    processes: int = 1,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> AnnotateReport:
    """Annotate the given (or every not-yet-annotated) document, then resolve the collection.

    A document whose annotation fails is reported and skipped; the others go on (a batch never crashes).
    """
    shown = progress or NoProgress()
    ids = doc_ids if doc_ids is not None else unannotated_ids(db, PIPELINE)
    shown.total("annotate", len(ids))
    report = AnnotateReport()
    if ids:
        with AnnotationPool(processes, nlp=nlp) as pool:
            _annotated_into_store(db, pool, _loaded(db, ids), report, shown)
    if report.done or doc_ids is None:
        resolve_all(db, progress=shown)
    return report


def _loaded(db: sqlite3.Connection, ids: list[str]) -> Iterator[Article]:
    """Stored documents read one at a time, so a long list never sits in memory."""
    for doc_id in ids:
        article = queries.document(db, doc_id)
        if article is not None:
            yield article


def _annotated_into_store(
    db: sqlite3.Connection, pool: AnnotationPool, articles: Iterable[Article], report: AnnotateReport, shown: Progress
) -> None:
    for article, found in pool.annotated(articles):
        if isinstance(found, str):
            report.failed.append(found)
        else:
            _store(db, found)
            report.done += 1
        shown.advance("annotate", article.id)


def _store(db: sqlite3.Connection, found: AnnotationSet) -> None:
    store_annotations(
        db, found.doc_id, pipeline=PIPELINE, anchor=found.anchor, entities=found.entities, mentions=found.mentions,
        timexes=found.timexes, events=found.events, quotes=found.quotes, voices=found.voices, claims=found.claims,
    )  # fmt: skip


def resolve_all(db: sqlite3.Connection, *, embed: Embed = embeddings, progress: Progress | None = None) -> None:
    """Recompute cross-document entities, events and claim clusters from every stored document.

    Claims are embedded before the write transaction opens, so it stays short.
    """
    shown = progress or NoProgress()
    shown.total("resolve", 1)
    stored = claims_to_resolve(db, embedding_model=EMBEDDING_MODEL)
    found = resolved_collection(
        doc_entities(db), event_mentions(db), stored.claims, origins=stored.origins, vectors=stored.vectors, embed=embed
    )
    write_resolution(
        db, entities=found.entities, assignment=found.assignment, events=found.events, clusters=found.clusters,
        embeddings=found.fresh, embedding_model=EMBEDDING_MODEL,
    )  # fmt: skip
    shown.advance("resolve", "collection")
