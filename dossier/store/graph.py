"""Reading what the actor graph is drawn from: event mentions with their participants, quotes that name an
entity, and the names of the entities at the ends of the edges."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from dossier.records import Participant
from dossier.store.db import Database, Row
from dossier.store.events import participants_from_json


@dataclass(frozen=True)
class EdgeEvent:
    """One event mention as evidence for edges between its participants."""

    doc_id: str
    title: str | None
    type: str
    mode: str
    trigger_start: int
    sentence_start: int
    sentence: str
    participants: list[Participant]
    date: str | None = None  # the mention's TIMEX3 date, for a time window


@dataclass(frozen=True)
class EdgeQuote:
    """One quote whose speaker names another entity inside what is said."""

    doc_id: str
    title: str | None
    start: int
    text: str
    speaker_id: str
    about_id: str
    published: str | None = None  # the document's publication date, for a time window


def edge_events(db: Database, modes: Iterable[str]) -> list[EdgeEvent]:
    """Event mentions in the given modes, in document and text order, with their sentence."""
    rows = db.execute(
        "SELECT m.doc_id, d.title, m.type, m.mode, m.trigger_start, m.sentence_start, m.participants, m.date, "
        "substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence "
        "FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
        "WHERE m.mode IN (SELECT value FROM json_each(?)) ORDER BY m.doc_id, m.trigger_start, m.id",
        (json.dumps(list(modes)),),
    ).fetchall()
    return [_edge_event(r) for r in rows]


def _edge_event(r: Row) -> EdgeEvent:
    return EdgeEvent(
        doc_id=r["doc_id"], title=r["title"], type=r["type"], mode=r["mode"], trigger_start=r["trigger_start"],
        sentence_start=r["sentence_start"], sentence=r["sentence"],
        participants=participants_from_json(r["participants"]), date=r["date"],
    )  # fmt: skip


def edge_quotes(db: Database) -> list[EdgeQuote]:
    """Quotes by a resolved speaker naming another resolved entity, once per (quote, entity)."""
    rows = db.execute(
        "SELECT DISTINCT q.doc_id, d.title, q.start, q.text, q.speaker_entity_id AS speaker, de.entity_id AS about, "
        "d.published "
        "FROM quotes q JOIN mentions m ON m.doc_id = q.doc_id AND m.start >= q.start AND m.end <= q.end "
        "JOIN doc_entities de ON de.doc_id = m.doc_id AND de.key = m.entity_key "
        "JOIN documents d ON d.id = q.doc_id "
        "WHERE q.speaker_entity_id IS NOT NULL AND de.entity_id IS NOT NULL AND de.entity_id != q.speaker_entity_id "
        "ORDER BY q.doc_id, q.start"
    ).fetchall()
    return [
        EdgeQuote(r["doc_id"], r["title"], r["start"], r["text"], r["speaker"], r["about"], r["published"])
        for r in rows
    ]


def dated_years(db: Database) -> tuple[int, int] | None:
    """The first and last year an event mention is dated in, for the graph's time slider."""
    row = db.execute(
        "SELECT min(substr(date, 1, 4)), max(substr(date, 1, 4)) FROM event_mentions "
        "WHERE date GLOB '[0-9][0-9][0-9][0-9]*'"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row and row[0] else None


def entity_labels(db: Database, entity_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """entity id → (name, type) for the given entities."""
    rows = db.execute(
        "SELECT entity_id, name, type FROM entities WHERE entity_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(entity_ids))),),
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}
