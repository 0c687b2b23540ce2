"""Reading cross-document events: filtered pages counted in SQL, one event, its mentions with their sentences.

Participants are stored as `Participant` records in both the events and the event_mentions tables (migration 5
rewrote the `[role, entity id, name]` triples events rows held before).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dossier.records import Event, Participant
from dossier.store.db import Database, Row

DATED = "e.date GLOB '[0-9]*'"  # a calendar date (2022-04-10, 2021-08, 197 for the 1970s), not PRESENT_REF
DATE_CUT = "substr(e.date, 1, length(?))"  # dates compared at the coarser of the two granularities


def participants_from_json(stored: str) -> list[Participant]:
    """A participants column (events or event_mentions) as records."""
    return [Participant(**p) for p in json.loads(stored)]


def participants_json(found: list[Participant]) -> str:
    """Participants as a column value, the same shape in both tables."""
    return json.dumps([p.model_dump() for p in found], ensure_ascii=False)


def event_from_row(r: Row) -> Event:
    return Event(
        event_id=r["event_id"], type=r["type"], date=r["date"], participants=participants_from_json(r["participants"]),
        doc_count=r["doc_count"], mention_count=r["mention_count"],
    )  # fmt: skip


@dataclass(frozen=True)
class EventFilter:
    entity_id: str | None = None  # a participant, in any role
    types: tuple[str, ...] = ()  # PLOVER types
    dated: bool = False  # only events with a calendar date
    date_from: str | None = None  # prefix comparison, as in the library
    date_to: str | None = None


@dataclass(frozen=True)
class FirstReport:
    """Where an event is first reported (document order), for linking it into the reader."""

    doc_id: str
    trigger_start: int


def _where(f: EventFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if f.entity_id:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(e.participants) p WHERE json_extract(p.value, '$.entity_id') = ?)"
        )
        args.append(f.entity_id)
    if f.types:
        clauses.append("e.type IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(f.types)))
    if f.dated or f.date_from or f.date_to:
        clauses.append(DATED)
    if f.date_from:
        clauses.append(f"{DATE_CUT} >= substr(?, 1, length(e.date))")
        args += [f.date_from, f.date_from]
    if f.date_to:
        clauses.append(f"{DATE_CUT} <= substr(?, 1, length(e.date))")
        args += [f.date_to, f.date_to]
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), args


def event_count(db: Database, f: EventFilter = EventFilter()) -> int:
    where, args = _where(f)
    return int(db.execute(f"SELECT COUNT(*) FROM events e {where}", args).fetchone()[0])


def event_page(
    db: Database, f: EventFilter = EventFilter(), *, limit: int = 50, offset: int = 0
) -> list[tuple[Event, FirstReport | None]]:
    """Events (dated ones in date order, then undated), each with its first report."""
    where, args = _where(f)
    rows = db.execute(
        "SELECT e.*, (SELECT m.doc_id FROM event_mentions m WHERE m.event_id = e.event_id "
        "ORDER BY m.doc_id, m.trigger_start LIMIT 1) AS first_doc, "
        "(SELECT m.trigger_start FROM event_mentions m WHERE m.event_id = e.event_id "
        f"ORDER BY m.doc_id, m.trigger_start LIMIT 1) AS first_start FROM events e {where} "
        "ORDER BY e.date IS NULL, e.date, e.type, e.event_id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    return [
        (event_from_row(r), FirstReport(r["first_doc"], r["first_start"]) if r["first_doc"] is not None else None)
        for r in rows
    ]


def all_events(db: Database) -> list[Event]:
    """Every cross-document event, dated ones first in date order."""
    return [event_from_row(r) for r in db.execute("SELECT * FROM events ORDER BY date IS NULL, date, type, event_id")]


def stored_event(db: Database, event_id: str) -> Event | None:
    row = db.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return event_from_row(row) if row else None


def event_types(db: Database) -> list[str]:
    """The PLOVER types present in the collection."""
    return [r[0] for r in db.execute("SELECT DISTINCT type FROM events ORDER BY type")]


@dataclass(frozen=True)
class ReportedMention:
    """One mention of a cross-document event with the sentence that reports it and where it was published."""

    event_id: str
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    mode: str
    date: str | None
    trigger: tuple[int, int]
    sentence_span: tuple[int, int]
    sentence: str


def reported_mentions(db: Database, event_ids: list[str]) -> list[ReportedMention]:
    """Every mention of the given events, earliest publication first, then document and text order."""
    rows = db.execute(
        "SELECT m.event_id, m.doc_id, d.title, d.outlet, d.published, m.mode, m.date, m.trigger_start, "
        "m.trigger_end, m.sentence_start, m.sentence_end, "
        "substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence "
        "FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
        "WHERE m.event_id IN (SELECT value FROM json_each(?)) ORDER BY d.published IS NULL, d.published, m.doc_id, "
        "m.trigger_start",
        (json.dumps(event_ids),),
    ).fetchall()
    return [_reported(r) for r in rows]


def mentions_in_document_order(db: Database, event_id: str) -> list[ReportedMention]:
    """One event's mentions by document id then text position (the order the export lists them)."""
    rows = db.execute(
        "SELECT m.event_id, m.doc_id, d.title, d.outlet, d.published, m.mode, m.date, m.trigger_start, "
        "m.trigger_end, m.sentence_start, m.sentence_end, '' AS sentence "
        "FROM event_mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ? "
        "ORDER BY m.doc_id, m.trigger_start",
        (event_id,),
    ).fetchall()
    return [_reported(r) for r in rows]


def _reported(r: Row) -> ReportedMention:
    return ReportedMention(
        event_id=r["event_id"], doc_id=r["doc_id"], title=r["title"], outlet=r["outlet"], published=r["published"],
        mode=r["mode"], date=r["date"], trigger=(r["trigger_start"], r["trigger_end"]),
        sentence_span=(r["sentence_start"], r["sentence_end"]), sentence=r["sentence"],
    )  # fmt: skip
