"""The reader: one clean article with its entities, time expressions, events, quotes and claims as layers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from dossier.records import Claim, Comment, EventMention, Quote, Speaker
from dossier.store import annotations as notes
from dossier.store import queries
from dossier.store.db import Database
from dossier.store.quotes import quotes_of
from dossier.store.techniques import techniques_of
from dossier.textcuts import text_pieces
from dossier.web import claimstore
from dossier.web.errors import NotFound
from dossier.web.highlight import Layer, highlighted_html
from dossier.web.links import entity_href
from dossier.web.schemas import ReaderOut
from dossier.web.timebands import date_band

PART_CHARS = 100_000  # text one reader page draws: a 19 MB document is read in parts, each rendered in milliseconds


def reader_data(db: Database, doc_id: str) -> ReaderOut:
    """Everything the reader shows for one document (id or unique prefix), or NotFound."""
    doc = queries.document(db, doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    claims = claimstore.claims_of(db, doc.id)
    return ReaderOut(
        document=doc,
        entities=notes.doc_entities(db, doc.id),
        timexes=notes.timexes(db, doc.id),
        events=notes.event_mentions(db, doc.id),
        quotes=quotes_of(db, doc.id),
        claims=claims or [],
        claims_available=claims is not None,
        techniques=techniques_of(db, doc.id),
    )


def who(speaker: Speaker | None) -> str:
    return speaker.name if speaker else "speaker unknown"


def quote_title(q: Quote) -> str:
    parts = [f"Quote ({q.kind}) · speaker: {who(q.speaker)}"]
    if q.via:
        parts.append("via " + " → ".join(v.name for v in q.via))
    if q.cue:
        parts.append(f"cue: {q.cue}")
    if q.hedges:
        parts.append("hedged: " + ", ".join(q.hedges))
    return " · ".join(parts)


def claim_title(c: Claim) -> str:
    holder = c.holder.name if c.holder else "the author"
    return f"Claim ({c.kind}) · held by {holder} · check-worthiness {c.check_worthiness:.2f}"


def event_title(e: EventMention) -> str:
    band = date_band(e.date) if e.date else None
    when = band.label if band else (e.date or "undated")
    who_takes_part = ", ".join(f"{p.name} ({p.role})" for p in e.participants[:4])
    return f"Event {e.type} ({e.mode}) · {when}" + (f" · {who_takes_part}" if who_takes_part else "")


def layers(data: ReaderOut) -> list[Layer]:
    """Every annotation as a drawable layer; ids on first fragments make #ev-, #q- and #c- links land."""
    out: list[Layer] = []
    for e in data.entities:
        href = entity_href(e.entity_id) if e.entity_id else None
        aliases = [a for a in e.aliases if a != e.name][:5]
        title = f"{e.name} ({e.type})" + (f" · also: {', '.join(aliases)}" if aliases else "")
        out += [Layer("entity", start, end, title, f"e-{e.key}", href=href) for start, end in e.mentions]
    for t in data.timexes:
        title = f"{t.type} {t.value}" + (f" ({t.mod})" if t.mod else "") + f" · “{t.text}”"
        out.append(Layer("timex", t.start, t.end, title, f"t-{t.start}"))
    for ev in data.events:
        start, end = ev.trigger
        out.append(Layer("event", start, end, event_title(ev), f"ev-{start}", anchor=f"ev-{start}"))
    for q in data.quotes:
        out.append(Layer("quote", q.start, q.end, quote_title(q), f"q-{q.start}", anchor=f"q-{q.start}"))
    for c in data.claims:
        ref = f"c-{c.claim_id or c.start}"
        out.append(Layer("claim", c.start, c.end, claim_title(c), ref, anchor=ref))
    for p in data.techniques:
        title = f"Technique {p.technique.replace('_', ' ')} · voice: {p.voice} · confidence {p.confidence:.2f}"
        out.append(Layer("technique", p.start, p.end, title, f"p-{p.start}"))
    return out


def article_html(data: ReaderOut, part: ReaderPart | None = None) -> Markup:
    """The article (or one part of a long one) with its layers drawn; anchors keep their whole-text offsets."""
    if part is None:
        return highlighted_html(data.document.text, layers(data))
    inside = [
        replace(ly, start=max(ly.start, part.start) - part.start, end=min(ly.end, part.end) - part.start)
        for ly in layers(data)
        if ly.start < part.end and part.start < ly.end
    ]
    return highlighted_html(data.document.text[part.start : part.end], inside)


@dataclass(frozen=True)
class ReaderPart:
    """Which slice of a long text one reader page shows: [start, end), number `number` of `count`."""

    number: int
    count: int
    start: int
    end: int

    def holds(self, offset: int) -> bool:
        return self.start <= offset < self.end


def reader_part(text: str, number: int) -> ReaderPart:
    """The number-th part (1-based) of the text cut at paragraph breaks into PART_CHARS pieces, or NotFound."""
    parts = text_pieces(text, PART_CHARS)
    if not 1 <= number <= len(parts):
        raise NotFound(f"this document has {len(parts)} part{'s' if len(parts) != 1 else ''}, not {number}")
    start, piece = parts[number - 1]
    return ReaderPart(number, len(parts), start, start + len(piece))


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    number: int
    depth: int  # 0 for a top-level comment, 1 for a reply (deeper threads are shown at depth 1 too)


def comment_thread(comments: list[Comment]) -> list[CommentView]:
    """Comments in stored order with their reply depth, so the page can indent replies."""
    return [CommentView(c, n + 1, 0 if c.parent is None else 1) for n, c in enumerate(comments)]


def sorted_events(events: list[EventMention]) -> list[EventMention]:
    """The document's events in text order (the order the article tells them)."""
    return sorted(events, key=lambda e: e.trigger[0])
