"""The vector index over resolved claims: which stored claims a new one could link to.

Exact (a dot product against every live row), so the incremental path finds every candidate the batch path
would; numpy over one float32 matrix, grown in blocks, is fast enough for a single machine's collection.
"""

from __future__ import annotations

import functools

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from dossier.resolve.claims import LINK_REACH, Vectors

GROWTH_ROWS = 4096  # rows added to the matrix at a time, so appending one document does not copy it all


@functools.cache
def one_blas_thread() -> None:
    """These products are small: BLAS threads only spin-wait on a busy machine (83 ms a lookup with 2, 2 with 1)."""
    threadpool_limits(limits=1, user_api="blas")


class ClaimIndex:
    def __init__(self, dim: int = 0) -> None:
        self.ids: list[str] = []
        self.doc_ids: list[str] = []
        self.live = np.zeros(0, dtype=bool)
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._rows: dict[str, int] = {}
        self._by_doc: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return int(self.live.sum())

    def add(self, ids: list[str], doc_ids: list[str], vectors: Vectors) -> None:
        if not ids:
            return
        n = len(self.ids)
        if self._matrix.shape[1] == 0:
            self._matrix = np.zeros((0, vectors.shape[1]), dtype=np.float32)
        if n + len(ids) > self._matrix.shape[0]:
            grow = max(GROWTH_ROWS, len(ids))
            self._matrix = np.vstack([self._matrix, np.zeros((grow, self._matrix.shape[1]), dtype=np.float32)])
            self.live = np.concatenate([self.live, np.zeros(grow, dtype=bool)])
        self._matrix[n : n + len(ids)] = vectors
        self.live[n : n + len(ids)] = True
        for k, (cid, doc) in enumerate(zip(ids, doc_ids, strict=True)):
            self._rows[cid] = n + k
            self._by_doc.setdefault(doc, []).append(cid)
        self.ids += ids
        self.doc_ids += doc_ids

    def is_live(self, claim_id: str) -> bool:
        row = self._rows.get(claim_id)
        return row is not None and bool(self.live[row])

    def drop_documents(self, doc_ids: set[str]) -> list[str]:
        """Take a document's claims out (a newer version replaced it); returns the claim ids dropped."""
        dropped = [cid for doc in sorted(doc_ids) for cid in self._by_doc.pop(doc, [])]
        for cid in dropped:
            self.live[self._rows[cid]] = False
        return dropped

    def near(self, vectors: Vectors, *, exclude_doc: str, reach: float = LINK_REACH) -> set[str]:
        """Live claims of other documents whose cosine to any of `vectors` reaches `reach`."""
        n = len(self.ids)
        if n == 0 or len(vectors) == 0:
            return set()
        one_blas_thread()
        cosine = vectors @ self._matrix[:n].T
        rows = np.flatnonzero((cosine >= reach).any(axis=0) & self.live[:n])
        return {self.ids[r] for r in rows.tolist() if self.doc_ids[r] != exclude_doc}
