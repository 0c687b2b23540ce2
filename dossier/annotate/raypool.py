"""Annotate a stream of articles on Ray actors: `AnnotationPool`'s interface and failure semantics, on a cluster.

Each actor loads the pipeline once (`built_nlp()` in its constructor) and annotates chunks of articles with the
same `embedded_chunk` a local worker runs, so records and ids are the local engine's. The driver keeps reading
the stream lazily, keeps a bounded number of chunks in flight per actor, and yields results in the order given,
so `dossier/collection.py` stays the one writer to the store.

Why actors and not Ray Data: a Dataset is built from its whole input up front (`from_items`) or from a datasource
it reads itself, while our input is a lazy generator whose every document is leased in the driver as it is
reached (so a concurrent ingest shares the work); feeding that through Ray Data would mean materializing the
stream or writing a datasource around a generator that lives in the driver. `ray.util.ActorPool.map` submits the
whole iterable at once, which is unbounded. A few plain actors with a deque of ordered futures do exactly what the
process pool does: bounded, ordered, one model load per actor.

A document that fails inside an actor becomes its one error line (`failure_line`); an actor that dies fails only
the chunk it was running: the chunks queued behind it are sent to a fresh actor.

`ray` is imported only here, and only when a `RayAnnotationPool` is opened.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType, TracebackType
from typing import Any

from dossier.annotate.pool import CHUNK, IN_FLIGHT_PER_WORKER, Outcome, chunks, embedded_chunk, failure_line
from dossier.errors import DossierError
from dossier.records import Article

OBJECT_STORE_BYTES = 256 * 1024**2  # a local Ray holds a few chunks of text at a time: no need for 30% of memory


class EngineUnavailable(DossierError):
    """The engine asked for cannot run here (its package is missing, or its cluster cannot be reached)."""

    code = "E_ENGINE"


def imported_ray() -> ModuleType:
    """`ray`, or one error line saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise EngineUnavailable("--engine ray", "ray is not installed (pip install 'ray[client]')") from exc
    return ray


class Annotator:
    """What one Ray actor runs: the pipeline loaded once, then chunk after chunk."""

    def __init__(self) -> None:
        from dossier.annotate.pipeline import built_nlp

        self.nlp = built_nlp()

    def chunk(self, articles: list[Article]) -> list[Outcome]:
        return embedded_chunk(self.nlp, articles)  # embedded here too: the driver only stores and links


@dataclass
class _Sent:
    chunk: list[Article]
    actor: Any  # an ActorHandle
    result: Any  # an ObjectRef to list[Outcome]


class RayAnnotationPool:
    """`with RayAnnotationPool(2) as pool: for article, outcome in pool.annotated(stream): …` (in order).

    Without `address` a local Ray starts with `processes` CPUs and stops when the pool closes; with one
    (`ray://head:10001`, `auto`) the pool connects to that cluster and leaves it running.
    """

    def __init__(self, processes: int = 1, *, address: str | None = None) -> None:
        imported_ray()  # a missing ray is one error line before anything is read
        self.processes = max(1, processes)
        self.address = address
        self._ray: ModuleType | None = None
        self._started = False
        self._actors: list[Any] = []

    def __enter__(self) -> RayAnnotationPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._ray is None:
            return
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
        if self._started:
            self._ray.shutdown()
        self._ray = None

    def _connected(self) -> ModuleType:
        if self._ray is not None:
            return self._ray
        ray = imported_ray()
        quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
        if ray.is_initialized():
            pass  # a caller (a test, a notebook) already holds a Ray: use it and leave it running
        elif self.address is None:
            ray.init(num_cpus=self.processes, object_store_memory=OBJECT_STORE_BYTES, **quiet)
            self._started = True
        else:
            try:
                ray.init(address=self.address, log_to_driver=False, logging_level=logging.ERROR)
            except Exception as exc:  # ConnectionError, or grpc's own when ray[client] is missing
                raise EngineUnavailable(self.address, f"cannot connect to Ray: {_one_line(exc)}") from exc
            self._started = True  # ours to disconnect from; the cluster itself keeps running
        self._ray = ray
        return ray

    def _new_actor(self) -> Any:
        ray = self._connected()
        return ray.remote(num_cpus=1, max_restarts=0)(Annotator).remote()

    def annotated(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Outcome]]:
        """Each article with its records (or its error line), in the order given, streaming."""
        if not self._actors:
            self._actors = [self._new_actor() for _ in range(self.processes)]
        pending: deque[_Sent] = deque()
        for turn, chunk in enumerate(chunks(articles, CHUNK)):
            actor = self._actors[turn % len(self._actors)]  # round robin; each actor runs its chunks in order
            pending.append(_Sent(chunk, actor, actor.chunk.remote(chunk)))
            while len(pending) >= self.processes * IN_FLIGHT_PER_WORKER:
                yield from self._collected(pending.popleft(), pending)
        while pending:
            yield from self._collected(pending.popleft(), pending)

    def _collected(self, sent: _Sent, pending: deque[_Sent]) -> Iterator[tuple[Article, Outcome]]:
        ray = self._connected()
        try:
            found: list[Outcome] = ray.get(sent.result)
        except ray.exceptions.RayError as exc:  # the task failed outside annotated_chunk's guard: this chunk fails
            if isinstance(exc, ray.exceptions.RayActorError):  # its actor died (out of memory, killed): replace it
                self._replaced(sent.actor, pending)
            for article in sent.chunk:
                yield article, failure_line(article, _ActorDied(_one_line(exc)))
            return
        yield from zip(sent.chunk, found, strict=True)

    def _replaced(self, dead: Any, pending: deque[_Sent]) -> None:
        """A fresh actor in the dead one's place; the chunks queued behind it (never run) are sent there."""
        fresh = self._new_actor()
        self._actors = [fresh if a is dead else a for a in self._actors]
        for sent in pending:
            if sent.actor is dead:
                sent.actor = fresh
                sent.result = fresh.chunk.remote(sent.chunk)


class _ActorDied(RuntimeError):
    """The Ray actor annotating a chunk died or its task failed; named in the error line."""


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
