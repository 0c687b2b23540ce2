"""Cross-document events in the store: participants have one shape in both tables, older stores are rewritten."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from dossier.records import Participant
from dossier.store import events
from dossier.store.db import connect
from dossier.store.migrations import MIGRATIONS

TRIPLES = [["actor", "e-khan", "Imran Khan"], ["target", "e-us", "United States"], ["location", "e-isb", "Islamabad"]]


def store_before(path: Path, version: int) -> None:
    """A store as an older Dossier left it: migrations up to `version` only."""
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, step in sorted(MIGRATIONS):
        if number <= version:
            raw.executescript(step())
            raw.execute("INSERT INTO migrations VALUES (?, ?, ?)", (number, name, datetime.now(UTC).isoformat()))
    raw.commit()
    raw.close()


def test_migration_rewrites_event_participants_as_records(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_before(path, 4)
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO events (event_id, type, date, doc_count, mention_count, participants) VALUES (?, ?, ?, ?, ?, ?)",
        ("v1", "DISAPPROVE", "2022-04", 2, 3, json.dumps(TRIPLES)),
    )
    raw.execute(
        "INSERT INTO events (event_id, type, date, doc_count, mention_count, participants) VALUES (?, ?, ?, ?, ?, ?)",
        ("v2", "AGREE", None, 1, 1, "[]"),
    )
    raw.commit()
    raw.close()
    db = connect(path)
    stored = db.execute("SELECT participants FROM events WHERE event_id = 'v1'").fetchone()[0]
    assert json.loads(stored)[0] == {"entity_key": None, "entity_id": "e-khan", "name": "Imran Khan", "role": "actor"}
    found = events.stored_event(db, "v1")
    assert found is not None and [(p.role, p.entity_id, p.name) for p in found.participants] == [
        tuple(t) for t in TRIPLES
    ]
    assert events.stored_event(db, "v2").participants == []  # type: ignore[union-attr]
    only_khan = events.EventFilter(entity_id="e-khan")
    assert events.event_count(db, only_khan) == 1 and events.event_page(db, only_khan)[0][0].event_id == "v1"


def test_participants_column_round_trips_one_shape() -> None:
    people = [Participant(entity_key="PERSON:lu", entity_id="e-lu", name="Donald Lu", role="actor")]
    assert events.participants_from_json(events.participants_json(people)) == people
