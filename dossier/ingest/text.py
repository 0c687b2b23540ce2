"""Our own extractor for plain-text and markdown scrapes, where no library does the job.

The page is read as typed lines; a header zone (title, byline, datelines), a body and a footer
(provenance, legal text, reader comments, related-story blurbs) are found, furniture is dropped
anywhere, and paragraphs split by page breaks are joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dossier.ingest import boilerplate as bp
from dossier.ingest.comments import text_comments
from dossier.ingest.extraction import Extraction
from dossier.ingest.furniture import ReaderView, furniture_model
from dossier.ingest.markdown import Line, parsed_lines
from dossier.ingest.metadata import (
    best_date,
    byline_names,
    normalized_authors,
)
from dossier.ingest.scrape_metadata import (
    byline_text,
    footer_facts,
    header_dates,
    is_masthead,
    next_nonblank,
    page_outlet,
)
from dossier.records import Comment

EXTRACTOR = "dossier.text.v3+furniture.v1"  # v3: wrapped links mended, tables, menu "threads"
MIN_PROSE_WORDS = 8  # shorter lines are headings, labels, captions or handles, not the first paragraph
LONG_PROSE_WORDS = 20  # a line this long is prose even without final punctuation (scrapes lose it)
MAX_TITLE_WORDS = 30  # longer first lines are paragraphs, not headlines
TITLE_SCAN_LINES = 40  # headlines sit at the top; deeper lines are body
ALT_MAX_WORDS = 8  # image alt text left in scrapes is a short bag of keywords
CAPTION_MAX_WORDS = 30
SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]。！？：；」』）]$")  # CJK full stops too
WRAP_SCAN_LINES = 40  # a hard-wrapped paragraph longer than this is a page without blank lines, not one paragraph
WRAPPED_ROW_CHARS = 40  # text wrapped at 60+ columns leaves rows this long except the last; menus and lists do not
OUTSIDE_READER_THRESHOLD = 0.5  # beyond the bounds the reader found, the model must be sure a line is body
MAX_NOTE_WORDS = 15  # a source note after a bio is one short sentence
TRUSTED_ZONE_SHARE = 0.8  # the model calls this much of the reader's body body: the reader read the page right
TRUSTED_INTERIOR_THRESHOLD = 0.05  # inside a trusted body only what the model is sure of is furniture
LINK_LINE_SHARE = 0.5  # a line mostly link text is navigation, not a sentence of the article
MIN_WORDS_BEFORE_THREAD = 50  # a comment thread follows an article: a handle over a date among menus is a picker
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
    """The headline: a top-level markdown heading, else the line above the byline, else the one nearest the body."""
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
    nearest = None  # the headline nearest the first paragraph: what stands above it is the site's greeting or menu
    for line in top:
        if is_prose(line):
            return nearest
        if is_headline(line) and not is_masthead(lines, line.number) and not is_alt_text(line):
            nearest = line.number
    return nearest


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
    end = next((ln.number for ln in lines[start:] if bp.is_footer(ln)), len(lines))
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
        j = next_nonblank(lines, i)
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


@dataclass(frozen=True)
class Structure:
    """What the structure reader finds on a page before the furniture model has its say."""

    lines: list[Line]
    view: ReaderView
    thread_start: int | None = None
    comments: list[Comment] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def read_structure(lines: list[Line]) -> Structure:
    """Header (title, byline), body bounds, comment thread and in-body furniture, read from layout and wording."""
    byline = byline_index(lines)
    title = title_index(lines, byline)
    header_end = max(i for i in (title, byline, -1) if i is not None)
    start, end = body_bounds(lines, header_end)
    title_words = frozenset(_bare_word(w) for w in lines[title].text.split()) if title is not None else frozenset()
    if start is None:
        return Structure(lines, ReaderView(title=title, byline=byline, end=len(lines), title_words=title_words))
    thread_start, comments = text_comments(lines, thread_search_start(lines, start))
    if thread_start is not None:
        end = min(end, thread_start)
    names = (byline_names(byline_text(lines[byline])) if byline is not None else None) or []
    body = lines[start:end]
    drop = dropped_in_body(body, proper_nouns(body)) | trailing_signature(body, normalized_authors(names))
    view = ReaderView(title, byline, start, end, frozenset(drop), title_words)
    return Structure(lines, view, thread_start, comments, names)


def thread_search_start(lines: list[Line], start: int) -> int:
    """Where a comment thread may begin: once the body has run to some sentences, not among the menus above it."""
    words = 0
    for line in lines[start:]:
        if words >= MIN_WORDS_BEFORE_THREAD:
            return line.number
        if _wrappable(line) and line.words >= MIN_PROSE_WORDS and line.link_share < LINK_LINE_SHARE:
            words += line.words
    return len(lines)


def body_lines(found: Structure) -> list[Line]:
    """The body: lines the furniture model keeps, surer outside the reader's bounds; furniture the reader names
    (prompts, captions, stamps, footers, bios) and the header are never body, nor anything in a comment thread."""
    view = found.view
    model = furniture_model()
    probability = model.body_probabilities(found.lines, view)
    thread = trusted_thread(found, probability)
    stop = thread if thread is not None else len(found.lines)
    interior = _trusted_interior(found, probability, model.threshold)
    kept = []
    for line in found.lines[:stop]:
        inside = view.start is not None and view.start <= line.number < view.end
        needed = model.threshold if inside else OUTSIDE_READER_THRESHOLD
        if interior is not None and interior[0] <= line.number <= interior[1]:
            needed = TRUSTED_INTERIOR_THRESHOLD
        elif interior is not None and inside and line.number < interior[2]:
            continue  # cut off from the body by furniture the reader dropped: the page's promotion block
        if probability.get(line.number, 0.0) < needed or line.number in (view.title, view.byline):
            continue
        if line.number in view.dropped if inside else bp.is_furniture(line) or bp.is_footer(line):
            continue
        kept.append(line)
    signature = signature_block(kept, normalized_authors(found.names), probability)
    return [line for line in kept if line.number not in signature]


def trusted_thread(found: Structure, probability: dict[int, float]) -> int | None:
    """Where the comment thread the reader found begins, unless the model is surer of body after it than before:
    then the "thread" was a handle and a date among the page's menus, and the article is still to come."""
    if found.thread_start is None:
        return None
    before = after = 0
    for line in found.lines:
        if probability.get(line.number, 0.0) >= OUTSIDE_READER_THRESHOLD:
            if line.number < found.thread_start:
                before += line.words
            else:
                after += line.words
    return found.thread_start if after <= before else None


