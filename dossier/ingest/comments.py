"""Reader comments, kept apart from the article: from scraped text and from HTML comment threads."""

from __future__ import annotations

import re
from typing import cast

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement as Element

from dossier.ingest.boilerplate import is_footer, is_prompt
from dossier.ingest.dates import dates_in, only_date
from dossier.ingest.markdown import Line
from dossier.records import Comment

MAX_NAME_WORDS = 6  # commenter handles are short; a longer line is prose
COMMENTS_HEADER = re.compile(
    r"^(\d+\s+)?(comments?|responses?|replies|discussion|reader comments)(\s*\(\d+\))?:?$", re.I
)
SAYS = re.compile(r"\s+(says|said|wrote|writes)\s*:?\s*$", re.I)


def _next_nonblank(lines: list[Line], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and lines[j].blank:
        j += 1
    return j if j < len(lines) else None


def _commenter(line: Line) -> str | None:
    """The handle on a comment's first line ("1. A irfan", "• Berta", "Jane says:")."""
    text = SAYS.sub("", line.text)
    if line.numbered:
        text = text[len(line.numbered) :].strip()
    if not text or line.words > MAX_NAME_WORDS or re.search(r"[.!?]$|\d{3,}", text):
        return None
    return text


def comment_start(lines: list[Line], i: int) -> tuple[str, str, int] | None:
    """(author, date, index of the stamp line) when line i opens a comment: a handle then a date stamp."""
    if lines[i].blank or lines[i].rule:
        return None
    author = _commenter(lines[i])
    j = _next_nonblank(lines, i)
    if author is None or j is None:
        return None
    stamp = only_date(lines[j].text)
    if stamp is None or len(stamp.value) < 10:
        return None
    return author, stamp.value, j


def text_comments(lines: list[Line], start: int) -> tuple[int | None, list[Comment]]:
    """Find the comment thread at or after `start`; returns the line where it begins and the comments."""
    first: int | None = None
    comments: list[Comment] = []
    indents: list[int] = []
    i = start
    current: list[str] = []
    while i < len(lines):
        opened = comment_start(lines, i)
        if opened:
            if first is None:
                first = i
                # a "Comments" heading right above the first comment belongs to the thread
                k = i - 1
                while k >= start and lines[k].blank:
                    k -= 1
                if k >= start and COMMENTS_HEADER.match(lines[k].text):
                    first = k
            if comments and current:
                comments[-1].text = "\n\n".join(current)
            author, date, j = opened
            indent = lines[i].indent
            parent = next((n for n in range(len(indents) - 1, -1, -1) if indents[n] < indent), None)
            comments.append(Comment(author=author, date=date, text="", parent=parent))
            indents.append(indent)
            current = []
            i = j + 1
            continue
        if first is not None:
            line = lines[i]
            if is_footer(line) or is_prompt(line):
                break
            if not line.blank and not line.rule:
                current.append(line.text)
        i += 1
    if comments and current:
        comments[-1].text = "\n\n".join(current)
    return first, [c for c in comments if c.text]


COMMENT_NODE = (
    "//*[self::li or self::article or self::div]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' comment ')"
    " or starts-with(@id, 'comment-') and string-length(@id) > 8"
    " and translate(substring(@id, 9), '0123456789', '') = ''"
    " or contains(@class, 'comment-body') or contains(@class, 'comment-item')]"
)  # id="comment-5334" names one comment; id="comment-section" is the whole thread
# Where a comment's own words sit; the innermost match wins (WordPress's article.comment-body wraps the author
# line and div.comment-content, older themes put the words straight into div.comment-body).
TEXT_XPATH = (
    ".//*[contains(@class,'comment-content') or contains(@class,'comment-text') or contains(@class,'comment-body')"
    " or @itemprop='text' or @itemprop='commentText']"
)
# Commenter name, most specific first: the hCard name, a schema.org name inside the author, the author block.
AUTHOR_XPATHS = (
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]",
    ".//*[@itemprop='author' or @itemprop='creator']//*[@itemprop='name']",
    ".//*[contains(@class,'author') and not(.//*[contains(@class,'author')])]",
)
DATE_ATTR_XPATH = ".//*[@datetime]"
DATE_XPATH = ".//*[contains(@class,'date') or contains(@class,'time') or contains(@class,'metadata')]"
VISIBLE_TEXT = "text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
PARAGRAPHS = ".//*[self::p or self::li or self::blockquote or self::pre]"


