"""Semantic search latency at 10k and 100k sentences, end to end and by part, in the same run:

- `search`: `semantic_search` as the web app and the API call it (index loaded once): the query embedded with the
  packaged MiniLM, ranked, the hits' documents read. Every query is a different sentence, so none is cached.
- `rank`: `SemanticIndex.nearest` alone (bf16 pass, exact float32 re-score of the rows that may be in the top k),
  beside `float32` (one float32 matrix-vector product, top-k by argpartition: the index before bf16) and `naive`
  (a float64 product and a full sort); the three give the same top k.

The vectors are written to a real store (the `vectors` table, as annotate writes them) and loaded back through
`SemanticIndex.loaded`; queries are real MiniLM embeddings of sentences of the seed articles, the stored vectors
those sentences' embeddings plus noise (so neighbours are realistic without embedding 100k sentences here).

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one query at a time on a shared machine: BLAS threads only contend
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from dossier.records import Article
from dossier.resolve.claims import EMBEDDING_MODEL, embeddings
from dossier.semantic import SemanticIndex, query_vector, semantic_search
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


def float32_top(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    scores = matrix @ q
    top = np.argpartition(-scores, TOP - 1)[:TOP]
    return top[np.argsort(-scores[top])]


def naive_top(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    return np.argsort(-(matrix.astype(np.float64) @ q.astype(np.float64)))[:TOP]


def timed(run: Callable[[], object]) -> float:
    t = time.perf_counter()
    run()
    return (time.perf_counter() - t) * 1000


def measured_rank(index: SemanticIndex, queries: np.ndarray) -> dict[str, tuple[float, float]]:
    """Each way over all queries in turn (the naive one's float64 copies would evict the others' data)."""
    m = index.matrix
    for q in queries[:20]:  # the same top k, in the same order, every way
        rows = [i for i, _ in index.nearest(q, limit=TOP)]
        assert rows == float32_top(m, q).tolist() == naive_top(m, q).tolist()
    ours = [timed(partial(index.nearest, q, limit=TOP)) for q in queries]
    f32 = [timed(partial(float32_top, m, q)) for q in queries]
    naive = [timed(partial(naive_top, m, q)) for q in queries[:50]]
    return {"dossier": percentiles(ours), "float32": percentiles(f32), "naive": percentiles(naive)}


def measured_search(db: sqlite3.Connection, index: SemanticIndex, texts: list[str]) -> tuple[float, float]:
    query_vector.cache_clear()  # the same texts were searched at the other size
    return percentiles([timed(partial(semantic_search, db, s, limit=TOP, index=index)) for s in texts])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(16)
    sentences = seed_sentences()
    base = embeddings(sentences[:BASE_SENTENCES])
    queries = base[rng.integers(0, len(base), args.queries)]
    texts = list(dict.fromkeys(sentences))[: args.queries]  # distinct: a repeated query would be a cache hit
    embedding = percentiles([timed(partial(embeddings, [s])) for s in texts[:50]])
    print(f"query embedding (MiniLM, one sentence): p50 {embedding[0]:.2f} ms p95 {embedding[1]:.2f} ms")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            synthetic_store(path, base, size, rng)
            db = connect(path, readonly=True)
            t = time.perf_counter()
            index = SemanticIndex.loaded(db)
            load = (time.perf_counter() - t) * 1000
            found = measured_rank(index, queries)
            search = measured_search(db, index, texts)
            db.close()
        line = "  ".join(f"{k} p50 {v[0]:.2f} ms p95 {v[1]:.2f} ms" for k, v in found.items())
        took = f"search p50 {search[0]:.2f} ms p95 {search[1]:.2f} ms (index load {load:.0f} ms)"
        print(f"{len(index.refs):>7} sentences: {took}")
        print(f"{'':>17} rank: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
