"""The one driver: ingest → annotate → resolve → store, for the CLI, the web upload and every later engine.

Documents stream: each is extracted and stored, handed to the annotation pool (one pool, one model load per
process, for the whole run), its records stored as they come back, and the collection resolved. Progress is
reported per phase (extract, annotate, resolve) so a long run never looks finished while it is still working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal, Protocol

import httpx
from spacy.language import Language

from dossier.annotate.pool import AnnotateReport, AnnotationPool, Outcome
from dossier.annotate.run import PIPELINE
from dossier.annotate.sets import AnnotationSet
from dossier.ingest.batch import BatchReport, read_target_raws, stored_articles, unique_targets
from dossier.ingest.ways import WaysIn
from dossier.linking import Linker
from dossier.records import Article, RawInput
from dossier.resolve.claims import Vectors, embeddings, remember
from dossier.semantic import index_documents
from dossier.store import queries
from dossier.store import resolution as rs
from dossier.store.annotations import store_annotations, unannotated_ids
from dossier.store.db import Database
from dossier.store.leases import leased, released

Phase = Literal["extract", "annotate", "resolve"]
Engine = Literal["local", "ray"]  # local: one process pool on this machine; ray: actors on a (local) Ray cluster
Embed = Callable[[Sequence[str]], Vectors]


class Progress(Protocol):
    """Where the driver reports each phase; the CLI draws one bar per phase."""

    def total(self, phase: Phase, n: int | None) -> None: ...

    def advance(self, phase: Phase, label: str = "") -> None: ...


class Annotating(Protocol):
    """What the driver needs of an annotation pool (the local `AnnotationPool`, the `RayAnnotationPool`)."""

    def annotated(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Outcome]]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Runner:
    """Where annotation runs: the engine, its workers, and for Ray the cluster's address (None: start one)."""

    engine: Engine = "local"
    processes: int = 1
    address: str | None = None


@contextmanager
def annotation_pool(runner: Runner, *, nlp: Language | None = None) -> Iterator[Annotating]:
    """The pool of the engine asked for, closed at the end; Ray is imported only when asked for."""
    pool: Annotating
    if runner.engine == "ray":
        from dossier.annotate.raypool import RayAnnotationPool

        pool = RayAnnotationPool(runner.processes, address=runner.address)
    else:
        pool = AnnotationPool(runner.processes, nlp=nlp, embed=True)
    try:
        yield pool
    finally:
        pool.close()


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
    db: Database,
    named: list[str],
    *,
    client: httpx.Client | None = None,
    ways: WaysIn | None = None,
    annotate: bool = True,
    processes: int = 1,
    nlp: Language | None = None,
    progress: Progress | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> CollectionReport:
    """Ingest what the user named (files, folders, globs, feeds, WARC, URLs, article files, stdin; `ways` says how
    to read them); annotate and resolve what is new."""
    shown = progress or NoProgress()
    report = CollectionReport()
    targets = unique_targets(named, report.ingest, ways=ways, client=client)
    shown.total("extract", len(targets))

    def fresh() -> Iterator[Article]:
        for target in targets:
            raws = read_target_raws(target, report.ingest, client=client, ways=ways)
            yield from stored_articles(db, raws, report.ingest)
            shown.advance("extract", target.source[-60:])

    runner = Runner(engine, processes, address)
    return _run(db, fresh(), report, annotate=annotate, runner=runner, nlp=nlp, progress=shown)


