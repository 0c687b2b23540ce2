"""The Ray engine beside the local one: the whole driver (extract → store → annotate → link) on the same texts.

K PolNeAR texts (../shared/corpus/quotes-polnear train, sorted names, read in place) are ingested into a fresh
store with `engine="local"` and `engine="ray"`, with -j 1 and -j 2; each run loads its own models (the local
in-process pipeline or pool workers, the Ray actors), as a `dossier ingest` does. Ray is started once beforehand
(its start-up is printed apart), so the ratio is the engines' throughput, not Ray's boot.

    python bench/engines.py --docs 40
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale import polnear_texts, raws  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="How many PolNeAR texts (default 40).")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--postgres", help="Write to fresh schemas of this PostgreSQL server instead of SQLite.")
    args = parser.parse_args()
    import ray

    from dossier import collection
    from dossier.store.db import connect

    inputs = raws(polnear_texts()[: args.docs])
    started = time.perf_counter()
    ray.init(num_cpus=max(args.processes), include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    print(f"ray start: {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.processes:
            rate: dict[str, float] = {}
            for engine in ("local", "ray"):
                db = connect(_schema(args.postgres) if args.postgres else Path(tmp) / f"{engine}-j{n}.db")
                started = time.perf_counter()
                report = collection.ingest_raws(db, inputs, processes=n, engine=engine)  # type: ignore[arg-type]
                seconds = time.perf_counter() - started
                assert not report.annotate.failed, report.annotate.failed
                done = report.annotate.done  # PolNeAR repeats a few texts: a repeat is stored once, annotated once
                rate[engine] = done / seconds
                print(f"-j {n} {engine:<5} {done} docs in {seconds:6.1f} s: {rate[engine]:.2f} docs/s")
            print(f"-j {n} ray/local: {rate['ray'] / rate['local']:.2f}")
    ray.shutdown()


def _schema(server: str) -> str:
    """A URL whose connections see a new, empty schema of the server (left for inspection; drop it by hand)."""
    import uuid
    from urllib.parse import quote

    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # a generated name
    return f"{server}{'&' if '?' in server else '?'}options={quote(f'-csearch_path={schema}')}"


if __name__ == "__main__":
    main()
