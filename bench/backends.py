"""PostgreSQL beside SQLite: the whole driver (extract → store → annotate → link) into each, then search latency.

K PolNeAR texts (../shared/corpus/quotes-polnear, sorted names, read in place) are ingested with the default
engine into a fresh SQLite file and into a fresh schema of the PostgreSQL server given, with the same loaded
pipeline, warmed on two documents first (so the difference is the store). Then, on each: full-text search
p50/p95 (store, ranked with snippets), the library page p95 (through the web app) and semantic search p95
(vectors loaded once, distinct queries).

    scripts/postgres.sh start  # prints the URL
    python bench/backends.py --docs 40 --postgres postgresql://postgres@127.0.0.1:55432/dossier
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale import QUERIES, polnear_texts, raws  # noqa: E402

SEMANTIC = ["the candidate attacked his rival", "voters are worried about jobs", "a leaked email investigation"]


def percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    return f"p50 {np.percentile(ms, 50):6.1f} ms  p95 {np.percentile(ms, 95):6.1f} ms"


def measured(target: str, inputs: list[object], nlp: object, rounds: int) -> None:
    from fastapi.testclient import TestClient

    from dossier import collection
    from dossier.semantic import SemanticIndex, semantic_search
    from dossier.store import library
    from dossier.store.db import connect
    from dossier.web.app import create_app

    db = connect(target)
    started = time.perf_counter()
    report = collection.ingest_raws(db, inputs, nlp=nlp)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    assert report.annotate.done == len(inputs), report.annotate.failed
    print(f"  ingest   {len(inputs)} docs in {seconds:6.1f} s: {len(inputs) / seconds:.2f} docs/s")
    db.close()
    db = connect(target, readonly=True)
    search = []
    for k in range(rounds):
        started = time.perf_counter()
        library.search(db, QUERIES[k % len(QUERIES)], limit=20)
        search.append(time.perf_counter() - started)
    print(f"  search   {percentiles(search)}")
    index = SemanticIndex.loaded(db)
    semantic_search(db, SEMANTIC[0], index=index)  # the model loads once, outside the samples
    meaning = []
    for k in range(rounds):
        started = time.perf_counter()
        semantic_search(db, f"{SEMANTIC[k % len(SEMANTIC)]} {k}", index=index)  # distinct: no cached embedding
        meaning.append(time.perf_counter() - started)
    print(f"  semantic {percentiles(meaning)}  ({len(index.refs)} vectors)")
    pages = []
    with TestClient(create_app(target)) as client:
        client.get("/library")
        for k in range(rounds):
            started = time.perf_counter()
            client.get(f"/library?offset={10 * (k % 4)}").raise_for_status()
            pages.append(time.perf_counter() - started)
    print(f"  library  {percentiles(pages)}")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="How many PolNeAR texts (default 40).")
    parser.add_argument("--postgres", required=True, help="A PostgreSQL server URL (a fresh schema is used).")
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    import psycopg

    from dossier.annotate.pipeline import built_nlp
    from dossier.store.postgres import close_pools

    inputs = raws(polnear_texts()[: args.docs])
    nlp = built_nlp()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # a generated name
    sep = "&" if "?" in args.postgres else "?"
    postgres = f"{args.postgres}{sep}options={quote(f'-csearch_path={schema}')}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            from dossier import collection
            from dossier.store.db import connect

            collection.ingest_raws(connect(Path(tmp) / "warm.db"), inputs[:2], nlp=nlp)  # type: ignore[arg-type]
            for name, target in (("sqlite", str(Path(tmp) / "b.db")), ("postgresql", postgres)):
                print(name)
                measured(target, inputs, nlp, args.rounds)
    finally:
        close_pools()
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
