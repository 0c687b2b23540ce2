"""Small reads the CLI needs to explain itself: which documents an id prefix could mean, how claims cluster."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.records import ArticleMeta
from dossier.store.db import Database
from dossier.store.library import META_COLUMNS, meta_from_row

CANDIDATES = 10  # an ambiguous prefix lists this many documents; more means the prefix is far too short


def documents_by_prefix(db: Database, prefix: str, *, limit: int = CANDIDATES) -> list[ArticleMeta]:
    """Documents whose id starts with `prefix`, newest first (every version: ids are per version)."""
    rows = db.execute(
        f"SELECT {META_COLUMNS} FROM documents d WHERE substr(d.id, 1, length(?)) = ? "
        "ORDER BY d.published IS NULL, d.published DESC, d.id LIMIT ?",
        (prefix, prefix, limit),
    ).fetchall()
    return [meta_from_row(r) for r in rows]


@dataclass(frozen=True)
class ClusterCounts:
    clusters: int  # every claim is in one
    reported_twice: int  # clusters with claims from at least two documents: the only ones that can be contested
    contested: int  # of those, where numbers, dates or negation disagree


def cluster_counts(db: Database) -> ClusterCounts:
    row = db.execute(
        "SELECT COUNT(*), coalesce(SUM(CASE WHEN doc_count >= 2 THEN 1 ELSE 0 END), 0), coalesce(SUM(contested), 0) "
        "FROM claim_clusters"
    ).fetchone()
    return ClusterCounts(int(row[0]), int(row[1]), int(row[2]))
