"""`dossier check`: claims checked against the stored collection (the store read, the index brought up to date,
the pure check in resolve/check.py run per claim)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dossier.records import ClaimCheck
from dossier.resolve.check import CandidateDoc, Holder, candidate_ids, checked
from dossier.resolve.claims import embeddings
from dossier.resolve.stance import StanceModel, stance_model
from dossier.semantic import Embed, SemanticIndex, indexed
from dossier.store import vectors as store
from dossier.store.db import Database


def claim_checks(
    db: Database,
    claims: Sequence[str],
    *,
    embed: Embed = embeddings,
    model: StanceModel | None = None,
    index: SemanticIndex | None = None,
    update_index: bool = True,
) -> list[ClaimCheck]:
    """One check per claim, in order; the vector index is brought up to date first unless told not to (read-only)."""
    if index is None:
        if update_index:
            indexed(db, embed=embed)
        index = SemanticIndex.loaded(db)
    model = model or stance_model()
    queries = embed(list(claims)) if claims else np.zeros((0, 0), dtype=np.float32)
    rows: dict[str, list[int]] = {}
    for k, ref in enumerate(index.refs):
        rows.setdefault(ref.doc_id, []).append(k)
    doc_ids = [r.doc_id for r in index.refs]
    cache: dict[str, CandidateDoc] = {}
    found = []
    for claim, vector in zip(claims, queries, strict=True):
        wanted = candidate_ids(vector, doc_ids, index.matrix)
        for doc_id in wanted:
            if doc_id not in cache:
                cache[doc_id] = _candidate(db, doc_id, rows[doc_id], index)
        found.append(checked(claim, vector, [cache[d] for d in wanted if d in cache], model))
    return found


def _candidate(db: Database, doc_id: str, rows: list[int], index: SemanticIndex) -> CandidateDoc:
    head = store.document_heads(db, [doc_id])[doc_id]
    voices = {(s.start, s.end): s.voice for s in store.sentences_of(db, doc_id)}
    sentence_rows = [k for k in rows if index.refs[k].kind == "sentence"]
    span_rows = [k for k in rows if index.refs[k].kind != "sentence"]
    sentences = [
        (r.start, r.end, head.text[r.start : r.end], voices.get((r.start, r.end), "author"))
        for r in (index.refs[k] for k in sentence_rows)
    ]
    spans = [(r.start, r.end, head.text[r.start : r.end], r.kind) for r in (index.refs[k] for k in span_rows)]
    holders = [Holder(h.start, h.end, h.holder, h.voice, h.claim_id) for h in store.holdings(db, doc_id)]
    return CandidateDoc(
        doc_id=doc_id, source=head.source, title=head.title, outlet=head.outlet, published=head.published,
        sentences=sentences, vectors=index.matrix[sentence_rows], holders=holders, spans=spans,
        span_vectors=index.matrix[span_rows],
    )  # fmt: skip