def html_comments(page: str | Element) -> list[Comment]:
    """Reader comments from the usual comment-thread markup (WordPress, Disqus exports, most CMS themes).

    Takes the page or a parsed tree (never modified). Comment wrappers nest two ways: a wrapper around the
    same comment (WordPress puts article.comment-body inside li.comment) or a reply inside its parent comment.
    A wrapper whose first words are a comment's is that comment, replies inside it included; a wrapper that
    begins with other words is the parent the comment replies to.
    """
    tree = _parsed(page)
    if tree is None:
        return []
    wrappers = set(cast(list[Element], tree.xpath(COMMENT_NODE)))
    if not wrappers:
        return []
    texts = _text_blocks(tree, wrappers)
    owner_of = _comment_owners(texts, wrappers)
    items = list(dict.fromkeys(owner_of.values()))  # one per comment, in page order
    index = {item: n for n, item in enumerate(items)}
    comments = []
    for item in items:
        words = "\n\n".join(t for t in (_block_text(b) for b in texts if owner_of[b] is item) if t)
        comments.append(
            Comment(
                author=_comment_author(item, index),
                date=_comment_date(item, index),
                text=words,
                parent=next((index[a] for a in item.iterancestors() if a in index), None),
            )
        )
    return [c for c in comments if c.text]


def _parsed(page: str | Element) -> Element | None:
    if not isinstance(page, str):
        return page
    try:
        return lxml_html.fromstring(page)
    except (ValueError, TypeError, etree.ParserError):
        return None


def _text_blocks(tree: Element, wrappers: set[Element]) -> list[Element]:
    """The innermost text containers inside comment wrappers, in page order."""
    return [
        block
        for block in cast(list[Element], tree.xpath(TEXT_XPATH))
        if not block.xpath(TEXT_XPATH) and any(a in wrappers for a in block.iterancestors())
    ]


def _comment_owners(texts: list[Element], wrappers: set[Element]) -> dict[Element, Element]:
    """Each text block → the element that is its comment: the outermost wrapper whose first words are these.

    A wrapper that starts with other words is the parent comment this one replies to; a second text block of
    the same comment belongs to whatever the first one does.
    """
    first: dict[Element, Element] = {}
    for text in texts:
        for wrapper in text.iterancestors():
            if wrapper in wrappers:
                first.setdefault(wrapper, text)
    owner_of: dict[Element, Element] = {}
    for text in texts:
        chain = [a for a in text.iterancestors() if a in wrappers]  # innermost first
        if first[chain[0]] is not text:
            owner_of[text] = owner_of[first[chain[0]]]
            continue
        owner = chain[0]
        for outer in chain[1:]:
            if first[outer] is not text:
                break  # outer begins with another comment's words: it is the parent, not a wrapper
            owner = outer
        owner_of[text] = owner
    return owner_of


def _owned(node: Element, item: Element, index: dict[Element, int]) -> bool:
    """True when node belongs to this comment, not to a reply nested inside it (nor is that reply)."""
    if node in index:
        return node is item
    return next((a for a in node.iterancestors() if a in index), None) is item


def _comment_author(item: Element, index: dict[Element, int]) -> str | None:
    for xpath in AUTHOR_XPATHS:
        for found in cast(list[Element], item.xpath(xpath)):
            name = SAYS.sub("", _visible(found)).strip(" :")
            if name and _owned(found, item, index):
                return name
    return None


def _comment_date(item: Element, index: dict[Element, int]) -> str | None:
    """The comment's own timestamp: a datetime attribute, else a date-classed element's text."""
    stamps = [str(e.get("datetime")) for e in item.xpath(DATE_ATTR_XPATH) if _owned(e, item, index)]
    stamps += [_visible(e) for e in item.xpath(DATE_XPATH) if _owned(e, item, index)]
    for stamp in stamps:
        if found := dates_in(stamp):
            return found[0].value
    return None


def _visible(element: Element) -> str:
    """Text a reader sees, whitespace collapsed; script, style and template content never count."""
    parts = cast(list[str], element.xpath(f".//{VISIBLE_TEXT}"))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _block_text(block: Element) -> str:
    """A comment's words with its paragraph breaks kept."""
    paragraphs = [p for p in cast(list[Element], block.xpath(PARAGRAPHS)) if not p.xpath(PARAGRAPHS)]
    if not paragraphs:
        return _visible(block)
    return "\n\n".join(t for t in (_visible(p) for p in paragraphs) if t)
