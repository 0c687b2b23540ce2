"""Our own extractor for plain-text and markdown scrapes, where no library does the job.

The page is read as typed lines; a header zone (title, byline, datelines), a body and a footer
(provenance, legal text, reader comments, related-story blurbs) are found, furniture is dropped
anywhere, and paragraphs split by page breaks are joined again.
"""

from __future__ import annotations

import re

from dossier.ingest import boilerplate as bp
from dossier.ingest.comments import text_comments
from dossier.ingest.dates import dates_in, only_date
from dossier.ingest.extraction import Extraction
from dossier.ingest.markdown import Line, parsed_lines
from dossier.ingest.metadata import (
    DateCandidate,
    best_date,
    byline_names,
    date_candidate,
    normalized_authors,
    outlet_from_citation,
    outlet_from_dateline,
    outlet_from_footer,
    outlet_from_original,
    outlet_from_wire_dateline,
)

EXTRACTOR = "dossier.text.v1"
MIN_PROSE_WORDS = 8  # shorter lines are headings, labels, captions or handles, not the first paragraph
LONG_PROSE_WORDS = 20  # a line this long is prose even without final punctuation (scrapes lose it)
MAX_TITLE_WORDS = 30  # longer first lines are paragraphs, not headlines
TITLE_SCAN_LINES = 40  # headlines sit at the top; deeper lines are body
BYLINE_REACH = 2  # datelines sit at most two non-blank lines after the byline
ALT_MAX_WORDS = 8  # image alt text left in scrapes is a short bag of keywords
CAPTION_MAX_WORDS = 30
SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]。！？：；」』）]$")  # CJK full stops too
WRAP_SCAN_LINES = 40  # a hard-wrapped paragraph longer than this is a page without blank lines, not one paragraph
WRAPPED_ROW_CHARS = 40  # text wrapped at 60+ columns leaves rows this long except the last; menus and lists do not
ALT_NAME_SHARE = 0.8  # alt text with no caption under it is a pile of the names the article capitalizes
# fmt: off
STOPWORDS = frozenset([
    "the", "a", "an", "of", "in", "on", "to", "for", "with", "and", "or", "but", "is", "are", "was", "were", "be",
    "been", "by", "at", "from", "as", "that", "this", "these", "those", "it", "its", "his", "her", "their", "our",
    "your", "not", "no", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "what",
    "who", "whom", "which", "why", "how", "after", "before", "over", "into", "than", "about", "against", "between",
    "during", "without", "within", "while", "when", "where", "if", "so", "do", "does", "did",
])
# fmt: on
BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3},? (?:is|was|has|teaches|writes|covers|reports|serves)\b.{0,300}"
    r"\b(writer|journalist|author|analyst|editor|columnist|professor|lecturer|contributor|correspondent|"
    r"researcher|fellow|director|reporter|teaches|expert|specialist|founder|blogger|commentator)\b",
)


TextExtraction = Extraction  # the shared shape; the name says which extractor made it


def is_prose(line: Line) -> bool:
    if line.blank or line.rule or line.heading or bp.is_furniture(line) or bp.is_footer(line):
        return False
    if line.words >= LONG_PROSE_WORDS:
        return True
    return line.words >= MIN_PROSE_WORDS and bool(SENTENCE_END.search(line.text))


def is_alt_text(line: Line) -> bool:
    """Image alt text left as a line: a few keywords with no function words and no punctuation."""
    words = [_bare_word(w) for w in line.text.split()]
    if line.heading or line.bullet or line.numbered or line.blockquote:
        return False
    if not 3 <= len(words) <= ALT_MAX_WORDS or SENTENCE_END.search(line.text):
        return False
    return not any(w in STOPWORDS for w in words) and not re.search(r"[,:;()]", line.text)


def is_headline(line: Line) -> bool:
    if line.blank or line.rule or bp.is_furniture(line) or bp.is_footer(line):  # furniture includes date stamps
        return False
    return 3 <= line.words <= MAX_TITLE_WORDS and not line.text.endswith(".") and byline_names(line.text) is None


