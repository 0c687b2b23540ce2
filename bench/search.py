"""Semantic search latency at 10k and 100k sentences: the numpy index Dossier uses (one matrix-vector product
over the stored float32 vectors, top-k by argpartition) beside a naive full sort, in the same run.

The vectors are written to a real store (the `vectors` table, as annotate writes them) and loaded back through
`SemanticIndex.loaded`; queries are real MiniLM embeddings of sentences of the seed articles, the stored vectors
those sentences' embeddings plus noise (so neighbours are realistic without embedding 100k sentences here).
Query embedding time (MiniLM, one short query) is reported on its own line: it does not grow with the store.

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one query at a time on a shared machine: BLAS threads only contend
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from dossier.records import Article
from dossier.resolve.claims import EMBEDDING_MODEL, embeddings
from dossier.semantic import SemanticIndex
from dossier.store import vectors as store
from dossier.store.db import connect
from dossier.store.queries import store_article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
NOISE = 0.35  # spread of the synthetic vectors around the real ones: nearest neighbours stay near, not equal
TOP = 20
DOCS = 1000  # documents the synthetic sentences are spread over
BASE_SENTENCES = 300  # real embeddings the synthetic ones scatter around


def seed_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s) <= 400]


def synthetic_store(path: Path, base: np.ndarray, size: int, rng: np.random.Generator) -> None:
    db = connect(path)
    per_doc = size // DOCS
    for d in range(DOCS):
        text = "x" * (per_doc * 10)
        doc_id = f"{d:016x}"
        store_article(db, Article(id=doc_id, source=f"s{d}.txt", format="text", text=text, extractor="bench"))
        rows = base[rng.integers(0, len(base), per_doc)] + rng.normal(0, NOISE / 20, (per_doc, base.shape[1]))
        rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
        spans = [store.Span("sentence", i * 10, i * 10 + 9, "x") for i in range(per_doc)]
        store.write_vector_batch(db, [(doc_id, spans, rows)], EMBEDDING_MODEL)
    db.close()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measured(index: SemanticIndex, queries: np.ndarray) -> dict[str, tuple[float, float]]:
    ours, naive = [], []
    for q in queries:
        t = time.perf_counter()
        index.nearest(q, limit=TOP)
        ours.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        np.argsort(-(index.matrix.astype(np.float64) @ q.astype(np.float64)))[:TOP]
        naive.append((time.perf_counter() - t) * 1000)
    return {"dossier": percentiles(ours), "naive": percentiles(naive)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(16)
    sentences = seed_sentences()
    base = embeddings(sentences[:BASE_SENTENCES])
    queries = base[rng.integers(0, len(base), args.queries)]
    t = time.perf_counter()
    for s in sentences[:20]:
        embeddings([s])
    print(f"query embedding (MiniLM, one sentence): {(time.perf_counter() - t) * 1000 / 20:.1f} ms mean")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            synthetic_store(path, base, size, rng)
            db = connect(path, readonly=True)
            t = time.perf_counter()
            index = SemanticIndex.loaded(db)
            load = (time.perf_counter() - t) * 1000
            found = measured(index, queries)
            db.close()
        line = "  ".join(f"{k} p50 {v[0]:.2f} ms p95 {v[1]:.2f} ms" for k, v in found.items())
        ratio = found["naive"][1] / max(found["dossier"][1], 1e-9)
        print(f"{len(index.refs):>7} sentences: {line}  (naive/dossier p95 {ratio:.1f}×; index load {load:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
