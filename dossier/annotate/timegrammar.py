"""The patterns of English news time expressions, each paired with the resolver that gives its value.

Rules run in order; an earlier rule's span wins over a later overlapping one, so specific forms
("April 10, 2022") come before general ones ("April 10", "2022").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossier.annotate import timeperiods as p
from dossier.annotate import timevalues as v

if TYPE_CHECKING:
    from dossier.annotate.timex import Resolver

ABBREVIATIONS = [n for n in v.MONTH_NAMES if len(n) <= 4 and n not in ("may", "june", "july")]  # may take a "."
MONTH = (  # a period only after an abbreviation: "Feb. 24", but "in June." ends a sentence
    r"(?P<month>(?:" + "|".join(n.capitalize() for n in v.MONTH_NAMES if n not in ABBREVIATIONS) + r")(?![a-z])"
    r"|(?:" + "|".join(n.capitalize() for n in ABBREVIATIONS) + r")(?![a-z])\.?)"
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
UNIT_WORD = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ies))s?"  # no group
COUNT_ADJECTIVE = r"(?:(?:consecutive|straight|successive|more|additional|further|full|whole)\s+)?"  # 12 straight weeks
QUALIFIER = r"(?:(?P<qual>more than|over(?!\s+the\b)|nearly|almost|about|around|roughly|at least|less than|up to)\s+)?"
PART = r"(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"
COMMA = r"\s?,?\s+"  # "March 01 , 2008": tokenized text puts a space before the comma
COUNTED = r"people|troops|soldiers|km|miles|dollars|tons|feet|meters|votes|members|workers|jobs|positions|rifles|times"
NOT_A_YEAR_AFTER = r"(?![\d,.]?\d|%|-strong|\s*(?:" + COUNTED + r")\b)"  # "2000 troops" is a count, not a year


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], Resolver], v.Resolved]
    needs: tuple[str, ...] = ()  # words one of which every match contains (lower case): skip texts without any

    def may_match(self, lowered: str) -> bool:
        return not self.needs or any(word in lowered for word in self.needs)


def _rule(
    name: str,
    pattern: str,
    resolve: Callable[[re.Match[str], Resolver], v.Resolved],
    flags: int = 0,
    needs: tuple[str, ...] = (),
) -> Rule:
    return Rule(name, re.compile(pattern, flags), resolve, needs)


def _year_range(side: str) -> str:
    """One end of "1996-2001" or "2010-11" as its own DATE: in prose "2010-11" is a span of years, not an ISO month."""
    first, second = r"(?P<y1>(?:1[0-9]|20)\d\d)", r"(?P<y2>(?:1[0-9]|20)\d\d|\d\d)"
    first, second = (f"(?P<x>{first})", second) if side == "from" else (first, f"(?P<x>{second})")
    return r"\b" + first + r"\s?[-–]\s?" + second + r"\b(?![-–/.]\d)"


REL = r"(?P<rel>(?i:last|past|this|next|coming))"
HOLIDAY = (  # fixed and movable feasts, and national days whose date only an apposition can give
    r"(?P<holiday>New Year[’']s (?:Day|Eve)|Valentine[’']s Day|Christmas(?: Day| Eve)?|Halloween|Boxing Day|"
    r"Easter(?: Sunday| Monday)?|Good Friday|Thanksgiving(?: Day)?|"
    r"(?:Independence|Labou?r|National|Republic|Victory|Constitution|Liberation|Unity|Memorial) Day)"
)
DAY_WORD = (  # a deictic day, with or without a part of it: "tonight", "this morning", "tomorrow evening"
    r"(?P<dayword>(?:this|tomorrow|yesterday)\s+(?:morning|afternoon|evening|night)|last\s+night|"
    r"today|tonight|tomorrow|yesterday)"
)
CLOCK = r"(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?"  # "9:45", "8"; a bare hour needs a.m./p.m. or a day word
ZONE = r"(?:[ECMP][SD]T|GMT|UTC|local\s+time)"  # "5 p.m. EST": the zone is part of the expression
AMPM = r"\s*(?P<ampm>[ap]\.m\.|[ap]m)(?![a-z])"
ORDINAL = r"(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)"  # of a quarter or a half of the year
LAST_OF_ORDINAL = ORDINAL.replace("final|", r"final|last(?=[\s-]+(?:quarter|half)\s+of\s)|")
PAST_OR_FUTURE = r"(?:the\s+(?:(?:near|distant|recent|immediate|foreseeable)\s+)?)?(?:past|future)"  # PAST/FUTURE_REF
RULES: list[Rule] = [
    _rule(
        "iso",
        r"\b" + YEAR + r"-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?\b",
        v.r_iso,
    ),
    _rule("holiday-year", r"(?:\bthe\s+)?(?P<x>" + HOLIDAY + COMMA + YEAR + r")\b", v.r_holiday),
    _rule("month-day-year", r"\b" + OPT_WEEKDAY + MONTH + r"\s+" + DAY + COMMA + YEAR + r"\b", v.r_full),
    _rule(
        "day-month-year",
        r"\b" + OPT_WEEKDAY + r"(?:the\s+)?" + DAY + r"\s+(?:of\s+)?" + MONTH + COMMA + YEAR + r"\b",
        v.r_full,
    ),
    _rule("numeric", r"\b(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/" + YEAR + r"\b", v.r_numeric),
    _rule(  # "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST, Nov. 9": one TIME, the clock on that day
        "clock-on-day",
        r"\b(?:" + CLOCK + AMPM + r"|(?P<noon>noon|midnight))(?:\s+" + ZONE + r")?,?\s+"  # "at 9 a.m. on Friday" is two
        r"(?:" + WEEKDAY + r"|" + MONTH + r"\s+" + DAY + r")\b(?!,?\s+\d{4})",
        p.r_clock_on_day,
    ),
    _rule(
        "month-year",
        r"\b(?:" + PART + r"[\s-]+)?" + MONTH + r",?\s+(?:of\s+)?" + YEAR + NOT_A_YEAR_AFTER,
        v.r_month_year,
    ),
    _rule(
        "month-same-year",
        r"\b" + MONTH + r"\s+(?:of\s+)?(?:the\s+same|that)\s+year\b",
        v.r_month_same_year,
        needs=("year",),
    ),
    _rule(
        "month-relative-year",
        r"\b" + MONTH + r"\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b",
        p.r_month_relative_year,
        needs=("year",),
    ),
    _rule("month-day", r"\b" + OPT_WEEKDAY + MONTH + r"\s+" + DAY + r"\b(?!\s*(?:%|,\d|\d))", v.r_month_day),
    _rule("day-month", r"\b(?:the\s+)?" + DAY + r"\s+(?:of\s+)?" + MONTH + r"\b", v.r_month_day),
    _rule("holiday", r"(?:\bthe\s+)?(?P<x>" + HOLIDAY + r")(?P<year>)\b", v.r_holiday),
    _rule("month-relative", r"\b" + REL + r"\s+" + MONTH, v.r_month_relative),
    _rule("month-part", r"\b(?P<x>" + PART + r"[\s-]+" + MONTH + r")(?!\s+\d)", v.r_month_bare),
    _rule(
        "month-bare",
        r"\b(?:in|since|until|till|by|during|from|to|through|throughout|of|last|this)\s+(?P<x>" + MONTH + r")(?!\s+\d)",
        v.r_month_bare,
    ),
    _rule(  # "in January and February": the second month of a pair needs no preposition of its own
        "month-coordinated",
        r"\b" + MONTH.replace("(?P<month>", "(?:") + r"\s+(?:and|or)\s+(?P<x>" + MONTH + r")(?!\s+\d)",
        v.r_month_bare,
    ),
    _rule(  # "the year-ago quarter", "year-earlier", "the year-earlier third quarter", "last year's quarter"
        "year-ago-period",
        r"\b(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:year-(?:ago|earlier)|last\s+year['’]s)"
        r"(?:\s+(?:" + ORDINAL + r"[\s-]+)?(?P<period>quarter|period|half))?(?![\w-])",
        p.r_year_ago_period,
        re.I,
        needs=("year",),
    ),
    _rule(  # "the quarter a year ago", "the corresponding period last year"
        "period-a-year-ago",
        r"\bthe\s+(?:(?:same|corresponding|comparable)\s+)?(?P<period>period|quarter)\s+"
        r"(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year)\b",
        p.r_year_ago_period,
        re.I,
        needs=("period", "quarter"),
    ),
    _rule(
        "quarter",
        r"\b(?:the\s+)?"
        + LAST_OF_ORDINAL  # "the last half of 1989" is H2; a bare "the last quarter" is the one before
        + r"[\s-]+(?P<unit>quarter|half)(?:\s+of\s+(?:"
        + YEAR
        + r"|(?:the\s+)?(?P<rel>this|last|next|the)\s+year))?\b(?!-?\s*(?:point|mile|century))",
        p.r_quarter,
        re.I,
        needs=("quarter", "half"),
    ),
    _rule("quarter-code", r"\b(?P<unit>Q|H)(?P<ord>[1-4])(?:\s+" + YEAR + r")?\b", p.r_quarter),
    _rule(
        "season",
        r"\b(?P<x>(?:(?P<rel>last|this|next|the)\s+|" + PART + r"[\s-]+)?"
        r"(?P<season>spring|summer|autumn|winter)(?:\s+(?:of\s+)?" + YEAR + r")?)\b",
        v.r_season,
        re.I,
        needs=("spring", "summer", "autumn", "winter"),
    ),
    _rule(
        "season-fall",
        r"\b(?P<x>(?P<rel>last|this|next)\s+(?P<season>fall)(?:\s+(?:of\s+)?" + YEAR + r")?)\b(?P<part>)",
        v.r_season,
        re.I,
        needs=("fall",),
    ),
    _rule(
        "weekend",
        r"\b(?:over\s+)?(?P<x>(?P<rel>last|this|next|the)\s+weekend)\b",
        v.r_weekend,
        re.I,
        needs=("weekend",),
    ),
    _rule("decade", r"\b(?:the\s+)?(?:" + PART + r"[\s-]+)?(?P<decade>1\d\d|20\d|'\d)0s\b", v.r_decade, needs=("0s",)),
    _rule(
        "decade-apostrophe",
        r"\b(?:the\s+)?(?P<part>)(?P<decade>)['’](?P<d2>\d)0s\b",
        lambda m, r: ("DATE", "19" + m.group("d2"), None),
        needs=("0s",),
    ),
    _rule(
        "century",
        r"\b(?:the\s+)?(?:" + PART + r"[\s-]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b",
        v.r_century,
        re.I,
        needs=("century",),
    ),
    _rule(  # "the 19th-century palace": the article belongs to the palace
        "century-adjective",
        r"\b(?:" + PART + r"[\s-]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)-century\b",
        v.r_century,
        re.I,
        needs=("century",),
    ),
    _rule(  # "the quarter", "the latest quarter": the quarter being reported
        "the-quarter",
        r"\b(?:the|that)\s+(?P<which>(?:latest|most\s+recent|recent|just-ended|fiscal)\s+)?quarter\b"
        r"(?![\s-]+(?:of|century|mile|point|percent|share|final))",
        p.r_the_quarter,
        re.I,
        needs=("quarter",),
    ),
    _rule(
        "earlier-this",
        r"\b(?P<when>earlier|later)\s+(?:this|that)\s+(?P<unit>week|month|year)\b",
        v.r_earlier_this,
        re.I,
        needs=("earlier", "later"),
    ),
    _rule(
        "same-unit",
        r"\b(?:(?:the|that)\s+(?P<rel>same|following|next|previous|preceding)|that)\s+(?P<unit>day|week|month|year)\b",
        v.r_same,
        re.I,
    ),
    _rule(
        "unit-so-far",  # "the past year", "the last week": a stretch up to now, not the calendar unit before
        r"\b(?P<x>the\s+(?:past|last|coming|next)\s+(?P<unit>day|week|fortnight|month|quarter|year|decade|century))\b"
        r"(?!\s+of\b)",  # "the last week of March" is a date
        v.r_duration,
        re.I,
        needs=("past", "last", "coming", "next"),
    ),
    _rule(
        "part-of-unit",
        r"\b(?P<part>the end of|the beginning of|the start of|the middle of)\s+the\s+"
        r"(?P<unit>week|month|year|decade)\b",
        v.r_relative_unit,
        re.I,
        needs=("the end of", "the beginning of", "the start of", "the middle of"),
    ),
    _rule(
        "relative-unit",
        r"\b(?:" + PART + r"[\s-]+)?(?P<rel>last|previous|this|current|next|coming)\s+"
        r"(?P<unit>week|month|year|quarter|decade|century)\b(?!\s+of\b)",  # "the last week of March" is no week
        v.r_relative_unit,
        re.I,
    ),
    _rule("ago", r"\b" + QUALIFIER + NUM + r"[\s-]+" + UNIT + r"s?\s+ago\b", v.r_ago, re.I, needs=("ago",)),
    _rule(
        "later",
        r"\b" + NUM + r"[\s-]+" + UNIT + r"s?\s+(?P<dir>later|earlier|afterwards)\b",
        v.r_later,
        re.I,
        needs=("later", "earlier", "afterwards"),
    ),
    _rule("clock-day", r"\b(?P<x>" + CLOCK + r"(?:" + AMPM + r")?\s+" + DAY_WORD + r")\b", v.r_clock, re.I),
    _rule("day-part", r"\b" + DAY_WORD + r"\b", v.r_deictic_day, re.I),
    _rule(
        "ref",
        r"\b(?:right now|now|currently|at present|nowadays|these days|at the moment|recently|lately|"
        r"(?<!as )soon(?! as\b))\b",
        v.r_ref,
        re.I,
    ),
    _rule(  # "in the past", "in the near future"; "the past three years" is a duration
        "ref-period",
        r"\b(?:in|into|of)\s+(?P<x>" + PAST_OR_FUTURE + r"|the\s+coming\s+(?:years|decades))\b"
        r"(?![\s-]+(?:[\w-]+\s+)?" + UNIT_WORD + r"\b)",
        v.r_ref,
        re.I,
        needs=("past", "future", "coming"),
    ),
    _rule(
        "set",
        r"\b(?:(?:every|each)\s+(?:(?P<num>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|other)\s+)?"
        r"(?P<unit>minute|hour|day|week|month|quarter|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|"
        r"(?P<adverb>daily|weekly|monthly|annually|yearly))\b",
        v.r_set,
        re.I,
        needs=("every", "each", "daily", "weekly", "monthly", "annually", "yearly"),
    ),
    _rule(  # "twice a week", "three times a month"; "15 a year" counts things, so only "a year" is the set
        "set-rate",
        r"\b(?P<x>(?:once|twice|thrice|\w+\s+times)\s+(?:a|per)\s+(?P<unit>day|week|month|year))\b",
        v.r_set,
        re.I,
        needs=("once", "twice", "thrice", "times"),
    ),
    _rule(  # a rate: "10 per month", "$300 million a year"
        "set-per",
        r"\b(?:\d[\d,.]*|million|billion|thousand|hundred)\s+(?P<x>a\s+(?P<unit>day|week|month|year))\b",
        v.r_set,
        re.I,
    ),
    _rule("set-per-unit", r"\bper\s+(?P<unit>day|week|month|year)\b", v.r_set, re.I, needs=("per",)),
    _rule(
        "weekday",
        r"\b(?:on\s+)?(?P<x>(?:(?P<rel>(?i:last|this\s+coming|this\s+past|coming|this|next))\s+)?"  # "on" is not in it
        + WEEKDAY
        + r"(?:\s+(?P<pod>morning|afternoon|evening|night))?)\b",
        v.r_weekday,
    ),
    _rule("clock", r"\b" + CLOCK + AMPM, v.r_clock, re.I),
    _rule("noon", r"\b(?P<x>noon|midday|midnight)\b", v.r_clock, re.I, needs=("noon", "midday", "midnight")),
    _rule(
        "duration",
        r"\b"
        + QUALIFIER
        + r"(?:the\s+(?:past|last|next|previous|coming|first|final)\s+)?"
        + NUM
        + r"(?P<half>[\s-]+and[\s-]+a[\s-]+half|\s+1/2|\s*½)?[\s-]+"  # "two and a half years", "2 1/2 years"
        + COUNT_ADJECTIVE
        + UNIT
        + r"s?(?:-long|-old)?(?P<half_after>\s+and\s+a\s+half)?\b",  # "an hour and a half"
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
    _rule("year-range-from", _year_range("from"), v.r_year_range),
    _rule("year-range-to", _year_range("to"), v.r_year_range),
    _rule(
        "year", r"(?<![$£€#\d.,/-])\b(?:" + PART + r"[\s-]+)?" + YEAR + r"\b" + NOT_A_YEAR_AFTER + r"(?!-\d)", v.r_year
    ),
]
