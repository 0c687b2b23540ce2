"""Cross-document events as a calendar (ICS) or a CSV whose dates a spreadsheet or pandas can parse.

Event dates keep the granularity the text gave (`1973`, `2022-04`, `2015-W25`, `2022-04-10`), which
`pd.to_datetime` cannot mix; every row therefore also carries `date_start` / `date_end`, the first and last day
the value covers (inclusive, ISO): "2022-04" → 2022-04-01…2022-04-30, "2015-W25" → Monday 2015-06-15…Sunday
2015-06-21, "1973" → the whole year. In the calendar a month-level event is an all-day event lasting the month.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from dossier.dateranges import date_band
from dossier.export.contract import event_records
from dossier.store import queries
from dossier.store.db import Database

EVENT_FORMATS = ("ics", "csv")
CSV_FIELDS = ["event_id", "type", "date", "date_start", "date_end", "granularity", "actors", "targets", "locations",
              "documents", "doc_id", "sentence"]  # fmt: skip
ROLES = ("actor", "target", "location")
SENTENCE_CHARS = 600  # a calendar description is read on a phone: the reporting sentence, not the article


def date_span(value: str | None) -> tuple[date, date, str] | None:
    """First and last day (inclusive) a TIMEX3 date value covers and its granularity; None when it has no
    place on a calendar (PRESENT_REF, XXXX-02-24 without a year, impossible dates)."""
    band = date_band(value) if value else None
    if band is None:
        return None
    return date.fromisoformat(band.start), date.fromisoformat(band.end) - timedelta(days=1), band.granularity


def event_rows(db: Database) -> Iterator[dict[str, Any]]:
    """One flat row per cross-document event (scalars only), with its span and the sentence first reporting it."""
    texts: dict[str, str] = {}
    for record in event_records(db):
        span = date_span(record["date"])  # type: ignore[arg-type]
        participants: list[dict[str, Any]] = record["participants"]  # type: ignore[assignment]
        mentions: list[dict[str, Any]] = record["mentions"]  # type: ignore[assignment]
        first = mentions[0] if mentions else None
        yield {
            "event_id": record["event_id"],
            "type": record["type"],
            "date": record["date"],
            "date_start": span[0].isoformat() if span else None,
            "date_end": span[1].isoformat() if span else None,
            "granularity": span[2] if span else None,
            **{f"{role}s": "; ".join(p["name"] for p in participants if p["role"] == role) for role in ROLES},
            "documents": record["documents"],
            "doc_id": first["doc_id"] if first else None,
            "sentence": _sentence(db, texts, first) if first else "",
        }


def _sentence(db: Database, texts: dict[str, str], mention: dict[str, Any]) -> str:
    doc_id = mention["doc_id"]
    if doc_id not in texts:
        doc = queries.document(db, doc_id)
        texts[doc_id] = doc.text if doc else ""
    start, end = mention["sentence"]
    return " ".join(texts[doc_id][start:end].split())[:SENTENCE_CHARS]


def event_calendar(rows: Iterable[dict[str, Any]]) -> tuple[Calendar, int]:
    """An iCalendar with one all-day VEVENT per dated event, and how many undated events were left out."""
    cal = Calendar()
    cal.add("prodid", "-//Dossier//events//EN")
    cal.add("version", "2.0")
    stamp = datetime.now(UTC)
    undated = 0
    for row in rows:
        if not row["date_start"]:
            undated += 1
            continue
        event = CalendarEvent()
        event.add("uid", f"{row['event_id']}@dossier")
        event.add("dtstamp", stamp)
        event.add("dtstart", date.fromisoformat(row["date_start"]))
        event.add("dtend", date.fromisoformat(row["date_end"]) + timedelta(days=1))  # DTEND of a day is exclusive
        event.add("summary", _summary(row))
        event.add("description", f"{row['sentence']}\n\n{row['date']} · {row['documents']} documents · {row['doc_id']}")
        event.add("categories", [row["type"]])
        if row["locations"]:
            event.add("location", row["locations"])
        cal.add_component(event)
    return cal, undated


def _summary(row: dict[str, Any]) -> str:
    who = row["actors"] or "?"
    return f"{row['type']}: {who} → {row['targets']}" if row["targets"] else f"{row['type']}: {who}"


def write_events(rows: Iterable[dict[str, Any]], fmt: str, output: IO[str]) -> int:
    """Write in one of EVENT_FORMATS; returns how many events the file could not hold (undated ones in ICS)."""
    if fmt == "ics":
        cal, undated = event_calendar(rows)
        output.write(cal.to_ical().decode("utf-8"))
        return undated
    if fmt == "csv":
        writer = csv.DictWriter(output, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        return 0
    raise ValueError(f"unknown events format {fmt!r} (one of {', '.join(EVENT_FORMATS)})")
