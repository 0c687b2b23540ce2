"""Relations over time as every reader asks for them (CLI, REST API, export): read the store, compute, filter."""

from __future__ import annotations

from dossier.records import Relation
from dossier.resolve import relations as resolve
from dossier.store import relations as stored
from dossier.store.db import Database


def stored_relations(
    db: Database,
    *,
    pair: tuple[str, str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    granularity: resolve.Granularity = "month",
) -> list[Relation]:
    """Every pair's relation per period (or one pair's, given two entity ids), inside the time window."""
    found = resolve.relations(
        stored.relation_events(db), stored.relation_quotes(db), stored.entity_names(db), granularity=granularity
    )
    if pair is not None:
        found = resolve.between(found, *pair)
    return resolve.in_window(found, date_from, date_to)