def title_index(lines: list[Line], byline: int | None) -> int | None:
    """The headline: a top-level markdown heading, else the line just above the byline, else the first headline."""
    top = lines[:TITLE_SCAN_LINES]
    for line in top:
        if line.heading in (1, 2) and is_headline(line):
            return line.number
    if byline is not None:
        k = byline - 1
        while k >= 0 and (lines[k].blank or lines[k].rule):
            k -= 1
        if k >= 0 and is_headline(lines[k]):
            return k
    for line in top:
        if is_prose(line):
            return None
        if is_headline(line) and not _masthead(lines, line.number):
            return line.number
    return None


def _next_nonblank(lines: list[Line], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and (lines[j].blank or lines[j].rule):
        j += 1
    return j if j < len(lines) else None


def _masthead(lines: list[Line], i: int) -> bool:
    """A site name standing above a date stamp at the very top of the page."""
    j = _next_nonblank(lines, i)
    first = next((ln.number for ln in lines if not ln.blank), None)
    return i == first and lines[i].words <= 5 and j is not None and only_date(lines[j].text) is not None


def byline_index(lines: list[Line]) -> int | None:
    for line in lines[:TITLE_SCAN_LINES]:
        if is_prose(line) and line.words > MAX_TITLE_WORDS:
            return None
        if not line.blank and byline_names(line.raw) is not None:
            return line.number
    return None


def _wrappable(line: Line) -> bool:
    """A plain text line that may be one row of a hard-wrapped paragraph."""
    if line.blank or line.rule or line.heading or line.bullet or line.numbered or line.blockquote:
        return False
    return not (bp.is_furniture(line) or bp.is_footer(line) or byline_names(line.text) is not None)


def starts_prose(lines: list[Line], i: int) -> bool:
    """Line i opens a paragraph: prose by itself, or the first row of a hard-wrapped paragraph that is prose."""
    if is_prose(lines[i]):
        return True
    rows: list[str] = []
    for line in lines[i : i + WRAP_SCAN_LINES]:
        if not _wrappable(line):
            break
        rows.append(line.text)
    if len(rows) < 2 or any(len(row) < WRAPPED_ROW_CHARS for row in rows[:-1]):
        return False
    text = " ".join(rows)
    words = len(text.split())
    return words >= LONG_PROSE_WORDS or (words >= MIN_PROSE_WORDS and bool(SENTENCE_END.search(text)))


def body_bounds(lines: list[Line], after: int) -> tuple[int | None, int]:
    """First prose line after the header, and the line where the footer (or comment thread) begins."""
    start = next((ln.number for ln in lines[after + 1 :] if starts_prose(lines, ln.number)), None)
    if start is None:
        return None, len(lines)
    end = next((ln.number for ln in lines[start:] if bp.is_footer(ln) or bp.PS.match(ln.text)), len(lines))
    return start, end


def proper_nouns(lines: list[Line]) -> frozenset[str]:
    """Words the prose capitalizes mid-sentence: the names that keyword alt text is made of."""
    found: set[str] = set()
    for line in lines:
        if line.words < MIN_PROSE_WORDS or line.heading or is_alt_text(line):
            continue
        for m in re.finditer(r"(?<=[\w,;:’'”)] )[A-Z][\w’'-]*", line.text):
            found.add(_bare_word(m.group(0)))
    return frozenset(found)


def _bare_word(word: str) -> str:
    """A word compared without case or a possessive "'s"."""
    return re.sub(r"['’]s$", "", word.lower())


def dropped_in_body(lines: list[Line], names: frozenset[str]) -> set[int]:
    """Line numbers inside the body zone that are furniture: captions, alt text, rules, stray stamps.

    A keyword line is image alt text when a caption follows it, or when it is nothing but the article's names;
    a keyword line followed by prose with words of its own is a section heading and stays.
    """
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if line.rule or (bp.is_furniture(line) and not _continuation(lines, i)):
            drop.add(line.number)
            continue
        alone = i == 0 or lines[i - 1].blank or lines[i - 1].rule
        if not (alone and is_alt_text(line)):
            continue
        j = _next_nonblank(lines, i)
        if j is not None and _caption_like(lines[j]) and (j + 1 >= len(lines) or not _wrappable(lines[j + 1])):
            drop |= {line.number, lines[j].number}
        elif _names_only(line, names):
            drop.add(line.number)
    return drop


def _continuation(lines: list[Line], i: int) -> bool:
    """Row i carries on a sentence the row above left open ("…a report\npublished on 3 May 2023, found…")."""
    above = lines[i - 1] if i > 0 else None
    if above is None or above.blank or above.rule or above.heading or SENTENCE_END.search(above.text):
        return False
    return lines[i].text[:1].islower()


def _names_only(line: Line, names: frozenset[str]) -> bool:
    words = [_bare_word(w) for w in line.text.split()]
    return sum(w in names for w in words) >= ALT_NAME_SHARE * len(words)


def _caption_like(line: Line) -> bool:
    return (
        not (line.heading or line.bullet or line.numbered)
        and line.words <= CAPTION_MAX_WORDS
        and not SENTENCE_END.search(line.text)
        and ":" not in line.text
        and line.text[:1].isupper()
    )


def trailing_signature(lines: list[Line], authors: list[str]) -> set[int]:
    """Author bios and sign-offs at the end of the body ("Jane Roe is a journalist…", "Jane Roe")."""
    drop: set[int] = set()
    surnames = {a.split()[-1].lower() for a in authors}
    for line in reversed(lines):
        if line.blank or line.rule:
            continue
        lowered = line.text.lower()
        by_author = any(lowered.startswith(a.lower()) for a in authors) or (
            line.words <= 4 and any(s in lowered.split() for s in surnames)
        )
        if by_author or BIO.match(line.text) or bp.is_footer(line):
            drop.add(line.number)
            continue
        break
    return drop


def paragraphs(lines: list[Line]) -> list[str]:
    """Kept lines grouped into paragraphs, soft-wrapped lines joined, page-break splits mended."""
    paras: list[tuple[str, Line]] = []
    previous: Line | None = None
    for line in lines:
        if line.blank:
            previous = None
            continue
        structural = bool(line.heading or line.bullet or line.numbered)
        soft_wrap = (
            previous is not None
            and not structural
            and not previous.heading
            and (not previous.bullet or line.indent > previous.indent)  # an indented row carries a list item on
        )
        if soft_wrap or (paras and _continues(paras[-1][0], paras[-1][1], line)):
            text, first = paras[-1]
            paras[-1] = (_joined(text, line.text), first)
        else:
            paras.append((line.text, line))
        previous = line
    return [p for p, _ in paras]


def _joined(text: str, nxt: str) -> str:
    """Two rows of one paragraph; a word hyphenated at the end of a hard-wrapped row keeps its hyphen, not a space."""
    if re.search(r"[A-Za-z]-$", text) and nxt[:1].islower():
        return text + nxt
    return f"{text} {nxt}"


def _continues(text: str, first: Line, nxt: Line) -> bool:
    """A paragraph cut by a page break: no final punctuation, and the next one starts mid-sentence."""
    if first.heading or first.bullet or first.numbered or nxt.heading or nxt.bullet or nxt.numbered:
        return False
    if SENTENCE_END.search(text) or len(text.split()) < MIN_PROSE_WORDS:
        return False
    last_word = text.split()[-1].lower()
    return nxt.text[:1].islower() or last_word in STOPWORDS


def header_dates(lines: list[Line], upto: int, byline: int | None) -> list[DateCandidate]:
    near: set[int] = set()
    if byline is not None:
        near.add(byline)
        j: int | None = byline
        for _ in range(BYLINE_REACH):
            j = _next_nonblank(lines, j) if j is not None else None
            if j is not None:
                near.add(j)
    found: list[DateCandidate] = []
    for line in lines[:upto]:
        for match in dates_in(line.text):
            found.append(date_candidate(line.text, match, near_byline=line.number in near, in_header=True))
    return found


def footer_facts(lines: list[Line]) -> tuple[str | None, str | None, list[DateCandidate]]:
    """Outlet, URL and dates from provenance lines after the body (source notes, copyright)."""
    outlet = url = None
    dates: list[DateCandidate] = []
    for i, line in enumerate(lines):
        if line.blank:
            continue
        outlet = outlet or outlet_from_footer(line.text)
        j = _next_nonblank(lines, i)
        cites = j is not None and lines[j].urls and lines[j].words == 1
        if cites and j is not None and not line.urls:
            outlet = outlet or outlet_from_citation(line.text)
            url = url or lines[j].urls[0]
            dates += [DateCandidate(m.value[:10], 70, "the date of the cited original") for m in dates_in(line.text)]
    return outlet, url, dates


def page_outlet(
    lines: list[Line], *, byline: int | None, start: int, end: int, footer: str | None, people: list[str]
) -> str | None:
    """The outlet, most explicit first: the original publisher a republished page names, the dateline beside the
    byline, the copyright or source note (`footer`), a wire dateline opening the body, the masthead."""
    provenance = [ln for ln in lines[:start] + lines[end:] if bp.is_footer(ln) or bp.is_stamp(ln)]
    original = next((o for ln in provenance if (o := outlet_from_original(ln.text))), None)
    dateline = None
    if byline is not None:
        dateline = next((o for ln in lines[byline:start] if (o := outlet_from_dateline(ln.text))), None)
    if footer and footer.lower() in (p.lower() for p in people):
        footer = None  # "© 2024 Jane Roe" under Jane Roe's byline is her own copyright, not an outlet
    first = next((ln.number for ln in lines if not ln.blank), 0)
    masthead = lines[first].text if _masthead(lines, first) else None
    return original or dateline or footer or outlet_from_wire_dateline(lines[start].text) or masthead


def extracted_text_article(page: str) -> TextExtraction:
    """Body, metadata and comments of a plain-text or markdown scrape."""
    lines = parsed_lines(page)
    byline = byline_index(lines)
    title = title_index(lines, byline)
    header_end = max(i for i in (title, byline, -1) if i is not None)
    start, end = body_bounds(lines, header_end)
    if start is None:
        return TextExtraction(text="", title=lines[title].text if title is not None else None)
    thread_start, comments = text_comments(lines, start)
    if thread_start is not None:
        end = min(end, thread_start)
    names = (byline_names(_byline_text(lines[byline])) if byline is not None else None) or []
    footer_outlet, url, footer_dates = footer_facts(lines[end:])
    people = normalized_authors(names)
    outlet = page_outlet(lines, byline=byline, start=start, end=end, footer=footer_outlet, people=people)
    authors = normalized_authors(names, outlet=outlet)
    body = lines[start:end]
    drop = dropped_in_body(body, proper_nouns(body)) | trailing_signature(body, authors)
    kept = [ln for ln in body if ln.number not in drop]
    return TextExtraction(
        text="\n\n".join(paragraphs(_renumbered(kept))),
        title=lines[title].text if title is not None else None,
        authors=authors,
        outlet=outlet,
        published=best_date(header_dates(lines, start, byline) + footer_dates),
        url=url,
        comments=comments,
    )


def _byline_text(line: Line) -> str:
    """The byline with link text preferred: "By [Jane Roe](#)" names exactly Jane Roe."""
    linked = re.findall(r"\[([^\]]+)\]\([^)]*\)", line.raw)
    if linked and re.search(r"\bby\b", line.raw, re.I):
        prefix = re.split(r"\bby\b", line.text, maxsplit=1, flags=re.I)[0]
        return f"{prefix} by {' and '.join(linked)}"
    return line.text


def _renumbered(lines: list[Line]) -> list[Line]:
    """Kept lines with blank lines re-inserted where the source had a gap, so paragraphs stay apart."""
    out: list[Line] = []
    for line in lines:
        if out and line.number != out[-1].number + 1 and not out[-1].blank:
            out.append(Line(number=-1, raw="", text=""))
        out.append(line)
    return out
