"""Time expressions found and normalized to TIMEX3 type and value, at the granularity the text gives.

No library keeps granularity ("last August" is a month, not a day) or anchors vague references the way news
needs, so this is our own grammar: detection by patterns over the text, normalization against an anchor date
(the publication date, or the nearest explicit date for narrative anaphora such as "the same year").
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate import (
    extensions,  # noqa: F401  (registers doc._.anchor and doc._.timexes)
    timeperiods,
)
from dossier.annotate import timegrammar as g
from dossier.annotate.extensions import doc_text
from dossier.annotate.needs import checked
from dossier.annotate.timevalues import shift
from dossier.records import TimeExpr

EXTRACTOR = "dossier.timex.v5"  # v2 past plans, v3 "this coming", v4 year-ago skips forecasts, v5 "planned a rally"
FUTURE_CUE = re.compile(  # what makes a bare "on Friday" or "in June" the next one rather than the last
    r"\b(?:will|shall|would|going to|(?:plans?|aims?|intends?|hopes?|expects?|set|due|is|are) to|"
    r"(?:is|are|be|been) (?:expected|scheduled|due|set)|expects?|scheduled|due|upcoming|"
    r"next(?!\s+to\b)|takes? place|if|unless|"  # "next to the embassy" is a place
    r"planned(?=\s+(?:an?|the)\s)|planning|slated|postponed|delayed|adjourned|payable|effective|as soon as|"
    r"(?:planned|decided|agreed|promised|vowed|pledged|voted|hoped|wanted|asked|ordered|called on \w+) to|"
    r"(?-i:should|must|may|might)(?!\s+have\b)|"  # modals look ahead, unless perfect; "May" is a month
    r"(?:begin|start|end|open|close|run|resume|meet|expire|continue)s)\b",  # the scheduled present: "ends on Friday"
    re.I,
)
PAST_CUE = re.compile(  # lower case only: "United" is a name, not a past tense
    r"\b(?:said|told|was|were|had|did|ago|has been|have been|began|met|held|took|made|came|went|saw|gave|won|"
    r"lost|fell|rose|left|sent|struck|became|sold|bought|paid|led|fled|"
    r"(?!(?:succ|proc|exc|n|f|sp|bl|br|h)eed\b|hundred\b|embed\b|shed\b)[a-z]\w+ed)\b"  # "will succeed" looks ahead
)
PAST_PLAN = re.compile(  # a plan the past perfect or "previously" puts behind us: "had been due to expire Friday"
    r"\bhad\s+(?:been\s+)?(?:originally\s+|previously\s+)?(?:expected|scheduled|due|set|slated|planned|meant|supposed)\s+(?:to|for)\b|"
    r"\b(?:previously|originally)\s+(?:been\s+)?(?:expected|scheduled|due|set|slated|planned)\b",
    re.I,
)
SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)  # "since December" is always behind us
CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while|although|though|which|who|when|where|as)\b")  # tense scope
CLAUSE_START = re.compile(  # where the expression's own clause begins, looking back from it
    CLAUSE_BREAK.pattern + r"|\b(?:that|because|where|when|after|before)\s+(?!year|day|week|month|time|quarter)", re.I
)
POSSESSIVE = re.compile(r"['’]s\b")  # "Wednesday's ruling": a day that has come
PASSIVE = re.compile(r"\b(?:be|been|being|is|are)\s+$")  # "will be held", "is reached": a participle, not a past
NEAR_FUTURE_DAYS = 45  # a bare date up to ~6 weeks ahead is an announced deadline or plan, not last year's
NEAR_FUTURE_MONTHS = 2  # with no tense cue, a month at most two ahead is the coming one ("talks in June")
NEXT_MONTH = 1  # even in a past-tense clause, the month right after the anchor's is the coming one ("told of cuts in
# September" in mid-August): last year's would be eleven months back, which news writes "last September"
RECENT_DAYS = 7  # looking ahead, a date at most a week behind the anchor is still that one ("would act by Jan. 14"
# in a Jan. 15 paper), not next year's: a date a year off would carry its year
SAME_SENTENCE_BACK = 400  # characters to look back for the explicit date that governs "the same year"
APPOSITION_GAP = 8  # "Valentine's Day, on 14 Feb 1979": at most ", on " between a name and its date
ADJACENT_GAP = 4  # "9:45 a.m. on Thursday", "Thursday at 9:45 a.m.": at most " on " between a clock and its day
SENTENCE_BREAK = re.compile(  # not after an initial or a title: "Daniel P. Davison", "Mr. Schwarz", "U.S. Trust"
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bM[rs]\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bGen\.)(?<!\bSen\.)"
    r"(?<!\bRep\.)(?<!\bGov\.)(?<!\bLt\.)(?<!\bCol\.)(?<!\bSgt\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bNo\.)"
    r"\s+(?=[A-Z“\"'])|(?<=[.!?][\"”])\s+(?=[A-Z“\"'])|\n\n"  # also after a closing quote: 'he said." While'
)
BOUNDARY = re.compile(r"\b(?:since|until|till|before|after|from)\s+$", re.I)  # "since 2017" frames nothing after
EXPLICIT_YEAR = re.compile(r"\d{4}|['’]\d\d\b")  # a date whose year is written out: only that one governs
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14), "christmas day": (12, 25),
    "christmas eve": (12, 24), "christmas": (12, 25), "halloween": (10, 31), "boxing day": (12, 26),
}  # fmt: skip
MOVABLE = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2}  # days from Easter Sunday
DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(?P<day>\d\d)")  # a value that can anchor "the following day"
MONTH_VALUE = re.compile(r"(\d{4})-(\d\d)")  # ... or "the following month"


def time_expressions(text: str, anchor: date | None, *, doc_id: str = "") -> list[TimeExpr]:
    """Every time expression in the text, normalized against the anchor date (None: values keep XXXX), as the
    records the store keeps (`doc_id` names the document the text is from).

    Rules run one after another, so a rule that looks for the date governing it ("the same year", "in
    December" after "In 1979") may look before a later rule has found that date. Each look is logged; when a
    later find falls where an earlier rule looked, the text is scanned again with every first-scan find known.
    """
    looks: list[Look] = []
    found = _scan(text, anchor, [], looks)
    if any(t.start < hi and lo < t.end for lo, hi, known in looks for t in found[known:]):
        found = _scan(text, anchor, found, None)
    for t in found:
        t.doc_id = doc_id
    return sorted(found, key=lambda t: t.start)


Look = tuple[int, int, int]  # a rule looked for dates in text[lo:hi] when the first `known` finds were made


def _scan(text: str, anchor: date | None, context: list[TimeExpr], looks: list[Look] | None) -> list[TimeExpr]:
    """One pass of every rule, in order; finds are kept in the order they were made."""
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    for rule in (r for r in g.RULES if r.may_match(lowered)):
        for m in rule.pattern.finditer(text):
            start, end = m.span("x") if "x" in rule.pattern.groupindex else m.span()
            if start == end or any(start < e and s < end for s, e in taken):
                continue
            resolved = rule.resolve(m, Resolver(anchor, text, start, end, found, context, looks))
            if resolved is None:
                continue
            kind, value, mod = resolved
            found.append(
                TimeExpr(
                    doc_id="", start=start, end=end, text=text[start:end], type=kind, value=value, mod=mod,
                    anchor=anchor.isoformat() if anchor else None, extractor=EXTRACTOR,
                )
            )  # fmt: skip
            taken.append((start, end))
    return found


@dataclass
class Resolver:
    """What a rule needs to turn a match into a value: the anchor, the text around it, earlier finds."""

    anchor: date | None
    text: str
    start: int
    end: int
    found: list[TimeExpr]
    context: list[TimeExpr] = field(default_factory=list)  # a previous scan's finds, for narrative anchors
    looks: list[Look] | None = None  # where this scan's rules looked for governing dates

    @property
    def sentence_before(self) -> str:
        # one character more, so that a break right before the expression sees the capital that follows it
        window = self.text[max(0, self.start - SAME_SENTENCE_BACK) : self.start + 1]
        return SENTENCE_BREAK.split(window)[-1][:-1]

    @property
    def sentence_after(self) -> str:
        return SENTENCE_BREAK.split(self.text[self.end : self.end + SAME_SENTENCE_BACK])[0]

    @property
    def future(self) -> bool:
        return self.tense is True

    @property
    def tense(self) -> bool | None:
        """True when the expression's clause looks ahead, False when it looks back, None when nothing says.

        The nearest tense cue before the expression in its own clause, else the first after it in that clause,
        else the nearest before it in the sentence; "since December" always looks back and "Monday's ruling"
        is a day that has come."""
        if SINCE.search(self.sentence_before) or POSSESSIVE.match(self.text, self.end):
            return False
        before = self.sentence_before
        own = _tense_cues(CLAUSE_START.split(before)[-1])
        if own:
            return own[-1][1]
        after = _tense_cues(CLAUSE_BREAK.split(self.sentence_after)[0])
        if after:
            return after[0][1]
        cues = _tense_cues(before)
        return cues[-1][1] if cues else None

    def _known(self, lo: int, hi: int) -> list[TimeExpr]:
        """The expressions found so far (and in a previous scan) that touch text[lo:hi]; the look is logged."""
        if self.looks is not None:
            self.looks.append((lo, hi, len(self.found)))
        known = {(t.start, t.end): t for t in self.context if t.start < hi and lo < t.end}
        known.update({(t.start, t.end): t for t in self.found if t.start < hi and lo < t.end})
        return list(known.values())

    def _dated_before(self, *, same_sentence: bool, any_value: bool = False) -> list[TimeExpr]:
        """Dates before this expression, nearest first: those with a calendar value, or any_value (PAST_REF too)."""
        floor = self.start - len(self.sentence_before) if same_sentence else self.start - SAME_SENTENCE_BACK
        dated = [
            t for t in self._known(floor, self.start) if t.type == "DATE" and floor <= t.start and t.end <= self.start
        ]
        valued = (t for t in dated if any_value or re.match(r"^\d{4}", t.value))
        return sorted(valued, key=lambda t: t.start, reverse=True)

    def dated_before(self, *, same_sentence: bool) -> list[TimeExpr]:
        """Calendar dates before this expression, nearest first (in its sentence, or within reach)."""
        return self._dated_before(same_sentence=same_sentence)

    def compared_period(self, years: int) -> str | None:
        """ "a year ago" beside "the third quarter": that quarter a year back; None when no period governs it."""
        return timeperiods.compared_period(self, years)

    def sentence_year(self) -> int | None:
        """The year that frames this expression ("In 1979 … in December"): that of the nearest date before it in
        the sentence, if that date writes its year out. A guessed year ("March 31"), a deictic ("recently") or a
        boundary ("since 2017") frames nothing, and leaves the anchor to decide."""
        frames = [t for t in self._dated_before(same_sentence=True, any_value=True) if not self._boundary(t)]
        if not frames or not EXPLICIT_YEAR.search(frames[0].text) or not re.match(r"^\d{4}", frames[0].value):
            return None
        year = int(frames[0].value[:4])
        if self.anchor is not None and year < self.anchor.year and self.future:
            return None  # "invited in July 1997, will join on March 12": a past year frames no plan
        return year

    def _boundary(self, t: TimeExpr) -> bool:
        return bool(BOUNDARY.search(self.text, max(0, t.start - 8), t.start))

    def governing_year(self, *, same_sentence: bool = True) -> int | None:
        """The year of the nearest explicit date before this one (narrative anchor for "the same year")."""
        dated = self._dated_before(same_sentence=same_sentence)
        return int(dated[0].value[:4]) if dated else None

    def governing_date(self, *, month_ok: bool = False) -> date | None:
        """The nearest date before this one given to the day (or the month, if enough): "the following day"."""
        for t in self._dated_before(same_sentence=False):
            m = DAY_VALUE.fullmatch(t.value) or (MONTH_VALUE.fullmatch(t.value) if month_ok else None)
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.groupdict().get("day") or 1))
        return None

    def _neighbour(self, gap: int, *, after: bool = True, before: bool = False) -> TimeExpr | None:
        """A day-level date right after (or before) this expression, at most `gap` characters away."""
        for t in self._known(self.start - gap if before else self.end, self.end + gap + 1):
            near = (after and 0 <= t.start - self.end <= gap) or (before and 0 <= self.start - t.end <= gap)
            if near and t.type == "DATE" and re.match(r"^(?:\d{4}|XXXX)-\d\d-\d\d$", t.value):
                return t
        return None

    def apposition_year(self) -> int | None:
        """ "the Valentine's Day, on 14 Feb 1979": the year of a full date right after this expression."""
        for t in self._known(self.end, self.end + APPOSITION_GAP + 1):
            if 0 <= t.start - self.end <= APPOSITION_GAP and re.match(r"^\d{4}", t.value):
                return int(t.value[:4])
        return None

    def apposition_date(self) -> str | None:
        """ "Independence Day, November 28,": the full date an appositive gives a named day."""
        t = self._neighbour(APPOSITION_GAP)
        return t.value if t else None

    def adjacent_day(self) -> str | None:
        """ "9:45 a.m. on Thursday", "Monday at noon": the day a clock time is on."""
        t = self._neighbour(ADJACENT_GAP, before=True)
        return t.value if t else None

    def month_day(self, month: int, day: int) -> str:
        """A day of a month with no year: the occurrence nearest the anchor, biased to the past in news."""
        value = self.nearest_day(lambda year: date(year, month, day) if day <= monthrange(year, month)[1] else None)
        return value or f"XXXX-{month:02d}-{day:02d}"

    def nearest_day(self, day_in: Callable[[int], date | None]) -> str | None:
        """Of a yearly day's occurrences around the anchor, the next one when the sentence looks ahead, else the
        last one (or one within NEAR_FUTURE_DAYS ahead: an announced deadline)."""
        if self.anchor is None:
            return None
        candidates = [d for d in (day_in(y) for y in range(self.anchor.year - 1, self.anchor.year + 2)) if d]
        if not candidates:
            return None
        if self.future:
            after = [c for c in candidates if c >= self.anchor - timedelta(days=RECENT_DAYS)]
            return (min(after) if after else max(candidates)).isoformat()
        limit = self.anchor + timedelta(days=NEAR_FUTURE_DAYS)
        past = [c for c in candidates if c <= limit]
        return (max(past) if past else min(candidates)).isoformat()

    def period_year(self, first: int, last: int, relation: str) -> int | None:
        """The year of a part of the year given by its first and last month (winter: 12 to 14, into the next
        year): "last" the latest one over, "next" the first not begun, "this" the anchor's, otherwise the one
        begun (or, looking ahead, the one not yet over)."""
        if self.anchor is None:
            return None
        spills = last > 12 and self.anchor.month <= last - 12  # January in "this winter" belongs to last year's
        year, now = self.anchor.year - spills, self.anchor.month + 12 * spills
        if relation == "last":
            return year if last < now else year - 1
        if relation == "next":
            return year if first > now else year + 1
        if relation == "this":
            return year
        if self.future:
            return year if last >= now else year + 1
        return year if first <= now else year - 1

    def weekend(self, relation: str) -> str | None:
        """ "last weekend", "over the weekend": the last one, or the coming one when the sentence looks ahead."""
        if self.anchor is None:
            return None
        saturday = self.anchor + timedelta(days=5 - self.anchor.weekday())  # in the anchor's ISO week
        weekday = self.anchor.weekday() < 5
        back = relation == "last" or (relation in ("the", "this") and weekday and not self.future)
        saturday += timedelta(weeks=-1 if back else 1 if relation == "next" else 0)
        year, week, _ = saturday.isocalendar()
        return f"{year:04d}-W{week:02d}-WE"

    def month_only(self, month: int, relation: str) -> str:
        """ "last August", "this March", "next May", or a bare "in August"."""
        if self.anchor is None:
            return f"XXXX-{month:02d}"
        year = self.anchor.year
        if relation == "last":
            year = year if month < self.anchor.month else year - 1
        elif relation == "next":
            year = year if month > self.anchor.month else year + 1
        elif relation == "bare" and self.tense is None:  # nothing says: the nearer one, ahead only just
            ahead = (month - self.anchor.month) % 12
            year = (
                year + (month < self.anchor.month)
                if 0 < ahead <= NEAR_FUTURE_MONTHS
                else year - (month > self.anchor.month)
            )
        elif relation == "bare":
            if self.future:
                year = year if month >= self.anchor.month else year + 1
            elif (month - self.anchor.month) % 12 == NEXT_MONTH:
                year = year + (month < self.anchor.month)
            else:
                year = year if month <= self.anchor.month else year - 1
        return f"{year:04d}-{month:02d}"

    def weekday(self, weekday: int, relation: str) -> str:
        """ "on Friday": the nearest such day before the anchor, or after it when the sentence looks ahead."""
        if self.anchor is None:
            return "XXXX-WXX-" + str(weekday + 1)
        delta = (self.anchor.weekday() - weekday) % 7
        if relation == "this":  # the day of the anchor's own week
            return (self.anchor + timedelta(days=weekday - self.anchor.weekday())).isoformat()
        if relation == "bare" and delta == 0:
            return self.anchor.isoformat()  # "on Monday" in Monday's paper is that day, looking back or ahead
        if relation == "next" or (relation == "bare" and self.future):
            ahead = (weekday - self.anchor.weekday()) % 7 or 7
            return (self.anchor + timedelta(days=ahead)).isoformat()
        if relation == "last":
            delta = delta or 7
        return (self.anchor - timedelta(days=delta)).isoformat()

    def holiday(self, name: str, year: int | None) -> str | None:
        """A holiday's date in the year given, else its occurrence nearest the anchor (as for a bare date)."""
        if year:
            day = holiday_date(name, year)
            return day.isoformat() if day else None
        if self.anchor is None and name in HOLIDAYS:
            return f"XXXX-{HOLIDAYS[name][0]:02d}-{HOLIDAYS[name][1]:02d}"
        return self.nearest_day(lambda y: holiday_date(name, y))

    def shifted(self, unit: str, amount: int) -> str | None:
        """The anchor moved by whole units, at that unit's granularity ("last year", "two months ago")."""
        return shift(self.anchor, unit, amount) if self.anchor else None


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def holiday_date(name: str, year: int) -> date | None:
    """The day a named holiday falls on in a year, or None when it differs by country (Independence Day)."""
    if name in HOLIDAYS:
        month, day = HOLIDAYS[name]
        return date(year, month, day)
    if name in MOVABLE:
        return easter(year) + timedelta(days=MOVABLE[name])
    if name.startswith("thanksgiving"):  # the fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return None


def _tense_cues(window: str) -> list[tuple[int, bool]]:
    """Tense cues in a stretch of text, in order: (position, True for future, False for past)."""
    plans = [m.span() for m in PAST_PLAN.finditer(window)]
    future = [m.span() for m in FUTURE_CUE.finditer(window) if not any(s <= m.start() < e for s, e in plans)]
    cues = [(start, True) for start, _ in future] + [(start, False) for start, _ in plans]
    taken = future + plans  # the words of a past plan are no past cue of their own either
    for m in PAST_CUE.finditer(window):
        if not any(s <= m.start() < e for s, e in taken) and not PASSIVE.search(window[: m.start()]):
            cues.append((m.start(), False))
    return sorted(cues)


def timex_component(doc: Doc) -> Doc:
    """spaCy component: doc._.timexes from the text, anchored on doc._.anchor (set by the caller)."""
    doc._.timexes = time_expressions(doc_text(doc), doc._.anchor, doc_id=doc._.doc_id or "")
    return doc


@Language.factory("dossier_timex_v1", assigns=["doc._.timexes"], requires=["doc._.anchor"])
def make_timex(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Time expressions need nothing before them; doc._.anchor, when the caller sets it, anchors relative ones."""
    return checked(nlp, name, [], timex_component)
