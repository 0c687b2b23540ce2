"""Relations over time as every reader asks for them (CLI, REST API, export): read the store, compute, filter."""

from __future__ import annotations

from dossier.records import Relation
from dossier.resolve import relations as resolve
from dossier.resolve.affiliation import stored_offices
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
    """Every pair's relation per period (or one pair's, given two entity ids), inside the time window; evidence
    between office holders also counts for the states the text says they act for."""
    names = stored.entity_names(db)
    offices = stored_offices(stored.affiliation_documents(db), names)
    found = resolve.relations(
        stored.relation_events(db), stored.relation_quotes(db), names, granularity=granularity, offices=offices
    )
    if pair is not None:
        found = resolve.between(found, *pair)
    return resolve.in_window(found, date_from, date_to)
