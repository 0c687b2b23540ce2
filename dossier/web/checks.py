"""Claim checks and semantic search for the web app and the API: the vector index is brought up to date once (when
the store can be written), loaded once per app and reloaded only when the store's vectors change."""

from __future__ import annotations

import threading
from typing import Any

from dossier.records import ClaimCheck
from dossier.store.db import STORE_FAILURES, Database, connect
from dossier.store.vectors import KINDS, vector_stamp
from dossier.web.errors import BadRequest
from dossier.web.links import doc_href
from dossier.web.schemas import SemanticHitOut

MAX_CLAIMS = 20  # claims per request: each costs an embedding and up to a few hundred model rows
MAX_CLAIM_CHARS = 1000  # a claim is a sentence or two; a pasted article is not a claim
_lock = threading.Lock()


def _index(state: Any, db: Database, kinds: tuple[str, ...]) -> Any:
    """The app's loaded index of these kinds, fresh for the store as it is now."""
    from dossier.semantic import SemanticIndex, indexed

    with _lock:
        if not getattr(state, "vectors_indexed", False):
            try:
                writer = connect(state.db_path)
                try:
                    indexed(writer)
                finally:
                    writer.close()
            except STORE_FAILURES:
                pass  # a store we may not write is searched as it is
            state.vectors_indexed = True
        cache: dict[tuple[str, ...], tuple[tuple[int, int], Any]] = getattr(state, "vector_indexes", {})
        stamp = vector_stamp(db)
        found = cache.get(kinds)
        if found is None or found[0] != stamp:
            found = (stamp, SemanticIndex.loaded(db, kinds=kinds))
            cache[kinds] = found
            state.vector_indexes = cache
        return found[1]


def claim_checks_for(state: Any, db: Database, claims: list[str]) -> list[ClaimCheck]:
    """Check each claim (in order) against the collection."""
    from dossier.checking import claim_checks

    texts = [c.strip() for c in claims]
    if not texts or any(not c for c in texts):
        raise BadRequest("every claim must be non-empty text")
    if len(texts) > MAX_CLAIMS:
        raise BadRequest(f"at most {MAX_CLAIMS} claims per request (got {len(texts)})")
    if any(len(c) > MAX_CLAIM_CHARS for c in texts):
        raise BadRequest(f"a claim is at most {MAX_CLAIM_CHARS} characters")
    index = _index(state, db, KINDS)
    return claim_checks(db, texts, index=index, update_index=False)


def semantic_hits(state: Any, db: Database, query: str, *, limit: int) -> list[SemanticHitOut]:
    """Sentences, claims and quotes closest in meaning to the query."""
    from dossier.semantic import semantic_search

    index = _index(state, db, KINDS)
    return [
        SemanticHitOut(
            doc_id=h.doc_id,
            kind=h.kind,
            start=h.start,
            end=h.end,
            text=h.text,
            score=h.score,
            title=h.title,
            outlet=h.outlet,
            published=h.published,
            href=doc_href(h.doc_id, None),
        )
        for h in semantic_search(db, query, limit=limit, index=index)
    ]