def ingest_raws(
    db: Database,
    raws: Iterable[RawInput],
    *,
    annotate: bool = True,
    processes: int = 1,
    nlp: Language | None = None,
    progress: Progress | None = None,
    linker: Linker | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> CollectionReport:
    """The same for raw inputs a caller already holds (an uploaded file's articles); a long-running caller
    keeps one `linker`, so the claim vector index is loaded once."""
    report = CollectionReport()
    fresh = stored_articles(db, raws, report.ingest)
    shown = progress or NoProgress()
    runner = Runner(engine, processes, address)
    return _run(db, fresh, report, annotate=annotate, runner=runner, nlp=nlp, progress=shown, linker=linker)


def _run(
    db: Database,
    fresh: Iterator[Article],
    report: CollectionReport,
    *,
    annotate: bool,
    runner: Runner,
    nlp: Language | None,
    progress: Progress,
    linker: Linker | None = None,
) -> CollectionReport:
    if not annotate:
        for _ in fresh:
            pass
        return report
    queued: set[str] = set()

    def stream() -> Iterator[Article]:
        for article in fresh:
            if not leased(db, article.id, pipeline=PIPELINE):
                continue  # another ingest of the same folder is annotating it (or already has)
            queued.add(article.id)
            progress.total("annotate", len(queued))
            yield article
        # documents stored earlier but never annotated (or by an older pipeline) are annotated now too
        leftovers = [i for i in unannotated_ids(db, PIPELINE) if i not in queued]
        progress.total("annotate", len(queued) + len(leftovers))
        yield from _loaded(db, _leased(db, leftovers, recheck=True))

    linker = linker or Linker(db)
    try:
        with annotation_pool(runner, nlp=nlp) as pool:
            rebuild = _annotated_into_store(db, pool, stream(), report.annotate, progress, linker)
    finally:
        released(db)
    _settled(linker, rebuild=rebuild, progress=progress)
    return report


def annotate(
    db: Database,
    *,
    doc_ids: list[str] | None = None,
    processes: int = 1,
    nlp: Language | None = None,
    progress: Progress | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> AnnotateReport:
    """Annotate the given (or every not-yet-annotated) document, then resolve the collection.

    A document whose annotation fails is reported and skipped; the others go on (a batch never crashes).
    """
    shown = progress or NoProgress()
    ids = doc_ids if doc_ids is not None else unannotated_ids(db, PIPELINE)
    shown.total("annotate", len(ids))
    report = AnnotateReport()
    linker = Linker(db)
    rebuild = False
    if ids:
        try:
            with annotation_pool(Runner(engine, processes, address), nlp=nlp) as pool:
                leased_ids = _leased(db, ids, recheck=doc_ids is None)  # --all re-annotates what is done
                rebuild = _annotated_into_store(db, pool, _loaded(db, leased_ids), report, shown, linker)
        finally:
            released(db)
    _settled(linker, rebuild=rebuild, progress=shown)
    return report


def _leased(db: Database, ids: Iterable[str], *, recheck: bool) -> Iterator[str]:
    """The ids this process may annotate: each leased as it is reached, so a concurrent ingest shares the work."""
    return (i for i in ids if leased(db, i, pipeline=PIPELINE, recheck=recheck))


def _loaded(db: Database, ids: Iterable[str]) -> Iterator[Article]:
    """Stored documents read one at a time, so a long list never sits in memory."""
    for doc_id in ids:
        article = queries.document(db, doc_id)
        if article is not None:
            yield article


def _annotated_into_store(
    db: Database,
    pool: Annotating,
    articles: Iterable[Article],
    report: AnnotateReport,
    shown: Progress,
    linker: Linker,
) -> bool:
    """Store each document's records as they come back and link it to the collection at once; returns whether
    a full re-run is needed instead (a document was re-annotated, or the store predates the indexes)."""
    rebuild = rs.has_unindexed_resolution(db)
    for article, found in pool.annotated(articles):
        shown.advance("annotate", article.id)
        if isinstance(found, str):
            report.failed.append(found)
            continue
        again = rs.is_resolved(db, found.doc_id)  # its old records were linked: only a re-run can unlink them
        remember(found.embedded)  # what a pool worker embedded is not encoded again here
        _store(db, found)
        index_documents(db, [found.doc_id])  # the semantic index grows with the collection, a document at a time
        report.done += 1
        rebuild = rebuild or again
        if not rebuild:
            shown.total("resolve", report.done)
            linker.add(found.doc_id)
            shown.advance("resolve", found.doc_id)
    return rebuild


def _settled(linker: Linker, *, rebuild: bool, progress: Progress) -> None:
    """Link what is still unlinked (annotated earlier and never resolved), or re-run everything if needed."""
    if rebuild:
        resolve_all(linker.db, progress=progress, linker=linker)
        return
    pending = linker.pending()
    for doc_id in pending:
        linker.add(doc_id)
        progress.advance("resolve", doc_id)


def _store(db: Database, found: AnnotationSet) -> None:
    store_annotations(
        db, found.doc_id, pipeline=PIPELINE, anchor=found.anchor, entities=found.entities, mentions=found.mentions,
        timexes=found.timexes, events=found.events, quotes=found.quotes, voices=found.voices, claims=found.claims,
        techniques=found.techniques,
    )  # fmt: skip


def resolve_all(
    db: Database, *, embed: Embed = embeddings, progress: Progress | None = None, linker: Linker | None = None
) -> int:
    """Recompute cross-document entities, events and claim clusters from every annotated document (after an
    upgrade), replaying the incremental steps in resolution order; returns how many documents were linked."""
    shown = progress or NoProgress()
    run = linker or Linker(db, embed=embed)
    shown.total("resolve", len(rs.resolution_sequence(db)) + len(rs.unresolved_annotated(db)))
    return run.rebuild(on_done=lambda doc_id: shown.advance("resolve", doc_id))


def resolve_pending(db: Database, *, embed: Embed = embeddings, progress: Progress | None = None) -> int:
    """Link every annotated document not yet linked; returns how many."""
    linker = Linker(db, embed=embed)
    if rs.has_unindexed_resolution(db):
        return resolve_all(db, progress=progress, linker=linker)
    pending = linker.pending()
    shown = progress or NoProgress()
    shown.total("resolve", len(pending))
    for doc_id in pending:
        linker.add(doc_id)
        shown.advance("resolve", doc_id)
    return len(pending)
