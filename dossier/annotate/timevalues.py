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
    "a dozen": 12, "dozen": 12, "couple of": 2,
}  # fmt: skip
VAGUE = {"several", "few", "a few", "many", "some"}  # TimeBank counts "a couple of years" as P2Y
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
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # first and last month; winter runs on
PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
DAY_OFFSET = {"today": 0, "tonight": 0, "this": 0, "tomorrow": 1, "yesterday": -1, "last": -1}
NOON = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}  # TIMEX3 writes midnight as the day's T24:00
NUMBERED = re.compile(  # "Resolution 2098", "Flight 1549": a number that labels a thing is no year
    r"\b(?:Resolution|Article|Section|Sec\.|No\.|Number|Flight|Route|Highway|Room|Chapter|Paragraph|Clause|Page|"
    r"Platform|Gate|Rule|Form|Model|Channel|Bus|Train|Local)\s*$"
)
WORD_AFTER = re.compile(r"[\s,]*(?!later\b|earlier\b|ago\b)[A-Za-z0-9]")  # "a second A380", "a quarter of"
NAME_BEFORE = re.compile(r"\b[A-Z][\w.]*\s+$")  # a capitalized word right before: "China Daily"


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


HALF_IN = {"Y": ("M", 6), "D": ("H", 12), "H": ("M", 30), "TM": ("S", 30)}  # half a unit, in the smaller one


def duration_value(amount: float | None, unit: str) -> str:
    """P2Y, P6W, P3.5Y, PT4H, PT30M; PXY when the amount is vague."""
    if amount is not None and amount != int(amount) and amount * 2 == int(amount * 2) and unit in HALF_IN:
        smaller, count = HALF_IN[unit]  # TimeML writes a half in the next smaller unit: P2Y6M, PT1H30M, P1DT12H
        whole = f"{int(amount)}{unit[-1]}" if int(amount) else ""
        return (
            f"P{whole}T{count}{smaller}"
            if unit == "D"
            else ("PT" if unit in ("H", "TM") else "P") + whole + (f"{count}{smaller}")
        )
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
    first, last = SEASON_MONTHS[code]
    year = r.period_year(first, last, (m.group("rel") or "the").lower())
    return "DATE", f"{year:04d}-{code}" if year else f"XXXX-{code}", _mod(m)


def r_decade(m: re.Match[str], _: Resolver) -> Resolved:
    digits = m.group("decade")
    if digits.startswith("'"):  # the '70s
        digits = "19" + digits[1:]
    return "DATE", digits[:3], _mod(m)


def r_century(m: re.Match[str], _: Resolver) -> Resolved:
    return "DATE", f"{int(m.group('n')) - 1:02d}", _mod(m)


def r_year(m: re.Match[str], r: Resolver) -> Resolved:
    if NUMBERED.search(r.text[max(0, r.start - 12) : r.start]):
        return None
    return "DATE", m.group("year"), _mod(m)


def r_year_range(m: re.Match[str], r: Resolver) -> Resolved:
    """Either end of "1996-2001" or "2010-11"; the second must come after the first, so "2022-04" is no range."""
    first, second = int(m.group("y1")), m.group("y2")
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last <= first or NUMBERED.search(r.text[max(0, m.start() - 12) : m.start()]):
        return None
    return "DATE", f"{first if r.start == m.start('y1') else last:04d}", None


def r_relative_unit(m: re.Match[str], r: Resolver) -> Resolved:
    """ "next week", "late last year"; "the end of the year" is this year's, or that of a year named before."""
    amount = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
    rel = m.groupdict().get("rel")
    year = r.sentence_year() if not rel and m.group("unit").lower() == "year" else None
    value = f"{year:04d}" if year else r.shifted(m.group("unit"), amount[(rel or "this").lower()])
    return ("DATE", value, _mod(m)) if value else None


def r_earlier_this(m: re.Match[str], r: Resolver) -> Resolved:
    value = r.shifted(m.group("unit"), 0)
    mod = {"earlier": "START", "later": "END"}.get(m.group("when").lower())
    return ("DATE", value, mod) if value else None


def _day_word(words: str, r: Resolver) -> tuple[str, str | None] | None:
    """ "yesterday" -> (the day, None); "tomorrow morning" -> (the day, "MO"); "last night" -> (yesterday, "NI")."""
    parts = words.lower().split()
    day = r.shifted("day", DAY_OFFSET[parts[0]])
    if day is None:
        return None
    part = "night" if parts[0] == "tonight" else parts[1] if len(parts) > 1 else None
    return day, PART_OF_DAY[part] if part else None


def r_deictic_day(m: re.Match[str], r: Resolver) -> Resolved:
    found = _day_word(m.group("dayword"), r)
    if found is None:
        return None
    day, part = found
    return ("TIME", f"{day}T{part}", None) if part else ("DATE", day, None)


def r_ref(m: re.Match[str], r: Resolver) -> Resolved:
    words = r.text[r.start : r.end].lower()
    if words in ("now", "currently", "at present", "nowadays", "these days", "right now", "at the moment"):
        return "DATE", "PRESENT_REF", None
    if words == "soon" or "future" in words or "coming" in words:
        return "DATE", "FUTURE_REF", None
    return "DATE", "PAST_REF", None


WEEKDAY_RELATION = {  # "this coming Sunday" is the next one, "this past Sunday" the last one
    "last": "last", "this past": "last", "next": "next", "coming": "next", "this coming": "next", "this": "this",
}  # fmt: skip


def r_weekday(m: re.Match[str], r: Resolver) -> Resolved:
    weekday = WEEKDAYS.index(m.group("weekday").lower())
    rel = " ".join((m.group("rel") or "bare").lower().split())
    value = r.weekday(weekday, WEEKDAY_RELATION.get(rel, "bare"))
    if m.group("pod"):
        return "TIME", f"{value}T{PART_OF_DAY[m.group('pod').lower()]}", None
    return "DATE", value, None


