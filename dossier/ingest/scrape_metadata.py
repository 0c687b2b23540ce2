"""Metadata of a plain-text scrape read from its lines: header dates, footer provenance, the outlet, the byline."""

from __future__ import annotations

import re

from dossier.ingest import boilerplate as bp
from dossier.ingest.dates import dates_in, only_date
from dossier.ingest.markdown import Line
from dossier.ingest.metadata import (
    DateCandidate,
    date_candidate,
    outlet_from_citation,
    outlet_from_dateline,
    outlet_from_footer,
    outlet_from_original,
    outlet_from_wire_dateline,
)

BYLINE_REACH = 2  # datelines sit at most two non-blank lines after the byline


def next_nonblank(lines: list[Line], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and (lines[j].blank or lines[j].rule):
        j += 1
    return j if j < len(lines) else None


def is_masthead(lines: list[Line], i: int) -> bool:
    """A site name standing above a date stamp at the very top of the page."""
    j = next_nonblank(lines, i)
    first = next((ln.number for ln in lines if not ln.blank), None)
    return i == first and lines[i].words <= 5 and j is not None and only_date(lines[j].text) is not None


def header_dates(lines: list[Line], upto: int, byline: int | None) -> list[DateCandidate]:
    near: set[int] = set()
    if byline is not None:
        near.add(byline)
        j: int | None = byline
        for _ in range(BYLINE_REACH):
            j = next_nonblank(lines, j) if j is not None else None
            if j is not None:
                near.add(j)
    found: list[DateCandidate] = []
    for line in lines[:upto]:
        for match in dates_in(line.text):
            found.append(date_candidate(line.text, match, near_byline=line.number in near, in_header=True))
    return found


def footer_facts(lines: list[Line]) -> tuple[str | None, str | None, list[DateCandidate]]:
    """Outlet, URL and dates from provenance lines after the body (source notes, copyright)."""
    outlet = url = None
    dates: list[DateCandidate] = []
    for i, line in enumerate(lines):
        if line.blank:
            continue
        outlet = outlet or outlet_from_footer(line.text)
        j = next_nonblank(lines, i)
        cites = j is not None and lines[j].urls and lines[j].words == 1
        if cites and j is not None and not line.urls:
            outlet = outlet or outlet_from_citation(line.text)
            url = url or lines[j].urls[0]
            dates += [DateCandidate(m.value[:10], 70, "the date of the cited original") for m in dates_in(line.text)]
    return outlet, url, dates


def page_outlet(
    lines: list[Line], *, byline: int | None, start: int, end: int, footer: str | None, people: list[str]
) -> str | None:
    """The outlet, most explicit first: the original publisher a republished page names, the dateline beside the
    byline, the copyright or source note (`footer`), a wire dateline opening the body, the masthead."""
    provenance = [ln for ln in lines[:start] + lines[end:] if bp.is_footer(ln) or bp.is_stamp(ln)]
    original = next((o for ln in provenance if (o := outlet_from_original(ln.text))), None)
    dateline = None
    if byline is not None:
        dateline = next((o for ln in lines[byline:start] if (o := outlet_from_dateline(ln.text))), None)
    if footer and footer.lower() in (p.lower() for p in people):
        footer = None  # "© 2024 Jane Roe" under Jane Roe's byline is her own copyright, not an outlet
    first = next((ln.number for ln in lines if not ln.blank), 0)
    masthead = lines[first].text if is_masthead(lines, first) else None
    return original or dateline or footer or outlet_from_wire_dateline(lines[start].text) or masthead


def byline_text(line: Line) -> str:
    """The byline with link text preferred: "By [Jane Roe](#)" names exactly Jane Roe."""
    linked = re.findall(r"\[([^\]]+)\]\([^)]*\)", line.raw)
    if linked and re.search(r"\bby\b", line.raw, re.I):
        prefix = re.split(r"\bby\b", line.text, maxsplit=1, flags=re.I)[0]
        return f"{prefix} by {' and '.join(linked)}"
    return line.text
