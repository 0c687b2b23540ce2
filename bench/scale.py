"""Grow without slowing down: the whole pipeline on growing collections, against bare nlp.pipe in the same run.

1. Batch: K news texts (../shared/corpus/quotes-polnear's 924, then propaganda-ptc's articles; sorted names,
   read in place) go through the one driver (extract → store → annotate → link) with -j 1 and -j 2;
   documents/s and words/s against bare spaCy `nlp.pipe` with the same model over the same texts, in this
   process (and with 2 processes). With --engine ray the Ray engine runs the same inputs beside the local one
   at each -j (a local Ray, started once before and not timed; its actors load their models inside the timing,
   as the local -j 2 pool does).
2. Growth: the collection is grown to each size by cloning the annotated documents at the store level with new
   ids (a clone keeps its text, entities, event mentions and quotes; its title gets a suffix; its event dates
   move to a year of its own and its claims get new ids and random unit embeddings, so to events and claims it
   is a distinct article — each happening and claim is not a hundred-fold duplicate — while it shares every
   entity), and every clone is linked through the same incremental path as a real document.
   At each size: the time to add one new document (texts never cloned, median of --adds), with its linking part
   apart; p95 latency of full-text search and of the library page (/library through the web app, 50 rows).
3. Peak memory (max RSS of this process and of its worker children).

    python bench/scale.py                 # sizes 100, 1,000, 10,000 (long: run it niced, in the background)
    python bench/scale.py --quick         # sizes 20 and 60 on a few texts, for CI
    python bench/scale.py --texts 1000 --sizes "" --engine ray   # Ray beside local on 1,000 documents
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "quotes-polnear"
PTC = ROOT.parent / "shared" / "corpus" / "propaganda-ptc"
QUERIES = ["Trump", "Clinton campaign", "immigration", "debate", "Republican primary", "email server"]
CLONE_TABLES = ("doc_entities", "mentions", "timexes", "event_mentions", "voices", "quotes")
UNLINKED = {
    "id",
    "doc_id",
    "entity_id",
    "own_id",
    "single_token",
    "event_id",
    "cluster_id",
    "embedding",
}  # linking sets these


def polnear_texts() -> list[Path]:
    return sorted((CORPUS / "train" / "text").glob("*.txt")) + sorted((CORPUS / "dev" / "text").glob("*.txt"))


def news_texts(count: int) -> list[Path]:
    """`count` news texts: PolNeAR's (924), then PTC's articles (sorted names) when more are asked for."""
    paths = polnear_texts()
    if count > len(paths):
        paths += sorted((PTC / "train-articles").glob("*.txt"))
    return paths[:count]


def raws(paths: list[Path]) -> list[object]:
    from dossier.records import RawInput

    return [
        RawInput(source=f"{'ptc' if PTC in p.parents else 'polnear'}/{p.name}", content=p.read_bytes(), kind="text")
        for p in paths
    ]


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def p95(samples: list[float]) -> float:
    return float(np.percentile(samples, 95))


def batch(paths: list[Path], workdir: Path, processes: list[int], ray: bool = False) -> tuple[Path, dict[str, float]]:
    """Bare nlp.pipe vs the whole driver over the same texts; returns the -j 1 store and the numbers."""
    import spacy

    from dossier import collection
    from dossier.annotate.pipeline import BATCH_SIZE, MODEL, built_nlp
    from dossier.errors import DossierError
    from dossier.ingest.pipeline import article_from_raw
    from dossier.store.db import connect

    inputs, texts = [], []
    for raw in raws(paths):
        try:
            texts.append(article_from_raw(raw).text)  # type: ignore[arg-type]
        except DossierError:  # a few texts are too short to be articles: the ingest would refuse them too
            continue
        inputs.append(raw)
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(MODEL)
    nlp = built_nlp()
    list(bare.pipe(texts[:2]))
    collection.ingest_raws(connect(workdir / "warm.db"), inputs[:2], nlp=nlp)  # type: ignore[arg-type]
    numbers: dict[str, float] = {"docs": len(texts), "words": words}
    numbers["bare_1"] = len(texts) / timed(lambda: list(bare.pipe(texts, batch_size=BATCH_SIZE)))
    db_path = workdir / "batch-j1.db"
    seconds = timed(lambda: collection.ingest_raws(connect(db_path), inputs, nlp=nlp))  # type: ignore[arg-type]
    numbers["dossier_1"] = len(texts) / seconds
    for n in (p for p in processes if p > 1):
        numbers[f"bare_{n}"] = len(texts) / timed(lambda: list(bare.pipe(texts, batch_size=BATCH_SIZE, n_process=n)))  # noqa: B023
        path = workdir / f"batch-j{n}.db"
        numbers[f"dossier_{n}"] = len(texts) / timed(
            lambda: collection.ingest_raws(connect(path), inputs, processes=n)  # type: ignore[arg-type]  # noqa: B023
        )
    if ray:
        numbers.update(ray_batch(inputs, workdir, processes))
    return db_path, numbers


def ray_batch(inputs: list[object], workdir: Path, processes: list[int]) -> dict[str, float]:
    """The Ray engine over the same inputs, per -j; Ray is started once first, so its boot is not in the rate."""
    import logging

    import ray

    from dossier import collection
    from dossier.store.db import connect

    started = time.perf_counter()
    ray.init(num_cpus=max(processes), include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    numbers = {"ray_start": time.perf_counter() - started}
    for n in sorted(set(processes)):
        path = workdir / f"ray-j{n}.db"
        numbers[f"ray_{n}"] = len(inputs) / timed(
            lambda: collection.ingest_raws(connect(path), inputs, processes=n, engine="ray")  # type: ignore[arg-type]  # noqa: B023
        )
    ray.shutdown()
    return numbers


def cloned(db: sqlite3.Connection, base: list[str], count: int, start: int, rng: np.random.Generator) -> list[str]:
    """`count` clones of the base documents at the store level (new ids); returns their ids, not yet linked."""
    from dossier.records import claim_id

    made = []
    dim = db.execute("SELECT length(embedding) / 4 FROM claims WHERE embedding IS NOT NULL LIMIT 1").fetchone()[0]
    db.execute("BEGIN IMMEDIATE")
    for k in range(start, start + count):
        source = base[k % len(base)]
        new = f"clone{k:06d}{source[:4]}"
        db.execute(
            "INSERT INTO documents (id, source, version, format, url, title, authors, outlet, published, language, "
            "flags, text, text_sha256, extractor, ingested_at) SELECT ?, 'clone/' || ? || '/' || source, version, "
            "format, url, title || ' (' || ? || ')', authors, outlet, published, language, flags, text, "
            "text_sha256, extractor, ingested_at FROM documents WHERE id = ?",
            (new, k, k, source),
        )
        for table in CLONE_TABLES:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] not in UNLINKED]
            listed = ", ".join(columns)
            # a clone reports its own happenings: its event dates move to a year of its own (same granularity)
            moved = f"printf('%04d', {1000 + k % 1000}) || substr(COALESCE(date, 'XXXX'), 5)"
            picked = ", ".join(moved if c == "date" and table == "event_mentions" else c for c in columns)
            db.execute(
                f"INSERT INTO {table} (doc_id, {listed}) SELECT ?, {picked} FROM {table} WHERE doc_id = ?",
                (new, source),
            )
        claim_columns = [r[1] for r in db.execute("PRAGMA table_info(claims)") if r[1] not in UNLINKED]
        for row in db.execute("SELECT id, start, end FROM claims WHERE doc_id = ?", (source,)).fetchall():
            vector = rng.standard_normal(dim).astype(np.float32)
            vector /= np.linalg.norm(vector)
            db.execute(
                f"INSERT INTO claims (id, doc_id, embedding, {', '.join(claim_columns)}) "
                f"SELECT ?, ?, ?, {', '.join(claim_columns)} FROM claims WHERE id = ?",
                (claim_id(new, row[1], row[2]), new, vector.tobytes(), row[0]),
            )
        db.execute(
            "INSERT INTO annotations (doc_id, pipeline, anchor, annotated_at) "
            "SELECT ?, pipeline, anchor, annotated_at FROM annotations WHERE doc_id = ?",
            (new, source),
        )
        made.append(new)
    db.execute("COMMIT")
    return made


def latencies(db_path: Path, rounds: int) -> tuple[float, float]:
    """p95 of full-text search (store) and of the library page (through the web app), in seconds."""
    from fastapi.testclient import TestClient

    from dossier.store import library
    from dossier.store.db import connect
    from dossier.web.app import create_app

    db = connect(db_path, readonly=True)
    search = []
    for k in range(rounds):
        query = QUERIES[k % len(QUERIES)]
        search.append(timed(lambda: library.search(db, query, limit=20)))  # noqa: B023
    pages = []
    with TestClient(create_app(str(db_path))) as client:
        client.get("/library")
        for k in range(rounds):
            pages.append(timed(lambda: client.get(f"/library?offset={50 * (k % 5)}").raise_for_status()))  # noqa: B023
    db.close()
    return p95(search), p95(pages)


def added_one(db_path: Path, paths: list[Path], nlp: object) -> tuple[float, float]:
    """Median seconds to add one new document (whole driver), and of its linking step alone."""
    from dossier import collection
    from dossier.linking import Linker
    from dossier.store.db import connect

    db = connect(db_path)
    linker = Linker(db)
    linker.index  # noqa: B018  (loaded once per process, as in a long-running ingest or the web app)
    totals, links = [], []
    original_add = linker.add

    def timed_add(doc_id: str) -> None:
        links.append(timed(lambda: original_add(doc_id)))

    linker.add = timed_add  # type: ignore[method-assign]
    for raw in raws(paths):
        totals.append(timed(lambda: collection.ingest_raws(db, [raw], nlp=nlp, linker=linker)))  # type: ignore[arg-type,list-item]  # noqa: B023
    db.close()
    return statistics.median(totals), statistics.median(links)


def grown(db_path: Path, size: int, rng: np.random.Generator) -> float:
    """Clone and link documents until the store holds `size`; returns the seconds spent linking."""
    from dossier.linking import Linker
    from dossier.store.db import connect

    db = connect(db_path)
    have = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    base = [r[0] for r in db.execute("SELECT id FROM documents WHERE id NOT LIKE 'clone%' ORDER BY rowid")]
    linker = Linker(db)
    spent = 0.0
    while have < size:
        step = min(500, size - have)
        for doc_id in cloned(db, base, step, have, rng):
            spent += timed(lambda: linker.add(doc_id))  # noqa: B023
        have += step
    db.close()
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and few texts, for CI")
    parser.add_argument("--texts", type=int, default=None, help="unique texts in the batch stage")
    parser.add_argument("--sizes", type=str, default=None, help="comma-separated collection sizes")
    parser.add_argument("--adds", type=int, default=5, help="new documents added one at a time at each size")
    parser.add_argument("--rounds", type=int, default=60, help="latency samples per measurement")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="ray: also the Ray engine beside the local one"
    )
    args = parser.parse_args()
    n_texts = args.texts or (10 if args.quick else 100)
    if not polnear_texts():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    chosen = ("20,60" if args.quick else "100,1000,10000") if args.sizes is None else args.sizes
    sizes = [int(s) for s in chosen.split(",") if s]  # --sizes "" measures the batch stage only
    adds = 2 if args.quick else args.adds
    rounds = 10 if args.quick else args.rounds
    paths = news_texts(max(n_texts + adds * len(sizes), len(polnear_texts())))
    base, fresh = paths[:n_texts], paths[len(paths) - adds * len(sizes) :]  # added documents are never cloned
    rng = np.random.default_rng(8)
    workdir = Path(tempfile.mkdtemp(prefix="dossier-scale-"))
    try:
        db_path, numbers = batch(base, workdir, [1, args.processes], ray=args.engine == "ray")
        print(f"batch: {int(numbers['docs'])} news texts, {int(numbers['words'])} words")
        for n in (1, args.processes):
            if f"dossier_{n}" in numbers:
                ratio = numbers[f"dossier_{n}"] / numbers[f"bare_{n}"]
                print(
                    f"  -j {n}: Dossier {numbers[f'dossier_{n}']:.2f} docs/s, bare nlp.pipe {numbers[f'bare_{n}']:.2f}"
                    f" docs/s, ratio {ratio:.2f}"
                )
        if f"dossier_{args.processes}" in numbers:
            speed_up = numbers[f"dossier_{args.processes}"] / numbers["dossier_1"]
            print(f"  speed-up with -j {args.processes}: {speed_up:.2f}")
        if "ray_start" in numbers:
            print(f"  ray engine (ray start {numbers['ray_start']:.1f} s, not counted):")
            for n in sorted({1, args.processes}):
                ratio = numbers[f"ray_{n}"] / numbers[f"dossier_{n}"]
                print(f"    -j {n}: {numbers[f'ray_{n}']:.2f} docs/s, ray/local {ratio:.2f}")
        from dossier.annotate.pipeline import built_nlp

        nlp = built_nlp()
        if sizes:
            columns = f"{'add one (s)':>12} {'linking (s)':>12} {'search p95 ms':>14} {'library p95 ms':>15}"
            print(f"\n{'stored':>7} {columns}")
        for k, size in enumerate(sizes):
            grown(db_path, size, rng)
            add, link = added_one(db_path, fresh[k * adds : (k + 1) * adds], nlp)
            search, page = latencies(db_path, rounds)
            print(f"{size:>7} {add:>12.3f} {link:>12.3f} {search * 1000:>14.1f} {page * 1000:>15.1f}", flush=True)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\npeak memory: {own:.0f} MB this process, {children:.0f} MB largest worker")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