def signature_block(kept: list[Line], authors: list[str], probability: dict[int, float]) -> set[int]:
    """The author's bio or sign-off closing the body, with the short notes the model doubts that follow it
    ("The original source of this article is …"); the doubted notes stay when no bio comes before them."""
    doubted: set[int] = set()
    for line in reversed(kept):
        if probability.get(line.number, 0.0) >= OUTSIDE_READER_THRESHOLD or line.words > MAX_NOTE_WORDS:
            break
        doubted.add(line.number)
    rest = [line for line in kept if line.number not in doubted]
    signature = trailing_signature(rest, authors)
    return signature | doubted if signature else set()


def _trusted_interior(found: Structure, probability: dict[int, float], threshold: float) -> tuple[int, int, int] | None:
    """Where the reader's body is trusted: between the first and last lines the model is sure are body, when the
    model agrees with most of the reader's body. Inside, a short list item or heading is the article's, not a menu.
    Also the nearest furniture the reader dropped above it: what stands above that is the page's, not the article's."""
    view = found.view
    if view.start is None:
        return None
    zone = [ln for ln in found.lines[view.start : view.end] if not ln.blank and ln.number not in view.dropped]
    agreed = sum(ln.words for ln in zone if probability.get(ln.number, 0.0) >= threshold)
    sure = [ln.number for ln in zone if probability.get(ln.number, 0.0) >= OUTSIDE_READER_THRESHOLD]
    if not sure or agreed < TRUSTED_ZONE_SHARE * sum(ln.words for ln in zone):
        return None
    first, last = sure[0], sure[-1]
    while first - 1 >= view.start and not (found.lines[first - 1].blank or found.lines[first - 1].rule):
        first -= 1  # a paragraph is body as a whole: the rows of a hard-wrapped one go with it
    while last + 1 < view.end and not (found.lines[last + 1].blank or found.lines[last + 1].rule):
        last += 1
    above = max((n for n in view.dropped if n < first), default=-1)
    return first, last, above


def extracted_text_article(page: str) -> TextExtraction:
    """Body, metadata and comments of a plain-text or markdown scrape."""
    found = read_structure(parsed_lines(page))
    lines, view = found.lines, found.view
    title = lines[view.title].text if view.title is not None else None
    kept = body_lines(found)
    comments = found.comments if _thread_kept(found, kept) else []
    if not kept:
        return TextExtraction(text="", title=title)
    start = view.start if view.start is not None else kept[0].number
    end = kept[-1].number + 1  # what follows the last body line is the footer, however the reader bounded it
    footer_outlet, url, footer_dates = footer_facts(lines[end:])
    people = normalized_authors(found.names)
    outlet = page_outlet(lines, byline=view.byline, start=start, end=end, footer=footer_outlet, people=people)
    return TextExtraction(
        text="\n\n".join(paragraphs(_renumbered(kept))),
        title=title,
        authors=normalized_authors(found.names, outlet=outlet),
        outlet=outlet,
        published=best_date(header_dates(lines, start, view.byline) + footer_dates),
        url=url,
        comments=comments,
    )


def _thread_kept(found: Structure, kept: list[Line]) -> bool:
    """The reader's comment thread stands when the body ends before it (body_lines did not read past it)."""
    return found.thread_start is not None and (not kept or kept[-1].number < found.thread_start)


def _renumbered(lines: list[Line]) -> list[Line]:
    """Kept lines with blank lines re-inserted where the source had a gap, so paragraphs stay apart."""
    out: list[Line] = []
    for line in lines:
        if out and line.number != out[-1].number + 1 and not out[-1].blank:
            out.append(Line(number=-1, raw="", text=""))
        out.append(line)
    return out
