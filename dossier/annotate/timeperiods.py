"""Reporting periods and comparisons, as TimeBank writes them: quarters, "a year earlier", clock-and-day.

Business and wire news report a period ("the quarter", "the latest quarter") and compare it with the same
period a year before ("a year ago", "the year-earlier quarter"). TimeBank normalizes the comparison at the
granularity of the period it is compared with: "third-quarter profit rose from a year earlier" is 1988-Q3, not
1988. These resolvers give that value from the period that governs the expression, else from the anchor.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dossier.annotate import timevalues as v
from dossier.ingest.dates import MONTHS

if TYPE_CHECKING:
    from dossier.annotate.timex import Resolver
    from dossier.records import TimeExpr

PERIOD_VALUE = re.compile(r"(?P<year>\d{4})-(?:[QH][1-4]|\d\d(?:-(?P<day>\d\d))?)$")  # quarter, half, month, day
QUARTER_VALUE = re.compile(r"\d{4}-[QH][1-4]")
COMPARISON = re.compile(r"\bago\b|\bearlier\b|year-|\blast\s+year", re.I)  # a period moved back governs nothing
COMPARATIVE_BEFORE = re.compile(r"\b(?:from|than|with|over|versus|vs\.?|against)\s+(?:the\s+)?$|,\s*$", re.I)
QUARTER_DAYS_AFTER = 92  # a quarter just ended is still "the third quarter" reported a quarter later
RELATIVE_YEAR = {"last": -1, "this": 0, "next": 1, "past": -1, "previous": -1}


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def last_completed_quarter(anchor: date) -> str:
    """The quarter before the anchor's: what "the quarter" and "the latest quarter" report."""
    index = anchor.year * 4 + quarter_of(anchor) - 2
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def bare_quarter_year(r: Resolver, index: int, count: int) -> int | None:
    """The year of "the third quarter" with no year: the latest begun by the anchor, or, looking ahead, the
    first not over more than a quarter ago (results are reported after the quarter ends)."""
    if r.anchor is None:
        return None
    months = 12 // count
    candidates = [r.anchor.year - 1, r.anchor.year, r.anchor.year + 1]
    begins = {y: date(y, months * (index - 1) + 1, 1) for y in candidates}
    if r.future:
        last_month = months * index
        ends = {y: date(y + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1) for y in candidates}
        return min(y for y in candidates if ends[y] >= r.anchor - timedelta(days=QUARTER_DAYS_AFTER))
    return max(y for y in candidates if begins[y] <= r.anchor)


def governing_period(r: Resolver) -> str | None:
    """The period "a year ago" is compared with: the nearest quarter, half or month before it in the sentence
    (a day only after "from", "than", "with": "up from a year earlier"), else a quarter within reach."""
    days_ok = bool(COMPARATIVE_BEFORE.search(r.text[max(0, r.start - 20) : r.start]))
    for t in governing(r, same_sentence=True):
        m = PERIOD_VALUE.match(t.value)
        if m and (days_ok or not m.group("day")):
            return t.value
    for t in governing(r, same_sentence=False):  # from further back, a reported quarter: not a forecast one
        if QUARTER_VALUE.fullmatch(t.value) and not _ahead(t.value, r.anchor):
            return t.value
    return None


def _ahead(quarter: str, anchor: date | None) -> bool:
    """Whether a quarter or half ("1990-Q3", "1990-H2") begins after the anchor: a forecast, not a result."""
    months = 3 if quarter[5] == "Q" else 6
    return anchor is not None and date(int(quarter[:4]), months * (int(quarter[-1]) - 1) + 1, 1) > anchor


def governing(r: Resolver, *, same_sentence: bool) -> list[TimeExpr]:
    """Dates before the expression that can govern it: not themselves a comparison ("a year ago")."""
    return [t for t in r.dated_before(same_sentence=same_sentence) if not COMPARISON.search(t.text)]


def shifted_period(value: str, years: int) -> str:
    """A period value moved by whole years, at its own granularity: 1989-Q3 -> 1988-Q3."""
    return f"{int(value[:4]) + years:04d}" + value[4:]


def compared_period(r: Resolver, years: int) -> str | None:
    """ "a year ago" beside "the third quarter": that period moved back, or None when no period governs."""
    governing = governing_period(r)
    return shifted_period(governing, -years) if governing else None


def r_year_ago_period(m: re.Match[str], r: Resolver) -> v.Resolved:
    """ "the year-ago quarter", "year-earlier", "the year-ago third quarter", "last year's quarter"."""
    if m.groupdict().get("ord"):
        word = m.group("ord").lower()
        index = 4 if word == "final" else v.ORDINALS.get(word) or int(word)
        year = bare_quarter_year(r, index, 4)
        return ("DATE", f"{year - 1:04d}-Q{index}", None) if year else None
    value = compared_period(r, 1)
    if value is None and r.anchor is not None:
        period = m.groupdict().get("period")
        value = shifted_period(last_completed_quarter(r.anchor), -1) if period else f"{r.anchor.year - 1:04d}"
    return ("DATE", value, None) if value else None


def r_the_quarter(m: re.Match[str], r: Resolver) -> v.Resolved:
    """ "the quarter", "the latest quarter", "that quarter": the quarter named before, else the last one ended."""
    if not (m.group("which") or "").strip() or m.group("which").lower().startswith("fiscal"):
        for t in governing(r, same_sentence=False):
            if re.fullmatch(r"\d{4}-Q[1-4]", t.value):
                return "DATE", t.value, None
    return ("DATE", last_completed_quarter(r.anchor), None) if r.anchor else None


def r_month_relative_year(m: re.Match[str], r: Resolver) -> v.Resolved:
    """ "January this year", "June last year", "in March of next year"."""
    if r.anchor is None:
        return None
    year = r.anchor.year + RELATIVE_YEAR[m.group("rel").lower()]
    return "DATE", f"{year:04d}-{MONTHS[m.group('month').lower().rstrip('.')]:02d}", None


def r_clock_on_day(m: re.Match[str], r: Resolver) -> v.Resolved:
    """ "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST Nov. 9": the clock time on the day it names."""
    if m.group("weekday"):
        day = r.weekday(v.WEEKDAYS.index(m.group("weekday").lower()), "bare")
    else:
        day = r.month_day(MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day")))
    if m.group("noon"):
        return "TIME", f"{day}T{v.NOON[m.group('noon').lower()]}", None
    hour, minute = int(m.group("hour")), m.group("minute") or "00"
    ampm = m.group("ampm").lower().replace(".", "")
    if hour > 12:
        return None
    hour = hour % 12 + (12 if ampm == "pm" else 0)
    return "TIME", f"{day}T{hour:02d}:{minute}", None


def r_quarter(m: re.Match[str], r: Resolver) -> v.Resolved:
    """ "the third quarter" 2021-Q3, "the first half of next year" 2022-H1, "Q4 2020": the year named or the
    nearest one in the tense of the sentence."""
    unit = m.group("unit").lower()[0]
    count = 4 if unit == "q" else 2
    word = m.group("ord").lower()
    index = count if word in ("final", "last") else v.ORDINALS.get(word) or int(word)
    if index > count:
        return None
    rel = (m.groupdict().get("rel") or "").lower()
    year = int(m.group("year") or 0) or r.sentence_year()
    if not year and rel and r.anchor:
        year = r.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    year = year or bare_quarter_year(r, index, count)
    return ("DATE", f"{year:04d}-{unit.upper()}{index}", None) if year else None
