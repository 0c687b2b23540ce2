"""Metadata fields shared by every format: author names, bylines, outlets and the publication date.

Each field is one `extract_<field>`-style cascade; when nothing trustworthy is found the answer is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.ingest.dates import MONTHS, DateMatch, dates_in

HONORIFIC = re.compile(r"^(dr|prof|professor|mr|mrs|ms|mx|sir|dame|rev|hon|sen|rep|gen|col|capt)\.?\s+", re.I)
NOT_A_PERSON = re.compile(
    r"\b(staff|desk|team|editors?|editorial|newsroom|bureau|agency|agencies|news|media|press|wire|correspondents?|"
    r"reporters?|contributors?|admin|administrator|guest|anonymous|unknown|reuters|associated|afp|ap|"
    r"published|updated|posted|comments?|share|view|opinion|analysis|report|research|\.com|www)\b",
    re.I,
)
NAME_TOKEN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žḀ-ỿ'’.\-]+$")
BYLINE = re.compile(r"(?:^|[,;|–—-]\s*|\s)by\s*:?\s+(?P<names>[^()|\n]+)", re.I)
SPLIT_NAMES = re.compile(r"\s*(?:;|&|\band\b|\bwith\b|,\s*(?=\S+\s+\S+))\s*", re.I)
ROLE_TAIL = re.compile(r"\s*[,–—|-]\s*(?:[a-z].*|[A-Z][a-z]+ (?:Correspondent|Editor|Writer|Reporter).*)$")
FIRST_PUBLISHED = re.compile(
    r"\b(first|originally|original)\s+(published|posted|appeared)|\bpublished (first|originally)", re.I
)
UPDATED = re.compile(r"\b(updated|modified|edited|republished|reposted|last reviewed)\b", re.I)
CRAWLED = re.compile(r"\b(saved|archived|retrieved|accessed|crawled|fetched|captured|downloaded|scraped)\b", re.I)
CLAUSE_BREAK = re.compile(r"[.!?;|(\[]\s|[(\[]|\s[–—]\s")  # what a date's own label cannot reach across
MAX_LABEL_CHARS = 80  # a label such as "First published by The Kessen Review on" sits right before its date
DOMAIN = re.compile(r"\b[\w-]+\.(com|org|net|info|co|in|uk|au|ca|de|fr|pk)\b", re.I)

STAMP_LABEL = re.compile(r"\b(published|posted|updated|republished|modified|edited|saved|archived|retrieved)\b", re.I)
WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)", re.I)
COPYRIGHT = re.compile(r"(?:copyright|©|\(c\)(?=\s*(?:19|20)\d\d))\s*(?:©\s*)?", re.I)
ORIGINAL_PUBLISHER = re.compile(
    r"\b(?i:first|originally) (?i:published|appeared|posted)\s+(?i:by|in|on|at)\s+"
    r"(?P<name>(?:The\s+)?[A-Z][\w'’&.-]*(?:\s+(?:(?:of|the|and|for|&)\s+)?[A-Z][\w'’&.-]*){0,5})"
)
WIRE_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]+(?:,[^()\n]{0,40})?\((?P<outlet>[A-Z][^()\d]{1,40})\)\s*(?:-{1,2}|–|—)\s")

MIN_DATE_SCORE = 50  # below this a date is a crawl stamp or a listing date: better null than a wrong date


def normalized_person(raw: str) -> str | None:
    """An author name as "First Last": honorifics dropped, SURNAME-first and "Last, First" reordered."""
    name = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip(" ,.;:-–—|*_")
    name = re.sub(r"\S+@\S+|@\w+|https?://\S+", "", name).strip()
    while HONORIFIC.match(name):
        name = HONORIFIC.sub("", name, count=1)
    if "," in name:
        last, _, first = name.partition(",")
        if len(last.split()) == 1 and 1 <= len(first.split()) <= 2:
            name = f"{first.strip()} {last.strip()}"
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or not all(NAME_TOKEN.match(t) for t in tokens):
        return None
    if NOT_A_PERSON.search(name):
        return None
    caps = [t for t in tokens if len(t) > 1 and t.isupper() and t.isalpha()]
    if caps and len(caps) < len(tokens) and tokens[0] in caps:
        # "MIAH Malik": the capitalized token is a family name written first, as many directories do
        tokens = tokens[len(caps) :] + caps
    tokens = [t.capitalize() if t.isupper() and len(t) > 2 and t.isalpha() else t for t in tokens]
    if not all(
        t[0].isupper()
        for t in tokens
        if t[0].isalpha() and t.lower() not in {"de", "van", "von", "bin", "al", "el", "da", "di", "la", "le", "du"}
    ):
        return None
    return " ".join(tokens)


def normalized_authors(raw_names: list[str], *, outlet: str | None = None) -> list[str]:
    """Deduplicated person names; the outlet and non-person bylines are never authors."""
    out: list[str] = []
    for raw in raw_names:
        for part in SPLIT_NAMES.split(raw):
            name = normalized_person(part)
            if not name:
                continue
            if outlet and name.lower().replace(" ", "") == outlet.lower().replace(" ", ""):
                continue
            if name not in out:
                out.append(name)
    return out


def byline_names(line: str) -> list[str] | None:
    """The raw names after "By" in a byline, or None when the line is not a byline."""
    m = BYLINE.search(line)
    if not m or (m.start() > 0 and not re.search(r"\d|,", line[: m.start()])):
        return None
    names = m.group("names")
    for d in dates_in(names):
        names = names[: d.start]
        break
    names = ROLE_TAIL.sub("", names).strip(" .,")
    names = re.sub(r"\s+(?:on|in|at|for|from)\s+.*$", "", names)
    return [names] if names else None


@dataclass(frozen=True)
class DateCandidate:
    value: str
    score: int
    why: str


def date_candidate(line: str, match: DateMatch, *, near_byline: bool, in_header: bool) -> DateCandidate:
    """Score one date by what surrounds it: explicit first-publication wins; crawl stamps lose."""
    before = date_label(line, match.start)
    date = match.value[:10]
    if FIRST_PUBLISHED.search(before):
        return DateCandidate(date, 100, "marked as first publication")
    if UPDATED.search(before):
        return DateCandidate(date, 0, "marked as an update")
    if CRAWLED.search(before):
        return DateCandidate(date, 0, "a crawl or archive stamp")
    inside_parens = line.rfind("(", 0, match.start) > line.rfind(")", 0, match.start)
    if inside_parens and DOMAIN.search(line):
        return DateCandidate(date, 20, "a listing date beside a site name")
    if match.has_time and not near_byline:
        return DateCandidate(date, 10, "a time-stamped page date (crawl or render time)")
    if near_byline:
        return DateCandidate(date, 80, "the dateline beside the byline")
    if in_header:
        return DateCandidate(date, 60, "a date line in the page header")
    return DateCandidate(date, 30, "a date elsewhere on the page")


def date_label(line: str, start: int) -> str:
    """The words that label a date: its own clause before it ("Republished 18 June 2024. First published on …")."""
    head = line[max(0, start - MAX_LABEL_CHARS) : start]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
    return head[breaks[-1] :] if breaks else head


def best_date(candidates: list[DateCandidate]) -> str | None:
    """The highest-scoring candidate if it is trustworthy enough; ties go to the earliest date."""
    good = [c for c in candidates if c.score >= MIN_DATE_SCORE]
    if not good:
        return None
    top = max(c.score for c in good)
    return min(c.value for c in good if c.score == top)


def outlet_from_dateline(line: str) -> str | None:
    """ "Global Research, April 20, 2022" → "Global Research"; "Updated June 8, 2024" names no outlet."""
    matches = dates_in(line)
    if not matches:
        return None
    head = line[: matches[0].start].strip(" ,|–—-·")
    if not head or not 1 <= len(head.split()) <= 5 or not head[0].isupper():
        return None
    if re.search(r"\d|\bby\b", head, re.I) or STAMP_LABEL.search(head) or WEEKDAY.match(head):
        return None
    return head


def outlet_from_original(line: str) -> str | None:
    """The original publisher a republished page names: "First published by The Kessen Review on …"."""
    m = re.search(r"the original source of this article is\s+(.+?)\s*$", line, re.I)
    if m:
        return m.group(1).strip(" .")
    m = ORIGINAL_PUBLISHER.search(line)
    if m and m.group("name").split()[0].lower().rstrip(".") not in MONTHS:
        return m.group("name").strip(" .")
    return None


def outlet_from_footer(line: str) -> str | None:
    """The outlet a copyright notice names: "Copyright © Jane Roe, Outlet, 2022" or "© 2024 Outlet. All rights…"."""
    m = COPYRIGHT.search(line)
    if not m:
        return None
    rest = re.sub(r"[.,]?\s*all rights reserved.*$", "", line[m.end() :], flags=re.I)
    year_first = re.match(r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\b[\s,.]*", rest)
    if year_first:
        rest = rest[year_first.end() :]
    parts = [p.strip(" .") for p in rest.split(",")]
    parts = [p for p in parts if p and not re.fullmatch(r"(19|20)\d\d", p)]
    if len(parts) >= 2:
        return parts[-1]  # the author is named first, the outlet last
    if year_first and len(parts) == 1 and 1 <= len(parts[0].split()) <= 5 and parts[0][0].isupper():
        return parts[0]
    return None


def outlet_from_wire_dateline(paragraph: str) -> str | None:
    """ "PORT SELM, Calidra (Meridian Herald) -- …" → "Meridian Herald": the agency in a wire dateline."""
    m = WIRE_DATELINE.match(paragraph)
    return m.group("outlet").strip() if m else None


def outlet_from_citation(line: str) -> str | None:
    """ "Green Left Issue 1317. 17 August 2021:" → "Green Left" (a source note before a URL)."""
    text = re.sub(r"^[•·*\-\s]+", "", line)
    matches = dates_in(text)
    head = text[: matches[0].start] if matches else text
    head = re.sub(r"\b(issue|no\.?|vol\.?|volume|edition)\s*#?\d+.*$", "", head, flags=re.I).strip(" .,:;–—-")
    if head and 1 <= len(head.split()) <= 5 and head[0].isupper():
        return head
    return None
