"""TIMEX3 date values → the stretch of time they cover, so a month-level date is drawn as a month, not a day.

One helper for every reader of a date: the web app draws the band, export and the REST API write it as ISO
`date_start` / `date_end` (first and last day, inclusive) so pandas and calendars can read a granular value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

SEASONS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}  # months [from, to); winter runs into next year
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
HALF = re.compile(r"^(\d{4})-H([12])$")
SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
YEAR = re.compile(r"^(\d{4})")
DECADE = re.compile(r"^(\d{3})$")
CENTURY = re.compile(r"^(\d{2})$")


@dataclass(frozen=True)
class Band:
    """[start, end) in ISO days, the granularity the text gave, and a label for people."""

    start: str
    end: str
    granularity: str  # day, week, month, quarter, half, season, year, decade, century
    label: str


def _months_after(year: int, month: int, count: int) -> date:
    index = year * 12 + (month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def _band(first: date, last: date, granularity: str, label: str) -> Band:
    return Band(first.isoformat(), last.isoformat(), granularity, label)


def date_band(value: str) -> Band | None:
    """The band a TIMEX3 date value covers, or None for values with no place on a calendar (PRESENT_REF)."""
    try:
        return _parsed_band(value)
    except ValueError:  # 2022-02-30 and other impossible dates
        return None


def _parsed_band(value: str) -> Band | None:
    if m := DAY.match(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return _band(day, day + timedelta(days=1), "day", day.strftime("%-d %B %Y"))
    if m := MONTH.match(value):
        first = date(int(m[1]), int(m[2]), 1)
        return _band(first, _months_after(first.year, first.month, 1), "month", first.strftime("%B %Y"))
    if m := WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:  # 2015-W25-WE: that week's Saturday and Sunday
            return _band(
                monday + timedelta(days=5),
                monday + timedelta(weeks=1),
                "weekend",
                f"weekend of week {int(m[2])}, {m[1]}",
            )
        return _band(monday, monday + timedelta(weeks=1), "week", f"week {int(m[2])} of {m[1]}")
    if m := QUARTER.match(value):
        year, quarter = int(m[1]), int(m[2])
        return _band(
            date(year, 3 * quarter - 2, 1), _months_after(year, 3 * quarter - 2, 3), "quarter", f"Q{quarter} {year}"
        )
    if m := HALF.match(value):
        year, half = int(m[1]), int(m[2])
        return _band(date(year, 6 * half - 5, 1), _months_after(year, 6 * half - 5, 6), "half", f"H{half} {year}")
    if m := SEASON.match(value):
        year, (first_month, last_month) = int(m[1]), SEASONS[m[2]]
        names = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
        return _band(
            date(year, first_month, 1),
            _months_after(year, first_month, last_month - first_month),
            "season",
            f"{names[m[2]]} {year}",
        )
    if m := YEAR.match(value):
        year = int(m[1])
        return _band(date(year, 1, 1), date(year + 1, 1, 1), "year", str(year))
    if m := DECADE.match(value):
        first_year = int(m[1]) * 10
        return _band(date(first_year, 1, 1), date(first_year + 10, 1, 1), "decade", f"the {first_year}s")
    if m := CENTURY.match(value):
        first_year = int(m[1]) * 100
        return _band(
            date(max(first_year, 1), 1, 1), date(first_year + 100, 1, 1), "century", f"{first_year}–{first_year + 99}"
        )
    return None


def iso_range(value: str | None) -> tuple[str, str] | tuple[None, None]:
    """First and last day (inclusive, ISO) a TIMEX3 date covers: "2022-04" → 2022-04-01, 2022-04-30; "2015-W25"
    → its Monday and Sunday; (None, None) for values off the calendar (PRESENT_REF, P2Y, XXXX-02-24)."""
    band = date_band(value) if value else None
    if band is None:
        return None, None
    return band.start, (date.fromisoformat(band.end) - timedelta(days=1)).isoformat()
