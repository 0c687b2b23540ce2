"""Comparing two claims' content: their plain wording, and where the facts they state disagree.

Two reports of one happening contradict when they count it differently, date it differently, one denies what
the other asserts, or their verbs point opposite ways (seized / released, won / lost).
"""

from __future__ import annotations

import re

from dossier.records import Claim, Quantity

POINT_TOLERANCE = 0.005  # exact figures: rounding only ("31,000" and "31,000.0")
APPROX_TOLERANCE = 0.15  # "about 31,000" still agrees with 33,000 … at most; 40,000 does not
MARKDOWN = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`#]+")
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of in on at to for from by with as is are was were be been being has have had it its "
        "this that these those he she they them his her their we our you your i me my not no than then so such "
        "which who whom whose what when where while also into over after before about against between during since "
        "until said says say would will could may might can do does did",
    )
)
OPPOSITES = [
    (r"seiz\w*|detain\w*|captur\w*|arrest\w*", r"releas\w*|freed|let go"),
    (r"w[oi]n[s]?|winning|victor\w*", r"los[te]s?|losing|defeat\w*"),
    (
        r"ris(?:e|es|en|ing)|rose|increas\w*|grew|grow\w*|climb\w*|soar\w*",
        r"f[ae]ll(?:s|en|ing)?|decreas\w*|declin\w*|dropp?\w*|shr[ai]nk\w*|plung\w*",
    ),
    (r"confirm\w*|admit\w*|acknowledg\w*", r"den(?:y|ies|ied|ying)|reject\w*|dismiss\w*"),
    (r"accept\w*|approv\w*|ratif\w*|adopt\w*", r"reject\w*|vetoe?\w*"),
    (r"surviv\w*|unharmed", r"kill\w*|died|dead|murder\w*"),
    (r"guilty|convict\w*", r"innocent|acquit\w*"),
]  # pairs specific enough that, in two reports of one fact, they cannot both hold


def plain(text: str) -> str:
    """Claim text without markdown marks or link targets and with its whitespace collapsed."""
    return " ".join(MARKDOWN.sub(lambda m: m.group(1) or "", text).split())


def embedding_text(claim: Claim) -> str:
    """What is embedded: the plain claim, with the entities it names only by pronoun added in brackets."""
    text = plain(claim.text)
    unnamed = [e.name for e in claim.entities if e.name.split()[-1].lower() not in text.lower()]
    return f"{text} ({', '.join(unnamed)})" if unnamed else text


def words(text: str) -> set[str]:
    """Content words, lower-cased, for lexical overlap."""
    return {w for w in re.findall(r"[a-z0-9]+", plain(text).lower()) if w not in STOPWORDS and len(w) > 1}


def disagreements(a: Claim, b: Claim) -> list[str]:
    """Where two similar claims state different facts; empty when they agree."""
    found = []
    if a.negated != b.negated:
        found.append("negation differs: one says it did not happen")
    dates = dates_disagree(a.dates, b.dates)
    if dates:
        found.append(dates)
    numbers = numbers_disagree(a.numbers, b.numbers)
    if numbers:
        found.append(numbers)
    verbs = opposing_verbs(a.text, b.text)
    if verbs:
        found.append(verbs)
    return found


def _calendar(value: str) -> str | None:
    """The calendar part of a TIMEX3 value ("2024-06-07TEV" → "2024-06-07"); None for seasons, weeks, XXXX."""
    found = re.match(r"^\d{4}(?:-\d\d(?:-\d\d)?)?(?=$|T)", value)
    return found.group(0) if found else None


def dates_disagree(left: list[str], right: list[str]) -> str | None:
    """Both date it, and no date of one fits any date of the other at the coarser granularity."""
    a = [d for d in map(_calendar, left) if d]
    b = [d for d in map(_calendar, right) if d]
    if not a or not b or any(x.startswith(y) or y.startswith(x) for x in a for y in b):
        return None
    return f"dates differ: {', '.join(a)} vs {', '.join(b)}"


def _agree(x: Quantity, y: Quantity) -> bool:
    if x.value is None or y.value is None:
        return True
    tolerance = APPROX_TOLERANCE if x.approx or y.approx else POINT_TOLERANCE
    return abs(x.value - y.value) <= tolerance * max(abs(x.value), abs(y.value), 1e-9)


def numbers_disagree(left: list[Quantity], right: list[Quantity]) -> str | None:
    """The same thing counted differently: per shared unit, or the one figure each states when units differ."""
    a = [q for q in left if q.value is not None]
    b = [q for q in right if q.value is not None]
    if not a or not b:
        return None
    units = {q.unit for q in a if q.unit} & {q.unit for q in b if q.unit}
    for unit in sorted(units):
        xs, ys = [q for q in a if q.unit == unit], [q for q in b if q.unit == unit]
        if not any(_agree(x, y) for x in xs for y in ys):
            return f"numbers differ ({unit}): {xs[0].text} vs {ys[0].text}"
    money = {"%", "$", "€", "£"}
    other_measures = bool({a[0].unit, b[0].unit} & money) and a[0].unit != b[0].unit  # 40% is not $40
    if not units and len(a) == len(b) == 1 and not other_measures and not _agree(a[0], b[0]):
        return f"numbers differ: {a[0].text} vs {b[0].text}"
    return None


def opposing_verbs(left: str, right: str) -> str | None:
    """One says seized and the other released (and not both of each)."""
    a, b = plain(left).lower(), plain(right).lower()
    for one, other in OPPOSITES:
        first, second = re.compile(rf"\b(?:{one})\b"), re.compile(rf"\b(?:{other})\b")
        for x, y in ((a, b), (b, a)):
            m, n = first.search(x), second.search(y)
            if m and n and not second.search(x) and not first.search(y):
                return f"opposing verbs: {m.group(0)} vs {n.group(0)}"
    return None
