"""One event, many outlets: each outlet's report of a cross-document event set side by side.

For every document that reports the event: the date it gives, the sentences that report it, who it quotes
there (quotes that overlap those sentences, and anything the event's participants are quoted as saying), the
techniques in those sentences and the claims they make. Read through store functions only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dossier.records import Claim, Event, Quote, Technique
from dossier.store.claims import claims_of
from dossier.store.db import Database
from dossier.store.events import reported_mentions, stored_event
from dossier.store.quotes import quotes_of
from dossier.store.techniques import techniques_of


@dataclass
class OutletReport:
    """One document's report of the event."""

    doc_id: str
    outlet: str
    title: str | None
    published: str | None
    dates: list[str] = field(default_factory=list)  # the dates this report gives the event
    modes: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int, str]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    technique_counts: dict[str, int] = field(default_factory=dict)  # over the whole document, by voice


@dataclass
class EventComparison:
    event: Event
    reports: list[OutletReport]


def _overlaps(start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    return any(start < e and s < end for s, e, _ in spans)


def event_comparison(db: Database, event_id: str) -> EventComparison | None:
    """The event and one report per document that mentions it, earliest publication first."""
    event = stored_event(db, event_id)
    if event is None:
        return None
    participants = {p.entity_id for p in event.participants if p.entity_id}
    reports: dict[str, OutletReport] = {}
    for m in reported_mentions(db, [event_id]):
        report = reports.setdefault(m.doc_id, OutletReport(m.doc_id, m.outlet or "(unknown)", m.title, m.published))
        if m.date and m.date not in report.dates:
            report.dates.append(m.date)
        report.modes.append(m.mode)
        if (m.sentence_span[0], m.sentence_span[1], m.sentence) not in report.sentences:
            report.sentences.append((m.sentence_span[0], m.sentence_span[1], m.sentence))
    for report in reports.values():
        spans = report.sentences
        report.quotes = [
            q
            for q in quotes_of(db, report.doc_id)
            if _overlaps(q.start, q.end, spans) or (q.speaker and q.speaker.entity_id in participants)
        ]
        techniques = techniques_of(db, report.doc_id)
        report.techniques = [t for t in techniques if _overlaps(t.start, t.end, spans)]
        report.technique_counts = dict(Counter(t.voice for t in techniques))
        report.claims = [c for c in claims_of(db, report.doc_id) if _overlaps(c.start, c.end, spans)]
    return EventComparison(event, list(reports.values()))
