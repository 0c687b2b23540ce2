"""The timeline: dated events across the collection as bands at the granularity the text gave, with mentions."""

from __future__ import annotations

from dossier import filters
from dossier.dateranges import iso_range
from dossier.records import Event
from dossier.store import annotations as notes
from dossier.store import events as stored_events
from dossier.store.db import Database
from dossier.web.errors import BadRequest, NotFound, checked_date
from dossier.web.links import doc_href, entity_ref, participants, polarity, with_query
from dossier.web.schemas import EntityRef, EventDetail, EventOut, MentionOut, Page, TimelineEvent, TimelineOut
from dossier.web.timebands import date_band

MENTIONS_PER_EVENT = 20  # an event reported more often than this is listed by its first reports


def checked_types(types: list[str] | None) -> set[str]:
    """Event types from repeated or comma-separated parameters, upper-cased; a 400 for unknown ones."""
    try:
        return set(filters.event_types(types))  # the check the CLI and the Python API use
    except filters.InvalidFilter as exc:
        raise BadRequest(exc.reason) from exc


def resolved_entity(db: Database, name: str | None) -> EntityRef | None:
    if not name:
        return None
    found = notes.find_entity(db, name)
    if found is None:
        raise NotFound(f"no entity named {name!r}")
    return entity_ref(found)


def iso_dates(value: str | None) -> dict[str, str | None]:
    """date_start / date_end, ISO and inclusive, of a granular date (dossier.dateranges, as in export)."""
    start, end = iso_range(value)
    return {"date_start": start, "date_end": end}


def mentions_of(db: Database, event_ids: list[str]) -> dict[str, list[MentionOut]]:
    """Every mention of the given events, in publication then text order, with the sentence that reports it."""
    found: dict[str, list[MentionOut]] = {}
    for m in stored_events.reported_mentions(db, event_ids):
        found.setdefault(m.event_id, []).append(
            MentionOut(
                doc_id=m.doc_id, title=m.title, outlet=m.outlet, sentence=m.sentence.strip(), mode=m.mode,
                date=m.date, **iso_dates(m.date), href=doc_href(m.doc_id, f"ev-{m.trigger[0]}"),
            )
        )  # fmt: skip
    return found


def timeline_data(
    db: Database,
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
                event_id=e.event_id, type=e.type, polarity=polarity(e.type), date=e.date, **iso_dates(e.date),
                start=band.start,
                end=band.end, granularity=band.granularity, date_label=band.label,
                participants=participants(e.participants), doc_count=e.doc_count, modes=e.modes,
                evidence=" ".join(e.evidence.split()), href=doc_href(e.doc_id, f"ev-{e.trigger[0]}"),
                mentions=mentions.get(e.event_id, [])[:MENTIONS_PER_EVENT],
            )
        )  # fmt: skip
    present = stored_events.event_types(db)
    filters = {"entity": entity, "type": ",".join(sorted(wanted)), "from": date_from, "to": date_to}
    undated = _undated(db, ref.entity_id if ref else None, wanted) + len(entries) - len(events)
    return TimelineOut(
        events=events, types=present, entity=ref, filters={k: v for k, v in filters.items() if v}, undated=undated
    )


def _undated(db: Database, entity_id: str | None, types: set[str]) -> int:
    """Events of this entity and types that have no calendar date, so the page can say what it does not draw."""
    every = stored_events.EventFilter(entity_id=entity_id, types=tuple(sorted(types)))
    dated = stored_events.EventFilter(entity_id=entity_id, types=tuple(sorted(types)), dated=True)
    return stored_events.event_count(db, every) - stored_events.event_count(db, dated)


def _event_out(event: Event, first_href: str | None) -> EventOut:
    band = date_band(event.date) if event.date else None
    return EventOut(
        event_id=event.event_id, type=event.type, polarity=polarity(event.type), date=event.date,
        **iso_dates(event.date), date_label=band.label if band else None, participants=participants(event.participants),
        doc_count=event.doc_count, mention_count=event.mention_count, href=first_href,
    )  # fmt: skip


def events_page(
    db: Database,
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
    f = stored_events.EventFilter(
        entity_id=ref.entity_id if ref else None, types=tuple(sorted(wanted)), dated=dated, date_from=date_from,
        date_to=date_to,
    )  # fmt: skip
    total = stored_events.event_count(db, f)
    items = [
        _event_out(event, doc_href(first.doc_id, f"ev-{first.trigger_start}") if first else None)
        for event, first in stored_events.event_page(db, f, limit=limit, offset=offset)
    ]
    params = {"entity": entity, "type": ",".join(sorted(wanted)), "from": date_from, "to": date_to,
              "dated": "true" if dated else None, "limit": limit, "offset": offset + limit}  # fmt: skip
    next_url = with_query("/api/v1/events", params) if offset + limit < total else None
    return Page[EventOut](items=items, total=total, limit=limit, offset=offset, next=next_url)


def event_detail(db: Database, event_id: str) -> EventDetail:
    event = stored_events.stored_event(db, event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id!r}")
    mentions = mentions_of(db, [event_id]).get(event_id, [])
    base = _event_out(event, mentions[0].href if mentions else None)
    return EventDetail(**base.model_dump(), mentions=mentions)
