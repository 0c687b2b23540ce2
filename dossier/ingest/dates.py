"""Find and normalize the calendar dates that scraped pages print in headers, bylines and comments.

These are the page's own date stamps, not time expressions in prose (that is the annotate layer's job):
each match keeps the granularity it was written with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
TIME = r"(?:,?\s*(?:at\s+)?(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::\d\d)?\s*(?P<ampm>[ap]\.?m\.?)?)?"

DATE_PATTERNS = [
    re.compile(
        r"\b" + YEAR + r"-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:[T ]+(?:at\s+)?(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?",
        re.I,
    ),
    re.compile(r"\b" + WEEKDAY + MONTH + r"\s+" + DAY + r",?\s+" + YEAR + r"\b" + TIME, re.I),
    re.compile(r"\b" + WEEKDAY + DAY + r"\s+(?:of\s+)?" + MONTH + r",?\s+" + YEAR + r"\b" + TIME, re.I),
    re.compile(r"\b" + MONTH + r",?\s+" + YEAR + r"\b", re.I),
]


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str  # ISO 8601: 2022-04-20, 2022-04, or 2022-11-09T04:06
    has_time: bool


def _value(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["year"])
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower().rstrip(".")]
    if not 1 <= month <= 12:
        return None
    day_s = groups.get("day")
    if not day_s:
        return f"{year:04d}-{month:02d}"
    day = int(day_s)
    if not 1 <= day <= 31:
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if groups.get("hour") and groups.get("minute"):
        hour = int(groups["hour"])
        ampm = (groups.get("ampm") or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour < 24:
            value += f"T{hour:02d}:{groups['minute']}"
    return value


def dates_in(text: str) -> list[DateMatch]:
    """Every calendar date in the text, longest match first at each position, without overlaps."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _value(m)
            if value is None:
                continue
            found.append(DateMatch(m.start(), m.end(), value, "T" in value))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def only_date(text: str) -> DateMatch | None:
    """The date when the line is nothing but a date stamp (weekday, date, time allowed)."""
    stripped = text.strip().strip("()[]").strip()
    matches = dates_in(stripped)
    if len(matches) != 1:
        return None
    m = matches[0]
    rest = (stripped[: m.start] + stripped[m.end :]).strip(" ,.|-–—·")
    return m if not rest else None
