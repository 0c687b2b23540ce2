"""Time expressions found and normalized to TIMEX3 type and value, at the granularity the text gives.

No library keeps granularity ("last August" is a month, not a day) or anchors vague references the way news
needs, so this is our own grammar: detection by patterns over the text, normalization against an anchor date
(the publication date, or the nearest explicit date for narrative anaphora such as "the same year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate import extensions  # noqa: F401  (registers doc._.anchor and doc._.timexes)
from dossier.annotate import timegrammar as g
from dossier.annotate.timevalues import shift

EXTRACTOR = "dossier.timex.v1"
FUTURE_CUE = re.compile(
    r"\b(will|shall|would|going to|plans? to|is to|are to|expects? to|scheduled|upcoming|next)\b[^.;]*$", re.I
)
NEAR_FUTURE_DAYS = 45  # a bare date up to ~6 weeks ahead is an announced deadline or plan, not last year's
SAME_SENTENCE_BACK = 400  # characters to look back for the explicit date that governs "the same year"
APPOSITION_GAP = 8  # "Valentine's Day, on 14 Feb 1979": at most ", on " between a name and its date
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'])|\n\n")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN, BEFORE, AFTER


def time_expressions(text: str, anchor: date | None) -> list[Timex]:
    """Every time expression in the text, normalized against the anchor date (None: values keep XXXX)."""
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []
    for rule in g.RULES:
        for m in rule.pattern.finditer(text):
            start, end = m.span("x") if "x" in rule.pattern.groupindex else m.span()
            if start == end or any(start < e and s < end for s, e in taken):
                continue
            resolved = rule.resolve(m, Resolver(anchor, text, start, end, found))
            if resolved is None:
                continue
            kind, value, mod = resolved
            found.append(Timex(start, end, text[start:end], kind, value, mod))
            taken.append((start, end))
    return sorted(found, key=lambda t: t.start)


@dataclass
class Resolver:
    """What a rule needs to turn a match into a value: the anchor, the text around it, earlier finds."""

    anchor: date | None
    text: str
    start: int
    end: int
    found: list[Timex]

    @property
    def sentence_before(self) -> str:
        window = self.text[max(0, self.start - SAME_SENTENCE_BACK) : self.start]
        return SENTENCE_BREAK.split(window)[-1]

    @property
    def future(self) -> bool:
        return bool(FUTURE_CUE.search(self.sentence_before))

    def _dated_before(self, *, same_sentence: bool) -> list[Timex]:
        floor = self.start - len(self.sentence_before) if same_sentence else self.start - SAME_SENTENCE_BACK
        dated = [t for t in self.found if t.type == "DATE" and floor <= t.start and t.end <= self.start]
        return sorted((t for t in dated if re.match(r"^\d{4}", t.value)), key=lambda t: t.start, reverse=True)

    def sentence_year(self) -> int | None:
        """The year of an explicit date earlier in the same sentence ("In 1979 … in December")."""
        dated = self._dated_before(same_sentence=True)
        return int(dated[0].value[:4]) if dated else None

    def governing_year(self, *, same_sentence: bool = True) -> int | None:
        """The year of the nearest explicit date before this one (narrative anchor for "the same year")."""
        dated = self._dated_before(same_sentence=same_sentence)
        return int(dated[0].value[:4]) if dated else None

    def governing_date(self) -> date | None:
        """The nearest full date before this one, else the anchor ("the same day", "two days later")."""
        for t in self._dated_before(same_sentence=False):
            if re.match(r"^\d{4}-\d\d-\d\d$", t.value):
                return date.fromisoformat(t.value)
        return None

    def apposition_year(self) -> int | None:
        """ "the Valentine's Day, on 14 Feb 1979": the year of a full date right after this expression."""
        for t in self.found:
            if 0 <= t.start - self.end <= APPOSITION_GAP and re.match(r"^\d{4}", t.value):
                return int(t.value[:4])
        return None

    def month_day(self, month: int, day: int) -> str:
        """A day of a month with no year: the occurrence nearest the anchor, biased to the past in news."""
        if self.anchor is None:
            return f"XXXX-{month:02d}-{day:02d}"
        candidates = []
        for year in (self.anchor.year - 1, self.anchor.year, self.anchor.year + 1):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        if not candidates:
            return f"XXXX-{month:02d}-{day:02d}"
        if self.future:
            after = [c for c in candidates if c >= self.anchor]
            return (min(after) if after else max(candidates)).isoformat()
        limit = self.anchor + timedelta(days=NEAR_FUTURE_DAYS)
        past = [c for c in candidates if c <= limit]
        return (max(past) if past else min(candidates)).isoformat()

    def month_only(self, month: int, relation: str) -> str:
        """ "last August", "this March", "next May", or a bare "in August"."""
        if self.anchor is None:
            return f"XXXX-{month:02d}"
        year = self.anchor.year
        if relation == "last":
            year = year if month < self.anchor.month else year - 1
        elif relation == "next":
            year = year if month > self.anchor.month else year + 1
        elif relation == "bare":
            if self.future:
                year = year if month >= self.anchor.month else year + 1
            else:
                year = year if month <= self.anchor.month else year - 1
        return f"{year:04d}-{month:02d}"

    def weekday(self, weekday: int, relation: str) -> str:
        """ "on Friday": the nearest such day before the anchor, or after it when the sentence looks ahead."""
        if self.anchor is None:
            return "XXXX-WXX-" + str(weekday + 1)
        delta = (self.anchor.weekday() - weekday) % 7
        if relation == "next" or (relation == "bare" and self.future):
            ahead = (weekday - self.anchor.weekday()) % 7 or 7
            return (self.anchor + timedelta(days=ahead)).isoformat()
        if relation == "last":
            delta = delta or 7
        return (self.anchor - timedelta(days=delta)).isoformat()

    def shifted(self, unit: str, amount: int) -> str | None:
        """The anchor moved by whole units, at that unit's granularity ("last year", "two months ago")."""
        return shift(self.anchor, unit, amount) if self.anchor else None


def timex_component(doc: Doc) -> Doc:
    """spaCy component: doc._.timexes from the text, anchored on doc._.anchor (set by the caller)."""
    doc._.timexes = time_expressions(doc.text, doc._.anchor)
    return doc


Language.component(
    "dossier_timex_v1",
    assigns=["doc._.timexes"],
    requires=["doc._.anchor"],
    func=timex_component,
)
