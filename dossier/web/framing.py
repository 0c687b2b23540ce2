"""Framing pages and API: techniques per 1,000 words by outlet and voice (a table and a bar chart), and one
event's reports side by side, outlet by outlet. Every page has a .json twin; the API serves the same data."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from dossier.outlets import event_comparison
from dossier.records import Claim, Event, Quote, Technique
from dossier.store.techniques import FramingAxis, FramingRow, framing_rows, outlets_with_techniques
from dossier.web.app import DB
from dossier.web.errors import NotFound

router = APIRouter()
VOICES = ("author", "quote", "reported")
Axis = Literal["outlet", "voice", "technique"]
By = Annotated[list[Axis] | None, Query(description="group by these axes (default: outlet and voice)")]
Outlet = Annotated[str | None, Query(max_length=200)]


class ChartBar(BaseModel):
    """One outlet's rate split by voice, as widths in percent of the widest outlet's total."""

    outlet: str
    total: float
    parts: list[tuple[str, float, float]]  # voice, rate, width %


class FramingOut(BaseModel):
    by: list[str]
    outlet: str | None
    outlets: list[str]
    rows: list[FramingRow]
    chart: list[ChartBar]


def framing_data(db: DB, *, by: list[Axis] | None, outlet: str | None) -> FramingOut:
    axes: tuple[FramingAxis, ...] = tuple(dict.fromkeys(by or ["outlet", "voice"]))
    rows = framing_rows(db, by=axes, outlet=outlet)
    by_voice = framing_rows(db, by=("outlet", "voice"), outlet=outlet)
    totals: dict[str, dict[str, float]] = {}
    for r in by_voice:
        totals.setdefault(r.outlet, {})[r.voice] = r.per_1000_words
    widest = max((sum(v.values()) for v in totals.values()), default=0.0) or 1.0
    chart = [
        ChartBar(
            outlet=name,
            total=round(sum(rates.values()), 2),
            parts=[(v, rates.get(v, 0.0), round(100 * rates.get(v, 0.0) / widest, 1)) for v in VOICES],
        )
        for name, rates in sorted(totals.items(), key=lambda kv: -sum(kv[1].values()))
    ]
    return FramingOut(by=list(axes), outlet=outlet, outlets=outlets_with_techniques(db), rows=rows, chart=chart)


@router.get("/api/v1/framing", response_model=FramingOut, tags=["framing"])
def framing_api(db: DB, by: By = None, outlet: Outlet = None) -> FramingOut:
    """Propaganda techniques per 1,000 words, grouped by outlet, voice and/or technique."""
    return framing_data(db, by=by, outlet=outlet)


@router.get("/framing.json", response_model=FramingOut, include_in_schema=False)
def framing_json(db: DB, by: By = None, outlet: Outlet = None) -> FramingOut:
    return framing_data(db, by=by, outlet=outlet)


@router.get("/framing", response_class=HTMLResponse, include_in_schema=False)
def framing_page(db: DB, request: Request, by: By = None, outlet: Outlet = None) -> HTMLResponse:
    from dossier.web.pages import render

    data = framing_data(db, by=by, outlet=outlet or None)
    return render(request, "framing.html", data=data, section="framing")


class OutletReportOut(BaseModel):
    doc_id: str
    outlet: str
    title: str | None
    published: str | None
    dates: list[str]
    modes: list[str]
    sentences: list[tuple[int, int, str]]
    quotes: list[Quote]
    techniques: list[Technique]
    claims: list[Claim]
    technique_counts: dict[str, int]


class EventOutletsOut(BaseModel):
    event: Event
    reports: list[OutletReportOut]


def event_outlets(db: DB, event_id: str) -> EventOutletsOut:
    found = event_comparison(db, event_id)
    if found is None:
        raise NotFound(f"no event {event_id}")
    return EventOutletsOut(event=found.event, reports=[OutletReportOut(**r.__dict__) for r in found.reports])


EventId = Annotated[str, Query(max_length=100)]


@router.get("/api/v1/events/{event_id}/outlets", response_model=EventOutletsOut, tags=["framing"])
def event_outlets_api(db: DB, event_id: str) -> EventOutletsOut:
    """One event as each outlet reports it: dates, sentences, quotes, techniques and claims."""
    return event_outlets(db, event_id)


@router.get("/events/{event_id}/outlets.json", response_model=EventOutletsOut, include_in_schema=False)
def event_outlets_json(db: DB, event_id: str) -> EventOutletsOut:
    return event_outlets(db, event_id)


@router.get("/events/{event_id}/outlets", response_class=HTMLResponse, include_in_schema=False)
def event_outlets_page(db: DB, request: Request, event_id: str) -> HTMLResponse:
    from dossier.web.pages import render

    return render(request, "event_outlets.html", data=event_outlets(db, event_id), section="timeline")
