"""The vector index ranks exactly: the bf16 pass of a large index only picks the rows re-scored in float32."""

from __future__ import annotations

import numpy as np

from dossier.semantic import COARSE_MIN_ROWS, SemanticIndex, query_vector
from dossier.store.vectors import VectorRef


def _index(matrix: np.ndarray) -> SemanticIndex:
    return SemanticIndex([VectorRef(f"{i:016x}", "sentence", 0, 1) for i in range(len(matrix))], matrix)


def test_semantic_index_ranks_a_large_index_exactly_through_near_ties() -> None:
    rng = np.random.default_rng(7)
    centre = rng.normal(size=384)
    # near-duplicates of one sentence: cosines to the query a few thousandths apart, finer than bf16 resolves
    rows = np.vstack([centre + rng.normal(0, 0.02, (5000, 384)), rng.normal(size=(COARSE_MIN_ROWS, 384))])
    matrix = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    index = _index(matrix)
    aside = rng.normal(size=384)  # a query at cosine ~0.3 to all of them: hundreds of rows within bf16 error
    for q in (centre, 0.3 * centre + aside, rng.normal(size=384)):
        query = (q / np.linalg.norm(q)).astype(np.float32)
        exact = matrix.astype(np.float64) @ query.astype(np.float64)
        found = index.nearest(query, limit=50)
        rows, scores = [i for i, _ in found], [s for _, s in found]
        assert np.allclose(scores, exact[rows], atol=1e-6)  # each row's own cosine, not its bf16 estimate
        assert np.allclose(scores, np.sort(exact)[::-1][:50], atol=1e-6)  # and the 50 best, in order


def test_semantic_index_small_and_empty_limits() -> None:
    matrix = np.eye(4, dtype=np.float32)
    index = _index(matrix)
    assert index.nearest(matrix[2], limit=10)[0] == (2, 1.0)
    assert len(index.nearest(matrix[2], limit=10)) == 4
    assert index.nearest(matrix[2], limit=0) == []


def test_query_vector_is_embedded_once_per_query() -> None:
    calls: list[str] = []

    def embed(texts: object) -> np.ndarray:
        calls.extend(list(texts))  # type: ignore[call-overload]
        return np.ones((1, 4), dtype=np.float32) / 2

    first = query_vector("who ousted Khan", embed)
    assert query_vector("who ousted Khan", embed) is first and calls == ["who ousted Khan"]
    assert not first.flags.writeable


def test_one_query_embeds_as_sentence_transformers_encodes_it() -> None:
    from dossier.resolve import claims
    from dossier.resolve.claims import _encoded, embeddings, single_encoder

    assert single_encoder() is not None  # the direct path is in use with the packaged model and libraries
    for text in ("  Washington wanted Khan gone ", "Inflation hit 46 percent?", "The ouster was planned. " * 80):
        with claims._RECENT_LOCK:  # an earlier test may have embedded the text in a padded batch: not this path
            claims._RECENT.pop(text, None)
        np.testing.assert_allclose(embeddings([text]), _encoded([text]), rtol=0, atol=1e-6)
