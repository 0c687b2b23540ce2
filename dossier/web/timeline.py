"""The timeline: dated events across the collection as bands at the granularity the text gave, with mentions."""

from __future__ import annotations

import json
import sqlite3

from dossier.store import annotations as notes
from dossier.web.errors import BadRequest, NotFound, checked_date
from dossier.web.links import PLOVER_TYPES, doc_href, doc_titles, entity_ref, participants, polarity, with_query
from dossier.web.schemas import EntityRef, EventDetail, EventOut, MentionOut, Page, TimelineEvent, TimelineOut
from dossier.web.timebands import date_band

MENTIONS_PER_EVENT = 20  # an event reported more often than this is listed by its first reports


def checked_types(types: list[str] | None) -> set[str]:
    """Event types from repeated or comma-separated parameters, upper-cased; a 400 for unknown ones."""
    wanted = {t.strip().upper() for value in types or [] for t in value.split(",") if t.strip()}
    unknown = wanted - set(PLOVER_TYPES)
    if unknown:
        raise BadRequest(f"unknown event type {', '.join(sorted(unknown))}; use one of {', '.join(PLOVER_TYPES)}")
    return wanted


def resolved_entity(db: sqlite3.Connection, name: str | None) -> EntityRef | None:
    if not name:
        return None
    found = notes.find_entity(db, name)
    if found is None:
        raise NotFound(f"no entity named {name!r}")
    return entity_ref(found)


def mentions_of(db: sqlite3.Connection, event_ids: list[str]) -> dict[str, list[MentionOut]]:
    """Every mention of the given events, in document then text order, with the sentence that reports it."""
    titles = doc_titles(db)
    rows = db.execute(
        "SELECT m.event_id, m.doc_id, m.mode, m.date, m.trigger_start, "
        "substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence "
        "FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
        "WHERE m.event_id IN (SELECT value FROM json_each(?)) ORDER BY d.published IS NULL, d.published, m.doc_id, "
        "m.trigger_start",
        (json.dumps(event_ids),),
    ).fetchall()
    found: dict[str, list[MentionOut]] = {}
    for r in rows:
        title, outlet, _ = titles.get(r["doc_id"], (None, None, None))
        found.setdefault(r["event_id"], []).append(
            MentionOut(
                doc_id=r["doc_id"], title=title, outlet=outlet, sentence=r["sentence"].strip(), mode=r["mode"],
                date=r["date"], href=doc_href(r["doc_id"], f"ev-{r['trigger_start']}"),
            )
        )  # fmt: skip
    return found


def timeline_data(
    db: sqlite3.Connection,
    *,
    entity: str | None = None,
    types: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> TimelineOut:
    """Dated events in chronological order, filtered by participant entity, PLOVER type and date range."""
    wanted = checked_types(types)
    date_from, date_to = checked_date("from", date_from), checked_date("to", date_to)
    ref = resolved_entity(db, entity)
    entries = notes.timeline(db, entity_id=ref.entity_id if ref else None, date_from=date_from, date_to=date_to)
    entries = [e for e in entries if not wanted or e.type in wanted]
    mentions = mentions_of(db, [e.event_id for e in entries])
    events = []
    for e in entries:
        band = date_band(e.date)
        if band is None:
            continue
        events.append(
            TimelineEvent(
                event_id=e.event_id, type=e.type, polarity=polarity(e.type), date=e.date, start=band.start,
                end=band.end, granularity=band.granularity, date_label=band.label,
                participants=participants(json.dumps(e.participants)), doc_count=e.doc_count, modes=e.modes,
                evidence=" ".join(e.evidence.split()), href=doc_href(e.doc_id, f"ev-{e.trigger[0]}"),
                mentions=mentions.get(e.event_id, [])[:MENTIONS_PER_EVENT],
            )
        )  # fmt: skip
    present = sorted({r[0] for r in db.execute("SELECT DISTINCT type FROM events")})
    filters = {"entity": entity, "type": ",".join(sorted(wanted)), "from": date_from, "to": date_to}
    return TimelineOut(events=events, types=present, entity=ref, filters={k: v for k, v in filters.items() if v})


def _event_out(row: sqlite3.Row, first_href: str | None) -> EventOut:
    band = date_band(row["date"]) if row["date"] else None
    return EventOut(
        event_id=row["event_id"], type=row["type"], polarity=polarity(row["type"]), date=row["date"],
        date_label=band.label if band else None, participants=participants(row["participants"]),
        doc_count=row["doc_count"], mention_count=row["mention_count"], href=first_href,
    )  # fmt: skip


def events_page(
    db: sqlite3.Connection,
    *,
    entity: str | None = None,
    types: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    dated: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Page[EventOut]:
    """Cross-document events (dated ones in date order, then undated), filtered like the timeline."""
    wanted = checked_types(types)
    date_from, date_to = checked_date("from", date_from), checked_date("to", date_to)
    ref = resolved_entity(db, entity)
    clauses, args = [], []
    if ref:
        clauses.append("EXISTS (SELECT 1 FROM json_each(e.participants) p WHERE json_extract(p.value, '$[1]') = ?)")
        args.append(ref.entity_id)
    if wanted:
        clauses.append("e.type IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(wanted)))
    if dated or date_from or date_to:
        clauses.append("e.date GLOB '[0-9]*'")
    if date_from:
        clauses.append("substr(e.date, 1, length(?)) >= substr(?, 1, length(e.date))")
        args += [date_from, date_from]
    if date_to:
        clauses.append("substr(e.date, 1, length(?)) <= substr(?, 1, length(e.date))")
        args += [date_to, date_to]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    total = db.execute(f"SELECT COUNT(*) FROM events e {where}", args).fetchone()[0]
    rows = db.execute(
        f"SELECT e.*, (SELECT m.doc_id || '#' || m.trigger_start FROM event_mentions m WHERE m.event_id = e.event_id "
        f"ORDER BY m.doc_id, m.trigger_start LIMIT 1) AS first FROM events e {where} "
        "ORDER BY e.date IS NULL, e.date, e.type, e.event_id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    items = []
    for r in rows:
        href = None
        if r["first"]:
            doc_id, start = r["first"].split("#")
            href = doc_href(doc_id, f"ev-{start}")
        items.append(_event_out(r, href))
    params = {"entity": entity, "type": ",".join(sorted(wanted)), "from": date_from, "to": date_to,
              "dated": "true" if dated else None, "limit": limit, "offset": offset + limit}  # fmt: skip
    next_url = with_query("/api/v1/events", params) if offset + limit < total else None
    return Page[EventOut](items=items, total=total, limit=limit, offset=offset, next=next_url)


def event_detail(db: sqlite3.Connection, event_id: str) -> EventDetail:
    row = db.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event with id {event_id!r}")
    mentions = mentions_of(db, [event_id]).get(event_id, [])
    base = _event_out(row, mentions[0].href if mentions else None)
    return EventDetail(**base.model_dump(), mentions=mentions)
