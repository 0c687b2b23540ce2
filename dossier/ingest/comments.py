"""Reader comments, kept apart from the article: from scraped text and from HTML comment threads."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

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
    " or starts-with(@id, 'comment-') or contains(@class, 'comment-body') or contains(@class, 'comment-item')]"
)


def html_comments(page: str) -> list[Comment]:
    """Comments from the usual comment-thread markup (WordPress, Disqus exports, most CMS themes)."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, TypeError, etree.ParserError):
        return []
    nodes = tree.xpath(COMMENT_NODE)
    owners = set(nodes)
    comments: list[Comment] = []
    index: dict[lxml_html.HtmlElement, int] = {}
    for node in nodes:
        if any(a in owners for a in node.iterancestors()) and not any(a in index for a in node.iterancestors()):
            continue  # a wrapper inside a comment already taken, not a reply
        text = _own_text(node, owners, TEXT_XPATH)
        if not text:
            continue
        author = _own_text(node, owners, AUTHOR_XPATH)
        stamp = node.xpath(".//time/@datetime")
        meta = str(stamp[0]) if stamp else (_own_text(node, owners, DATE_XPATH) or "")
        found = dates_in(meta)
        parent = next((index[a] for a in node.iterancestors() if a in index), None)
        index[node] = len(comments)
        comments.append(
            Comment(
                author=SAYS.sub("", author or "").strip() or None,
                date=found[0].value if found else None,
                text=text,
                parent=parent,
            )
        )
    return comments


TEXT_XPATH = ".//*[contains(@class,'comment-content') or contains(@class,'comment-text') or @itemprop='text']"
AUTHOR_XPATH = ".//*[contains(@class,'author') or contains(@class,'fn') or @itemprop='author']"
DATE_XPATH = ".//*[contains(@class,'date') or contains(@class,'time') or contains(@class,'metadata')]"


def _own_text(node: lxml_html.HtmlElement, owners: set[lxml_html.HtmlElement], xpath: str) -> str | None:
    """Text of the first match that belongs to this comment, not to a reply nested inside it."""
    for found in node.xpath(xpath):
        owner = next((a for a in found.iterancestors() if a in owners), None)
        if owner is not node:
            continue
        text = re.sub(r"\s+", " ", found.text_content()).strip()
        if text:
            return text
    return None