def r_ago(m: re.Match[str], r: Resolver) -> Resolved:
    amount = _number(m.group("num"))
    if amount is None or r.anchor is None:
        return ("DATE", "PAST_REF", None) if amount is None else None
    value = shift(r.anchor, m.group("unit"), -int(amount))
    if _unit(m.group("unit")) == "Y":  # "a year ago" beside "the third quarter" is that quarter a year back
        value = r.compared_period(int(amount)) or value
    return "DATE", value, _mod(m)


def r_later(m: re.Match[str], r: Resolver) -> Resolved:
    """ "two years later" counted from the date before it at the unit's grain ("in 2011 ... two years later" is
    2013), else from the anchor ("sales fell from a year earlier")."""
    amount, unit = _number(m.group("num")), _unit(m.group("unit"))
    if amount is None or unit in ("H", "TM", "S"):
        return None  # "two hours later" is a clock time we cannot know: leave it to the duration
    if unit in ("Y", "DE", "CE"):
        year = r.governing_year(same_sentence=False)
        base = date(year, 1, 1) if year else r.anchor
    else:
        base = r.governing_date(month_ok=unit in ("M", "Q")) or r.anchor
    if base is None:
        return None
    sign = -1 if m.group("dir").lower() in ("earlier", "before", "prior") else 1
    compared = r.compared_period(int(amount)) if unit == "Y" and sign < 0 else None
    return "DATE", compared or shift(base, m.group("unit"), sign * int(amount)), None


def r_same(m: re.Match[str], r: Resolver) -> Resolved:
    """ "the same year", "the following day", "the next week": a unit counted from the date that governs it."""
    unit = m.group("unit").lower()
    rel = (m.group("rel") or "that").lower()
    offset = {"same": 0, "that": 0, "following": 1, "next": 1, "previous": -1, "preceding": -1}[rel]
    if unit == "year":
        year = r.governing_year(same_sentence=False)
        return ("DATE", f"{year + offset:04d}", None) if year is not None else None
    base = r.governing_date(month_ok=unit == "month")
    return ("DATE", shift(base, unit, offset), None) if base else None


def r_duration(m: re.Match[str], r: Resolver) -> Resolved:
    raw = m.groupdict().get("num") or "one"  # "the past year" is one year
    if raw.lower() in ("a", "an") and _unit(m.group("unit")) in ("S", "Q") and WORD_AFTER.match(r.text, r.end):
        return None  # "a second A380", "about a quarter, of its dealers": an ordinal or a fraction
    amount = _number(raw)
    if m.groupdict().get("half") or m.groupdict().get("half_after"):
        amount = (amount or 0) + 0.5
    unit = _unit(m.group("unit"))
    if unit == "W" and m.group("unit").lower().startswith("fortnight") and amount is not None:
        amount *= 2
    return "DURATION", duration_value(amount, unit), _mod(m)


def r_duration_adjective(m: re.Match[str], _: Resolver) -> Resolved:
    return "DURATION", duration_value(1, _unit(m.group("unit"))), None


def r_vague_duration(m: re.Match[str], _: Resolver) -> Resolved:
    return "DURATION", duration_value(None, _unit(m.group("unit"))), None


def r_set(m: re.Match[str], r: Resolver) -> Resolved:
    """ "every Saturday" XXXX-WXX-6, "every two years" P2Y, "every other week" P2W, "monthly" P1M."""
    if m.groupdict().get("adverb") and m.group("adverb")[0].isupper() and NAME_BEFORE.search(r.text[: r.start]):
        return None  # "The China Daily newspaper": part of a name
    word = (m.group("unit") or m.groupdict().get("adverb") or "").lower()
    if word in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS.index(word) + 1}", None
    code = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y"}.get(word) or _unit(word)
    count = (m.groupdict().get("num") or "one").lower()
    amount = 2 if count == "other" else int(_number(count) or 1)
    return "SET", duration_value(amount, code), None


def r_holiday(m: re.Match[str], r: Resolver) -> Resolved:
    """A holiday takes the date an apposition gives it, else its date in the year named or nearest the anchor."""
    name = re.sub(r"\s+", " ", m.group("holiday").lower().replace("’", "'"))
    given = None if m.group("year") else r.apposition_date()
    if given:
        return "DATE", given, None
    value = r.holiday(name, int(m.group("year") or 0) or r.apposition_year() or r.sentence_year())
    return ("DATE", value, None) if value else None


def r_clock(m: re.Match[str], r: Resolver) -> Resolved:
    """ "9:45 a.m." on the day next to it ("on Thursday"), "8 p.m. tonight", "10:30 this morning", "noon"."""
    groups = m.groupdict()
    day: str | None = r.adjacent_day() or (r.anchor.isoformat() if r.anchor else "XXXX-XX-XX")
    part = None
    if groups.get("dayword"):
        found = _day_word(groups["dayword"], r)
        day, part = found if found else (None, None)
    if day is None:
        return None
    if "hour" not in groups:
        return "TIME", f"{day}T{NOON[m.group('x').lower()]}", None
    hour, minute, ampm = int(m.group("hour")), m.group("minute"), (groups.get("ampm") or "").lower().replace(".", "")
    if hour > 12 or not (minute or ampm):
        return None
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif part in ("AF", "EV", "NI") and hour < 12:
        hour += 12
    return "TIME", f"{day}T{hour:02d}:{minute or '00'}", None


def r_weekend(m: re.Match[str], r: Resolver) -> Resolved:
    value = r.weekend(m.group("rel").lower())
    return ("DATE", value, None) if value else None
