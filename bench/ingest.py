"""Ingest speed and memory: Dossier's full path against trafilatura's bare extract() on the same pages.

Dossier: read_target → article_from_raw → store_article into a fresh SQLite store, over the shared html-news pages
and the seed texts. trafilatura: trafilatura.extract() on the same HTML (read and gunzipped the same way).
Each system is warmed up once, timed without tracing, then run again under tracemalloc for its peak memory.

    .venv/bin/python bench/ingest.py
    .venv/bin/python bench/ingest.py --repeat 3   # best of three timings
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from dossier.errors import DossierError
from dossier.ingest.decode import gunzip_path_bytes
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target, read_target
from dossier.store.db import connect
from dossier.store.queries import store_article

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """Documents handled and seconds spent, per document kind ("html", "text")."""

    docs: dict[str, int]
    seconds: dict[str, float]
    peak_bytes: int = 0

    def rate(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.docs)
        seconds = sum(self.seconds.get(k, 0.0) for k in kinds)
        return sum(self.docs.get(k, 0) for k in kinds) / seconds if seconds else 0.0


Work = Callable[[list[Path]], Run]


def corpus_paths(corpus: Path) -> list[Path]:
    """The HTML pages and seed texts of the shared corpora."""
    html = sorted((corpus / "html-news" / "html").glob("*.html.gz"))
    seeds = sorted((corpus / "seeds").glob("*.txt"))
    if not html:
        sys.exit(f"no html-news pages under {corpus}")
    return html + seeds


def _kind(path: Path) -> str:
    return "html" if ".htm" in path.name else "text"


def dossier_ingest(paths: list[Path]) -> Run:
    """Dossier's full ingest path into a fresh store, each target timed (the store's creation is not)."""
    docs: dict[str, int] = {}
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "bench.db")
        try:
            for path in paths:
                start = time.perf_counter()
                stored = _ingested(db, path)
                kind = _kind(path)
                seconds[kind] = seconds.get(kind, 0.0) + time.perf_counter() - start
                docs[kind] = docs.get(kind, 0) + stored
        finally:
            db.close()
    return Run(docs, seconds)


def _ingested(db: sqlite3.Connection, path: Path) -> int:
    count = 0
    try:
        for raw in read_target(Target(str(path))):
            store_article(db, article_from_raw(raw))
            count += 1
    except DossierError as exc:
        print(f"  skipped: {exc.line()}", file=sys.stderr)
    return count


def trafilatura_extract(paths: list[Path]) -> Run:
    """trafilatura's bare extract() on each HTML page, read and gunzipped as Dossier reads it."""
    docs = 0
    start = time.perf_counter()
    for path in paths:
        if _kind(path) == "html":
            data = gunzip_path_bytes(str(path), path.read_bytes())
            docs += 1 if trafilatura.extract(data) else 0
    return Run({"html": docs}, {"html": time.perf_counter() - start})


def timed(systems: dict[str, Work], paths: list[Path], *, repeat: int) -> dict[str, Run]:
    """Best run of each system; systems take turns so a busy machine slows them alike. One warm-up each."""
    for work in systems.values():
        work(paths[:1])
    best: dict[str, Run] = {}
    for _ in range(repeat):
        for name, work in systems.items():
            run = work(paths)
            if name not in best or sum(run.seconds.values()) < sum(best[name].seconds.values()):
                best[name] = run
    return best


def peak_memory(work: Work, paths: list[Path]) -> int:
    """tracemalloc's peak over one run (a separate run: tracing slows the timed one)."""
    tracemalloc.start()
    try:
        work(paths)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def printed(runs: dict[str, Run]) -> None:
    ours, theirs = runs["dossier"], runs["trafilatura"]
    print(f"{'system':<34}{'docs':>6}{'seconds':>9}{'docs/s':>9}{'peak MiB':>10}")
    rows = [  # the peak is per run: dossier's one run covers pages and seed texts
        ("dossier ingest, html + seed texts", ours, None, True),
        ("dossier ingest, html pages", ours, "html", False),
        ("dossier ingest, seed texts", ours, "text", False),
        ("trafilatura.extract, html pages", theirs, "html", True),
    ]
    for label, run, kind, with_peak in rows:
        docs = sum(run.docs.values()) if kind is None else run.docs.get(kind, 0)
        secs = sum(run.seconds.values()) if kind is None else run.seconds.get(kind, 0.0)
        peak = f"{run.peak_bytes / MIB:>10.1f}" if with_peak else ""
        print(f"{label:<34}{docs:>6}{secs:>9.2f}{run.rate(kind):>9.1f}{peak}")
    print(f"speed ratio dossier / trafilatura on the html pages: {ours.rate('html') / theirs.rate('html'):.2f}")
    print(f"peak memory ratio dossier / trafilatura: {ours.peak_bytes / theirs.peak_bytes:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per system; the best one counts")
    args = parser.parse_args(argv)
    paths = corpus_paths(args.corpus)
    systems: dict[str, Work] = {"dossier": dossier_ingest, "trafilatura": trafilatura_extract}
    runs = timed(systems, paths, repeat=args.repeat)
    runs = {name: Run(run.docs, run.seconds, peak_memory(systems[name], paths)) for name, run in runs.items()}
    printed(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
