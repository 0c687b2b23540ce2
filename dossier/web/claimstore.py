"""Claims, when the store has them: `dossier.store.claims` may be missing (older install) or the database may
predate the claims tables (a read-only open migrates nothing). Either way the pages say claims are not available
instead of failing."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from dossier.records import Claim, ClaimCluster
from dossier.store.db import Database, has_table

UNAVAILABLE = "Claims are not available in this database yet (run `dossier annotate` with a version that finds claims)."


def _module() -> ModuleType | None:
    try:
        return importlib.import_module("dossier.store.claims")
    except ImportError:
        return None


def has_claims(db: Database) -> bool:
    if _module() is None:
        return False
    return has_table(db, "claim_clusters")


def claims_of(db: Database, doc_id: str) -> list[Claim] | None:
    """One document's claims, or None when claims are not available at all."""
    module = _module()
    if module is None or not has_claims(db):
        return None
    found: list[Claim] = module.claims_of(db, doc_id)
    return found


def claim_clusters(db: Database, **filters: Any) -> list[ClaimCluster] | None:
    """Stored clusters (see dossier.store.claims.claim_clusters), or None when claims are not available."""
    module = _module()
    if module is None or not has_claims(db):
        return None
    clusters: list[ClaimCluster] = module.claim_clusters(db, **filters)
    return clusters


def cluster_count(db: Database, **filters: Any) -> int | None:
    """How many stored clusters match (see dossier.store.claims.cluster_count), or None without claims."""
    module = _module()
    if module is None or not has_claims(db):
        return None
    found: int = module.cluster_count(db, **filters)
    return found
