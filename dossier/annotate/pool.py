"""Annotate a stream of articles in this process or in ONE pool of worker processes kept for the whole run.

Each worker loads the pipeline once (in its initializer) and dies with its parent, so a killed `dossier ingest -j 2`
leaves no worker behind. Documents stream through in small chunks with a bounded number in flight, so memory stays
flat however long the stream is. A document that fails is reported with its reason and costs only itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from types import TracebackType

from spacy.language import Language

from dossier.annotate.pieces import PIECE_CHARS, annotation_sets_of
from dossier.annotate.pipeline import BATCH_SIZE, annotated, built_nlp
from dossier.annotate.sets import AnnotationSet, annotation_set, embeddable_texts
from dossier.annotate.worker import init_worker, worker_chunk
from dossier.records import Article

CHUNK = 4  # documents handed to a worker at a time: small, so one slow page does not idle the other worker
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker: keeps it busy without holding the stream in memory

Outcome = AnnotationSet | str  # the records, or one error line naming the document and the reason


@dataclass
class AnnotateReport:
    done: int = 0
    failed: list[str] = field(default_factory=list)  # one line each: code, document, reason


def failure_line(article: Article, exc: BaseException) -> str:
    return f"[E_ANNOTATE] {article.id} {article.source}: {type(exc).__name__}: {exc}"


def annotated_chunk(nlp: Language, articles: list[Article]) -> list[Outcome]:
    """A chunk at full speed; if anything in it fails, each document alone, so one bad page costs only itself."""
    try:
        return list(annotation_sets_of(nlp, articles))  # a long document goes piece by piece
    except Exception:
        pass  # retried one by one below, each failure reported with its reason
    found: list[Outcome] = []
    for article in articles:
        try:
            found += annotation_sets_of(nlp, [article])
        except Exception as exc:  # an annotator bug on one page must not cost the rest of the batch
            found.append(failure_line(article, exc))
    return found


def embedded_chunk(nlp: Language, articles: list[Article]) -> list[Outcome]:
    """`annotated_chunk` with each document's texts already embedded (one batch for the chunk): what a worker
    process runs, so the driver, the one writer, spends no time in the sentence model for these documents."""
    found = annotated_chunk(nlp, articles)
    pairs = zip(articles, found, strict=True)
    wanted = {id(s): embeddable_texts(s, a.text) for a, s in pairs if not isinstance(s, str)}
    texts = list(dict.fromkeys(t for each in wanted.values() for t in each))
    if not texts:
        return found
    from dossier.resolve.claims import embeddings  # the model loads on the first chunk with text, once

    try:
        vectors = dict(zip(texts, embeddings(texts), strict=True))
    except Exception:  # the driver embeds what is missing; annotation results are never lost to the embedding
        return found
    for s in found:
        if not isinstance(s, str):
            s.embedded = {t: vectors[t] for t in wanted[id(s)]}
    return found


def streamed_chunk(nlp: Language, articles: list[Article]) -> Iterator[tuple[Article, Outcome]]:
    """`annotated_chunk` yielding each document as soon as it is done, so the caller stores and links it at once."""
    done = 0
    try:
        if all(len(a.text) <= PIECE_CHARS for a in articles):  # a long one goes piece by piece, below
            for article, doc in annotated(nlp, articles):
                found = annotation_set(article, doc)
                done += 1
                yield article, found
    except Exception:
        pass  # the rest one by one below, each failure reported with its reason
    for article in articles[done:]:
        yield article, annotated_chunk(nlp, [article])[0]


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    stream = iter(articles)
    while chunk := list(islice(stream, size)):
        yield chunk


class AnnotationPool:
    """`with AnnotationPool(2) as pool: for article, outcome in pool.annotated(stream): …` (in order)."""

    def __init__(self, processes: int = 1, *, nlp: Language | None = None, embed: bool = False) -> None:
        self.processes = max(1, processes)
        self._nlp = nlp
        self.embed = embed  # workers also embed (the driver's case); annotation alone is what bench/annotate times
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> AnnotationPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def nlp(self) -> Language:
        """The in-process pipeline, loaded on first use and kept (the web app hands in the one it holds)."""
        if self._nlp is None:
            self._nlp = built_nlp()
        return self._nlp

    def annotated(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Outcome]]:
        """Each article with its records (or its error line), in the order given, streaming."""
        if self.processes == 1:
            for chunk in chunks(articles, BATCH_SIZE):
                yield from streamed_chunk(self.nlp, chunk)
            return
        pending: deque[tuple[list[Article], Future[list[Outcome]]]] = deque()
        for chunk in chunks(articles, CHUNK):
            pending.append((chunk, self._executor().submit(worker_chunk, chunk, self.embed)))
            while len(pending) >= self.processes * IN_FLIGHT_PER_WORKER:
                yield from self._collected(*pending.popleft())
        while pending:
            yield from self._collected(*pending.popleft())

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent runs a progress thread, and a fork copies its locks mid-use
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=init_worker, initargs=(os.getpid(),)
            )
        return self._pool

    def _collected(self, chunk: list[Article], future: Future[list[Outcome]]) -> Iterator[tuple[Article, Outcome]]:
        try:
            yield from zip(chunk, future.result(), strict=True)
        except BrokenProcessPool as exc:  # a worker died (out of memory, killed): these documents fail, a new pool
            self._pool = None
            for article in chunk:
                yield article, failure_line(article, exc)
