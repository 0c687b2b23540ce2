"""The vector index: every stored sentence, claim and quote embedded with the packaged MiniLM, built as documents
are annotated (and, for a store annotated before the index existed, on first use), searched by cosine.

The vectors live in the database (store/vectors.py); a search loads them once into one float32 matrix and ranks
by one matrix-vector product. Measured by bench/search.py: at 100k sentences that is a few milliseconds, so an
approximate index (HNSW) would buy nothing a reader notices and would cost a second copy of the vectors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dossier.resolve.claims import EMBEDDING_MODEL, Vectors, embeddings
from dossier.store import vectors as store

Embed = Callable[[Sequence[str]], Vectors]
MAX_HITS = 100


def index_documents(db: sqlite3.Connection, doc_ids: Sequence[str], *, embed: Embed = embeddings) -> int:
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


def indexed(db: sqlite3.Connection, *, embed: Embed = embeddings) -> int:
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

    @classmethod
    def loaded(cls, db: sqlite3.Connection, *, kinds: Sequence[str] = store.KINDS) -> SemanticIndex:
        refs, matrix = store.vector_matrix(db, EMBEDDING_MODEL, kinds=kinds)
        return cls(refs, matrix)

    def nearest(self, query: Vectors, *, limit: int = 20) -> list[tuple[int, float]]:
        """Row indexes of the `limit` closest vectors with their cosine, closest first."""
        if not self.refs or limit <= 0:
            return []
        scores = self.matrix @ query
        k = min(limit, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return [(int(i), float(scores[i])) for i in top[np.argsort(-scores[top])]]


def semantic_search(
    db: sqlite3.Connection,
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
    for row, score in index.nearest(embed([query])[0], limit=min(MAX_HITS, limit) * len(store.KINDS)):
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
