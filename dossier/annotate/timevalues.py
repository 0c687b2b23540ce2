"""How each matched time expression becomes a TIMEX3 type, value and mod (the resolvers of timegrammar)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dossier.ingest.dates import MONTHS

if TYPE_CHECKING:
    from dossier.annotate.timex import Resolver

Resolved = tuple[str, str, str | None] | None  # (type, value, mod)
MONTH_NAMES = sorted(MONTHS, key=len, reverse=True)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a couple of": 2,
    "a dozen": 12, "dozen": 12,
}  # fmt: skip
VAGUE = {"several", "few", "a few", "many", "some", "couple of", "a couple of"}
UNIT_CODE = {
    "second": "S", "minute": "TM", "hour": "H", "day": "D", "week": "W", "fortnight": "W", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centuri": "CE", "millenni": "ML",
}  # fmt: skip
MOD_WORDS = {
    "more than": "MORE_THAN", "over": "MORE_THAN", "nearly": "APPROX", "almost": "APPROX", "about": "APPROX",
    "around": "APPROX", "roughly": "APPROX", "some": "APPROX", "at least": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "early": "START", "mid": "MID",
    "late": "END", "the end of": "END", "the beginning of": "START", "the start of": "START",
    "the middle of": "MID",
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14), "christmas day": (12, 25),
    "christmas eve": (12, 24), "christmas": (12, 25), "halloween": (10, 31), "boxing day": (12, 26),
}  # fmt: skip
PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _month(m: re.Match[str]) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")]


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= monthrange(year, month)[1]


def _number(word: str) -> float | None:
    """A count as a number, or None when vague ("several", "a few")."""
    w = word.lower().replace("-", " ").strip()
    if w in VAGUE:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return float(NUMBER_WORDS[w]) if w in NUMBER_WORDS else None


def _unit(word: str) -> str:
    stem = word.lower().rstrip("s")
    for key, code in UNIT_CODE.items():
        if stem.startswith(key):
            return code
    return "X"


def _mod(m: re.Match[str]) -> str | None:
    for group in ("qual", "part"):
        if group in m.re.groupindex and m.group(group):
            return MOD_WORDS.get(m.group(group).lower().rstrip("-").strip())
    return None


def duration_value(amount: float | None, unit: str) -> str:
    """P2Y, P6W, P3.5Y, PT4H, PT30M; PXY when the amount is vague."""
    number = "X" if amount is None else (str(int(amount)) if amount == int(amount) else str(amount))
    if unit in ("H", "S", "TM"):
        return f"PT{number}{unit[-1]}"
    return f"P{number}{unit}"


def shift(anchor: date, unit: str, amount: int) -> str:
    """The anchor moved by whole units, written at that unit's granularity."""
    code = _unit(unit)
    if code == "Y":
        return f"{anchor.year + amount:04d}"
    if code == "M":
        index = anchor.year * 12 + anchor.month - 1 + amount
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if code == "W":
        year, week, _ = (anchor + timedelta(weeks=amount)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if code == "DE":
        return f"{(anchor.year // 10 + amount):03d}"
    if code == "CE":
        return f"{(anchor.year // 100 + amount):02d}"
    if code == "Q":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    return (anchor + timedelta(days=amount)).isoformat()


def r_iso(m: re.Match[str], _: Resolver) -> Resolved:
    year, month, day = int(m.group("year")), int(m.group("mnum")), int(m.group("day"))
    if not _valid(year, month, day):
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if m.group("hour"):
        return "TIME", f"{value}T{m.group('hour')}:{m.group('minute')}", None
    return "DATE", value, None


def r_full(m: re.Match[str], _: Resolver) -> Resolved:
    year, month, day = int(m.group("year")), _month(m), int(m.group("day"))
    return ("DATE", f"{year:04d}-{month:02d}-{day:02d}", None) if _valid(year, month, day) else None


def r_numeric(m: re.Match[str], _: Resolver) -> Resolved:
    first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    month, day = (first, second) if first <= 12 else (second, first)
    return ("DATE", f"{year:04d}-{month:02d}-{day:02d}", None) if _valid(year, month, day) else None


def r_month_day(m: re.Match[str], r: Resolver) -> Resolved:
    month, day = _month(m), int(m.group("day"))
    if not _valid(2000, month, day):
        return None
    year = r.sentence_year()
    if year is not None:
        return ("DATE", f"{year:04d}-{month:02d}-{day:02d}", None) if _valid(year, month, day) else None
    return "DATE", r.month_day(month, day), None


def r_month_year(m: re.Match[str], _: Resolver) -> Resolved:
    return "DATE", f"{int(m.group('year')):04d}-{_month(m):02d}", _mod(m)


def r_month_relative(m: re.Match[str], r: Resolver) -> Resolved:
    relation = {"last": "last", "past": "last", "this": "this", "next": "next", "coming": "next"}
    return "DATE", r.month_only(_month(m), relation[m.group("rel").lower()]), None


def r_month_same_year(m: re.Match[str], r: Resolver) -> Resolved:
    year = r.governing_year(same_sentence=False)
    return ("DATE", f"{year:04d}-{_month(m):02d}", None) if year else None


def r_month_bare(m: re.Match[str], r: Resolver) -> Resolved:
    year = r.sentence_year()
    if year is not None:
        return "DATE", f"{year:04d}-{_month(m):02d}", _mod(m)
    return "DATE", r.month_only(_month(m), "bare"), _mod(m)


def r_season(m: re.Match[str], r: Resolver) -> Resolved:
    code = SEASONS[m.group("season").lower()]
    if m.group("year"):
        return "DATE", f"{m.group('year')}-{code}", _mod(m)
    if r.anchor is None:
        return "DATE", f"XXXX-{code}", _mod(m)
    rel = (m.group("rel") or "this").lower()
    year = r.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    return "DATE", f"{year:04d}-{code}", _mod(m)


def r_decade(m: re.Match[str], _: Resolver) -> Resolved:
    digits = m.group("decade")
    if len(digits) == 2:  # the '70s
        digits = "19" + digits
    return "DATE", digits[:3], _mod(m)


def r_century(m: re.Match[str], _: Resolver) -> Resolved:
    return "DATE", f"{int(m.group('n')) - 1:02d}", _mod(m)


def r_year(m: re.Match[str], _: Resolver) -> Resolved:
    return "DATE", m.group("year"), _mod(m)


def r_relative_unit(m: re.Match[str], r: Resolver) -> Resolved:
    amount = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
    value = r.shifted(m.group("unit"), amount[m.group("rel").lower()])
    return ("DATE", value, None) if value else None


def r_earlier_this(m: re.Match[str], r: Resolver) -> Resolved:
    value = r.shifted(m.group("unit"), 0)
    mod = {"earlier": "START", "later": "END"}.get(m.group("when").lower())
    return ("DATE", value, mod) if value else None


def r_deictic_day(m: re.Match[str], r: Resolver) -> Resolved:
    word = m.group(0).lower()
    if word == "tonight":
        return ("TIME", f"{r.anchor.isoformat()}TNI", None) if r.anchor else None
    value = r.shifted("day", {"yesterday": -1, "today": 0, "tomorrow": 1}[word])
    return ("DATE", value, None) if value else None


def r_ref(m: re.Match[str], _: Resolver) -> Resolved:
    word = m.group(0).lower()
    if word in ("now", "currently", "at present", "nowadays", "these days", "right now", "at the moment"):
        return "DATE", "PRESENT_REF", None
    if word in ("soon", "in the future", "in the coming years", "in future"):
        return "DATE", "FUTURE_REF", None
    return "DATE", "PAST_REF", None


def r_weekday(m: re.Match[str], r: Resolver) -> Resolved:
    weekday = WEEKDAYS.index(m.group("weekday").lower())
    rel = (m.group("rel") or "bare").lower()
    value = r.weekday(weekday, {"last": "last", "next": "next", "this": "this"}.get(rel, "bare"))
    if m.group("pod"):
        return "TIME", f"{value}T{PART_OF_DAY[m.group('pod').lower()]}", None
    return "DATE", value, None


def r_ago(m: re.Match[str], r: Resolver) -> Resolved:
    amount = _number(m.group("num"))
    if amount is None or r.anchor is None:
        return ("DATE", "PAST_REF", None) if amount is None else None
    value = shift(r.anchor, m.group("unit"), -int(amount))
    return "DATE", value, None


def r_later(m: re.Match[str], r: Resolver) -> Resolved:
    amount = _number(m.group("num"))
    base = r.governing_date()
    if amount is None or base is None:
        return None
    sign = -1 if m.group("dir").lower() in ("earlier", "before", "prior") else 1
    return "DATE", shift(base, m.group("unit"), sign * int(amount)), None


def r_same(m: re.Match[str], r: Resolver) -> Resolved:
    unit = m.group("unit").lower()
    rel = (m.group("rel") or "that").lower()
    offset = {"same": 0, "that": 0, "following": 1, "next": 1, "previous": -1, "preceding": -1}[rel]
    base = r.governing_date() if unit == "day" else None
    if unit == "day":
        return ("DATE", (base + timedelta(days=offset)).isoformat(), None) if base else None
    year = r.governing_year(same_sentence=False)
    if year is None:
        return None
    if unit == "year":
        return "DATE", f"{year + offset:04d}", None
    return None


def r_duration(m: re.Match[str], _: Resolver) -> Resolved:
    raw = m.group("num")
    amount = _number(raw)
    if m.groupdict().get("half"):
        amount = (amount or 0) + 0.5
    unit = _unit(m.group("unit"))
    if unit == "W" and m.group("unit").lower().startswith("fortnight") and amount is not None:
        amount *= 2
    return "DURATION", duration_value(amount, unit), _mod(m)


def r_duration_adjective(m: re.Match[str], _: Resolver) -> Resolved:
    return "DURATION", duration_value(1, _unit(m.group("unit"))), None


def r_vague_duration(m: re.Match[str], _: Resolver) -> Resolved:
    return "DURATION", duration_value(None, _unit(m.group("unit"))), None


def r_set(m: re.Match[str], _: Resolver) -> Resolved:
    word = (m.group("unit") or m.groupdict().get("adverb") or "").lower()
    if word in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS.index(word) + 1}", None
    code = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y"}.get(word) or _unit(word)
    return "SET", f"P1{code}", None


def r_holiday(m: re.Match[str], r: Resolver) -> Resolved:
    month, day = HOLIDAYS[re.sub(r"\s+", " ", m.group("holiday").lower().replace("’", "'"))]
    if m.group("year"):
        return "DATE", f"{m.group('year')}-{month:02d}-{day:02d}", None
    year = r.apposition_year() or r.sentence_year()
    if year:
        return "DATE", f"{year:04d}-{month:02d}-{day:02d}", None
    return "DATE", r.month_day(month, day), None


def r_clock(m: re.Match[str], r: Resolver) -> Resolved:
    hour = int(m.group("hour"))
    minute = m.group("minute") or "00"
    ampm = m.group("ampm").lower().replace(".", "")
    if hour > 12 or int(minute) > 59:
        return None
    hour = hour % 12 + (12 if ampm == "pm" else 0)
    day = r.anchor.isoformat() if r.anchor else "XXXX-XX-XX"
    return "TIME", f"{day}T{hour:02d}:{minute}", None
