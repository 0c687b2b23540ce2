"""Across documents: the same happening reported by several articles becomes one event with many mentions."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from dossier.records import EventCluster, EventMention

CORE_ROLES = ("actor", "target", "location")


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Same date at the coarser granularity: 2021-08 fits 2021-08-15; an undated report fits any date."""
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def _keys(mention: EventMention) -> set[tuple[str, str]]:
    return {(p.role, p.entity_id) for p in mention.participants if p.entity_id and p.role in CORE_ROLES}


def compatible(event: EventCluster, mention: EventMention) -> bool:
    """Same type, compatible dates, and a participant in the same role (two across articles if either is undated)."""
    if event.type != mention.type or not dates_compatible(event.date, mention.date):
        return False
    shared = set().union(*(_keys(m) for m in event.mentions)) & _keys(mention)
    same_doc = any(m.doc_id == mention.doc_id for m in event.mentions)
    # an undated report needs more evidence across articles; inside one article one shared participant will do
    needed = 2 if (event.date is None or mention.date is None) and not same_doc else 1
    return len(shared) >= needed


def resolved_events(mentions: list[EventMention]) -> list[EventCluster]:
    """Greedy clustering, most specific dates first so vaguer reports join an exact one."""
    ordered = sorted(mentions, key=lambda m: (m.date is None, -len(m.date or ""), m.doc_id, m.trigger))
    events: list[EventCluster] = []
    for mention in ordered:
        if mention.mode in ("negated", "hypothetical"):
            events.append(_new(mention))  # what did not or may happen is never the same as what did
            continue
        home = next((e for e in events if compatible(e, mention)), None)
        if home is None:
            events.append(_new(mention))
        else:
            home.mentions.append(mention)
            if home.date is None and mention.date:
                home.date = mention.date
    for event in events:
        for m in event.mentions:
            m.event_id = event.event_id
    return events


def _new(mention: EventMention) -> EventCluster:
    parts = sorted(f"{r}:{e}" for r, e in _keys(mention))
    seed = f"{mention.type}|{mention.date}|{'|'.join(parts)}|{mention.doc_id}:{mention.trigger[0]}"
    event_id = "v" + hashlib.sha256(seed.encode()).hexdigest()[:12]
    return EventCluster(event_id=event_id, type=mention.type, date=mention.date, mentions=[mention])


def mention_keys(mention: EventMention) -> set[tuple[str, str]]:
    """Blocking keys of a report: (role, cross-document entity) of its core participants."""
    return _keys(mention)


@dataclass
class EventSlot:
    """What the event index knows of one cross-document event: enough to test a new report against it."""

    event_id: str
    type: str
    date: str | None
    seq: int  # creation order: a report joins the first compatible event, as in `resolved_events`
    keys: set[tuple[str, str]] = field(default_factory=set)
    doc_ids: set[str] = field(default_factory=set)  # only the documents being linked now need to be known


def fits(slot: EventSlot, mention: EventMention) -> bool:
    """`compatible`, against what the index holds instead of every mention."""
    if slot.type != mention.type or not dates_compatible(slot.date, mention.date):
        return False
    shared = slot.keys & _keys(mention)
    needed = 2 if (slot.date is None or mention.date is None) and mention.doc_id not in slot.doc_ids else 1
    return len(shared) >= needed


def linked_mentions(
    mentions: list[EventMention], lookup: Callable[[EventMention], list[EventSlot]], next_seq: int
) -> list[EventSlot]:
    """Link one document's reports to stored events (`lookup` gives those a report could fit, through the
    blocking keys) or to new ones, exactly as `resolved_events` would in this order.

    Sets each mention's event_id; returns the slots touched (joined or created), to be written back.
    """
    ordered = sorted(mentions, key=lambda m: (m.date is None, -len(m.date or ""), m.trigger))
    touched: dict[str, EventSlot] = {}
    slots: dict[str, EventSlot] = {}
    for mention in ordered:
        home = None
        if mention.mode not in ("negated", "hypothetical"):  # what did not or may happen is its own event
            for slot in lookup(mention):
                slots.setdefault(slot.event_id, slot)  # one already touched here keeps what this document added
            home = min((s for s in slots.values() if fits(s, mention)), key=lambda s: s.seq, default=None)
        if home is None:
            home = EventSlot(_new(mention).event_id, mention.type, mention.date, next_seq)
            next_seq += 1
            slots[home.event_id] = home
        home.keys |= _keys(mention)
        home.doc_ids.add(mention.doc_id)
        if home.date is None and mention.date:
            home.date = mention.date
        mention.event_id = home.event_id
        touched[home.event_id] = home
    return list(touched.values())
