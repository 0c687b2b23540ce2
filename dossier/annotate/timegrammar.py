"""The patterns of English news time expressions, each paired with the resolver that gives its value.

Rules run in order; an earlier rule's span wins over a later overlapping one, so specific forms
("April 10, 2022") come before general ones ("April 10", "2022").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossier.annotate import timevalues as v

if TYPE_CHECKING:
    from dossier.annotate.timex import Resolver

MONTH = (  # a period only after an abbreviation: "Feb. 24", but "in February." ends a sentence
    r"(?P<month>(?:" + "|".join(n.capitalize() for n in v.MONTH_NAMES if len(n) > 4 or n == "may") + r")(?![a-z])"
    r"|(?:" + "|".join(n.capitalize() for n in v.MONTH_NAMES if len(n) <= 4 and n != "may") + r")(?![a-z])\.?)"
)
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)"
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
OPT_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
NUM = (
    r"(?P<num>\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|a couple of|a dozen|a few|couple of|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|several|few|"
    r"many|some|an?)"
)
UNIT = r"(?P<unit>second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|centuries|millenni(?:um|a))"
QUALIFIER = r"(?:(?P<qual>more than|over(?!\s+the\b)|nearly|almost|about|around|roughly|at least|less than|up to)\s+)?"
PART = r"(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"
COUNTED = r"people|troops|soldiers|km|miles|dollars|tons|feet|meters|votes|members|workers|jobs|positions|rifles|times"
NOT_A_YEAR_AFTER = r"(?![\d,.]?\d|%|-strong|\s*(?:" + COUNTED + r")\b)"  # "2000 troops" is a count, not a year


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], Resolver], v.Resolved]


def _rule(name: str, pattern: str, resolve: Callable[[re.Match[str], Resolver], v.Resolved], flags: int = 0) -> Rule:
    return Rule(name, re.compile(pattern, flags), resolve)


REL = r"(?P<rel>(?i:last|past|this|next|coming))"
HOLIDAY = r"(?P<holiday>New Year[’']s (?:Day|Eve)|Valentine[’']s Day|Christmas(?: Day| Eve)?|Halloween|Boxing Day)"
RULES: list[Rule] = [
    _rule(
        "iso",
        r"\b" + YEAR + r"-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?\b",
        v.r_iso,
    ),
    _rule(
        "holiday-year",
        r"(?:\bthe\s+)?(?P<x>" + HOLIDAY + r",?\s+" + YEAR + r")\b",
        v.r_holiday,
    ),
    _rule("month-day-year", r"\b" + OPT_WEEKDAY + MONTH + r"\s+" + DAY + r",?\s+" + YEAR + r"\b", v.r_full),
    _rule(
        "day-month-year",
        r"\b" + OPT_WEEKDAY + r"(?:the\s+)?" + DAY + r"\s+(?:of\s+)?" + MONTH + r",?\s+" + YEAR + r"\b",
        v.r_full,
    ),
    _rule("numeric", r"\b(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/" + YEAR + r"\b", v.r_numeric),
    _rule(
        "month-year",
        r"\b(?:" + PART + r"[\s-]+)?" + MONTH + r",?\s+(?:of\s+)?" + YEAR + NOT_A_YEAR_AFTER,
        v.r_month_year,
    ),
    _rule("month-same-year", r"\b" + MONTH + r"\s+(?:of\s+)?(?:the\s+same|that)\s+year\b", v.r_month_same_year),
    _rule("month-day", r"\b" + OPT_WEEKDAY + MONTH + r"\s+" + DAY + r"\b(?!\s*(?:%|,\d|\d))", v.r_month_day),
    _rule("day-month", r"\b(?:the\s+)?" + DAY + r"\s+(?:of\s+)?" + MONTH + r"\b", v.r_month_day),
    _rule(
        "holiday",
        r"(?:\bthe\s+)?(?P<x>" + HOLIDAY + r")(?P<year>)\b",
        v.r_holiday,
    ),
    _rule("month-relative", r"\b" + REL + r"\s+" + MONTH, v.r_month_relative),
    _rule(
        "month-bare",
        r"\b(?:(?:in|since|until|till|by|during|from|to|through|throughout|of|last|this)\s+|"
        + PART
        + r"[\s-]+)(?P<x>"
        + MONTH
        + r")(?!\s+\d)",
        v.r_month_bare,
    ),
    _rule(
        "season",
        r"\b(?:(?P<rel>last|this|next|the)\s+|"
        + PART
        + r"[\s-]+)?(?P<x>(?P<season>spring|summer|autumn|winter)(?:\s+(?:of\s+)?"
        + YEAR
        + r")?)\b",
        v.r_season,
        re.I,
    ),
    _rule(
        "season-fall",
        r"\b(?:(?P<rel>last|this|next)\s+)(?P<x>(?P<season>fall)(?:\s+(?:of\s+)?" + YEAR + r")?)\b(?P<part>)",
        v.r_season,
        re.I,
    ),
    _rule("decade", r"\b(?:the\s+)?(?:" + PART + r"[\s-]+)?(?P<decade>1\d\d|20\d|'\d)0s\b", v.r_decade),
    _rule(
        "decade-apostrophe",
        r"\b(?:the\s+)?(?P<part>)(?P<decade>)['’](?P<d2>\d)0s\b",
        lambda m, r: ("DATE", "19" + m.group("d2"), None),
    ),
    _rule(
        "century", r"\b(?:the\s+)?(?:" + PART + r"[\s-]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b", v.r_century, re.I
    ),
    _rule(
        "earlier-this",
        r"\b(?P<when>earlier|later)\s+(?:this|that)\s+(?P<unit>week|month|year)\b",
        v.r_earlier_this,
        re.I,
    ),
    _rule(
        "same-unit",
        r"\b(?:(?:the|that)\s+(?P<rel>same|following|next|previous|preceding)|that)\s+(?P<unit>day|year)\b",
        v.r_same,
        re.I,
    ),
    _rule(
        "relative-unit",
        r"\b(?P<rel>last|previous|this|current|next|coming)\s+(?P<unit>week|month|year|quarter|decade|century)\b",
        v.r_relative_unit,
        re.I,
    ),
    _rule("ago", r"\b" + NUM + r"[\s-]+" + UNIT + r"s?\s+ago\b", v.r_ago, re.I),
    _rule("later", r"\b" + NUM + r"[\s-]+" + UNIT + r"s?\s+(?P<dir>later|earlier|afterwards)\b", v.r_later, re.I),
    _rule("deictic-day", r"\b(?:yesterday|today|tomorrow|tonight)\b", v.r_deictic_day, re.I),
    _rule(
        "ref",
        r"\b(?:right now|now|currently|at present|nowadays|these days|at the moment|recently|lately|"
        r"in the past|in the future|in future|(?<!as )soon(?! as\b)|in the coming years)\b",
        v.r_ref,
        re.I,
    ),
    _rule(
        "weekday",
        r"\b(?:(?P<rel>last|this|next|on)\s+)?(?P<x>"
        + WEEKDAY
        + r"(?:\s+(?P<pod>morning|afternoon|evening|night))?)\b",
        v.r_weekday,
    ),
    _rule(
        "clock", r"\b(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m)(?![a-z])", v.r_clock, re.I
    ),
    _rule(
        "set",
        r"\b(?:(?:every|each)\s+(?P<unit>day|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?P<adverb>daily|weekly|monthly|annually|yearly))\b",
        v.r_set,
        re.I,
    ),
    _rule(
        "set-rate",
        r"\b(?:\d+|once|twice|thrice|\w+\s+times)\s+(?P<x>(?:a|per)\s+(?P<unit>day|week|month|year))\b",
        v.r_set,
        re.I,
    ),
    _rule(
        "duration",
        r"\b"
        + QUALIFIER
        + r"(?:the\s+(?:past|last|next|previous|coming|first|final)\s+)?"
        + NUM
        + r"(?P<half>[\s-]+and[\s-]+a[\s-]+half)?[\s-]+"
        + UNIT
        + r"s?(?:-long|-old)?\b",
        v.r_duration,
        re.I,
    ),
    _rule("unit-long", r"\b(?P<unit>decade|year|month|week|century)-long\b", v.r_duration_adjective, re.I),
    _rule(
        "vague-duration",
        r"\b(?:for|in a matter of|over the)\s+(?P<x>(?P<unit>years|decades|months|weeks|centuries))\b",
        v.r_vague_duration,
        re.I,
    ),
    _rule(
        "year", r"(?<![$£€#\d.,/-])\b(?:" + PART + r"[\s-]+)?" + YEAR + r"\b" + NOT_A_YEAR_AFTER + r"(?!-\d)", v.r_year
    ),
]
