"""The vector index: every stored sentence, claim and quote embedded with the packaged MiniLM, built as documents
are annotated (and, for a store annotated before the index existed, on first use), searched by cosine.

The vectors live in the database (store/vectors.py); a search loads them once into one float32 matrix. Ranking
is exact but reads half the bytes: a large index is scored first on a bfloat16 copy (the product is memory-bound,
so half the bytes is about half the time), every row that could still be in the top k by the bf16 error bound is
re-scored in float32, and those exact scores rank. Measured by bench/search.py (100k sentences: about 6 ms for
the ranking beside 12 ms for the float32 product), so an approximate index (HNSW) would buy nothing a reader
notices and would give up exactness.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from dossier.resolve.claims import EMBEDDING_MODEL, Vectors, embeddings
from dossier.store import vectors as store
from dossier.store.db import Database

Embed = Callable[[Sequence[str]], Vectors]
MAX_HITS = 100
QUERY_CACHE = 256  # recent query embeddings: the web app's next page asks the same query again
COARSE_MIN_ROWS = 20_000  # below this the float32 product takes under 3 ms: a bf16 copy is not worth its memory
# Worst error of a bf16 cosine of unit vectors: matrix, query and result each rounded to 8 significant bits
# (unit roundoff 2^-8, Cauchy-Schwarz bounds the first two by 2^-8 each), fp32 accumulation; measured ≤ 0.0026.
BF16_COSINE_ERROR = 3 * 2.0**-8 + 1e-4


def index_documents(db: Database, doc_ids: Sequence[str], *, embed: Embed = embeddings) -> int:
    """Embed (in one batch) and store the sentences, claims and quotes of these documents; spans indexed."""
    spans = {doc_id: store.indexable_spans(db, doc_id) for doc_id in doc_ids}
    texts = [s.text for found in spans.values() for s in found]
    if not texts:
        return 0
    vectors = embed(texts)
    at, rows = 0, []
    for doc_id, found in spans.items():
        rows.append((doc_id, found, vectors[at : at + len(found)]))
        at += len(found)
    store.write_vector_batch(db, rows, EMBEDDING_MODEL)
    return len(texts)


def indexed(db: Database, *, embed: Embed = embeddings) -> int:
    """Bring the index up to date with the annotated documents (a no-op when it is); spans newly indexed."""
    return index_documents(db, store.unindexed_ids(db, EMBEDDING_MODEL), embed=embed)


@dataclass(frozen=True)
class SemanticHit:
    doc_id: str
    kind: str  # sentence, claim, quote
    start: int
    end: int
    text: str
    score: float  # cosine to the query
    title: str | None
    outlet: str | None
    published: str | None


@dataclass
class SemanticIndex:
    """The vectors of one store, loaded once, searched many times."""

    refs: list[store.VectorRef]
    matrix: Vectors
    _coarse: Any = field(default=None, init=False, repr=False)  # torch bfloat16 copy of matrix, made on first use

    @classmethod
    def loaded(cls, db: Database, *, kinds: Sequence[str] = store.KINDS) -> SemanticIndex:
        refs, matrix = store.vector_matrix(db, EMBEDDING_MODEL, kinds=kinds)
        return cls(refs, matrix)

    def nearest(self, query: Vectors, *, limit: int = 20) -> list[tuple[int, float]]:
        """Row indexes of the `limit` closest vectors with their exact cosine, closest first."""
        if not self.refs or limit <= 0:
            return []
        k = min(limit, len(self.refs))
        rows = self._candidates(query, k) if len(self.refs) >= COARSE_MIN_ROWS else None
        scores = (self.matrix if rows is None else self.matrix[rows]) @ query
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        found = top if rows is None else rows[top]
        return [(int(i), float(s)) for i, s in zip(found, scores[top], strict=True)]

    def _candidates(self, query: Vectors, k: int) -> npt.NDArray[np.intp]:
        """Rows that may be among the k closest: within twice the bf16 error of the k-th bf16 score."""
        import torch

        if self._coarse is None:
            with warnings.catch_warnings():  # the loaded matrix is read-only; the bf16 copy never writes to it
                warnings.simplefilter("ignore", UserWarning)
                self._coarse = torch.from_numpy(self.matrix).to(torch.bfloat16)
        with torch.inference_mode():
            rough = torch.mv(self._coarse, torch.from_numpy(np.array(query, dtype=np.float32)).to(torch.bfloat16))
            scores = rough.float().numpy()
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        return np.flatnonzero(scores >= kth - 2 * BF16_COSINE_ERROR)


@functools.lru_cache(maxsize=QUERY_CACHE)
def query_vector(query: str, embed: Embed = embeddings) -> Vectors:
    """The query's embedding, kept for the next page of the same search (read-only: it is shared)."""
    vector = np.array(embed([query])[0], dtype=np.float32)
    vector.setflags(write=False)
    return vector


def semantic_search(
    db: Database,
    query: str,
    *,
    limit: int = 20,
    kinds: Sequence[str] = store.KINDS,
    embed: Embed = embeddings,
    index: SemanticIndex | None = None,
) -> list[SemanticHit]:
    """Sentences, claims and quotes closest in meaning to the query; one hit per span, best first."""
    if not query.strip():
        return []
    index = index or SemanticIndex.loaded(db, kinds=kinds)
    wanted = set(kinds)
    hits: list[SemanticHit] = []
    seen: set[tuple[str, str]] = set()
    heads: dict[str, store.DocumentHead] = {}
    for row, score in index.nearest(query_vector(query, embed), limit=min(MAX_HITS, limit) * len(store.KINDS)):
        ref = index.refs[row]
        if ref.kind not in wanted:
            continue
        if ref.doc_id not in heads:
            heads.update(store.document_heads(db, [ref.doc_id]))
        head = heads[ref.doc_id]
        key = (ref.doc_id, " ".join(head.text[ref.start : ref.end].split()))
        if key in seen:
            continue  # a sentence that is also a claim or a quote is shown once, as its best-ranked kind
        seen.add(key)
        hits.append(
            SemanticHit(
                doc_id=ref.doc_id, kind=ref.kind, start=ref.start, end=ref.end, text=head.text[ref.start : ref.end],
                score=round(score, 4), title=head.title, outlet=head.outlet, published=head.published,
            )
        )  # fmt: skip
        if len(hits) >= limit:
            break
    return hits
