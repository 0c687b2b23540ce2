"""Turn a scraped plain-text or markdown page into typed lines with markdown remnants unwrapped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")  # [text](url), url may hold (…)
IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
URL = re.compile(r"https?://[^\s<>()\"']+")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
ITALIC_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])")
ITALIC_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s*(?:(?:\\?\*\s*){1,}|(?:-\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,}|(?:~\s*){3,})$")
SEPARATOR = re.compile(r"^[^\w\s\[\]()\"'“”‘’]{1,12}$")  # "--", "•••", "###": no words, so never article text
BULLET = re.compile(r"^(\s*)(?:[-+•·▪◦‣]|\*(?=\s))\s+")
NUMBERED = re.compile(r"^(\s*)(\d{1,3}[.)])\s+")
BLOCKQUOTE = re.compile(r"^\s*>\s?")
TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")  # ---|:---:|--- under a header
# Han ideographs, kana and CJK punctuation: scripts written without spaces between words
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
CJK_CHARS_PER_WORD = 2  # a Chinese word averages 1.5-2 characters, a Japanese one about as many
# A link or image that a hard wrap (html2text breaks at 78 columns) cut across rows: its text and target may run
# over a few rows, never over a blank line; the rows are joined again so the link is read as one.
_ROW = r"\n(?![ \t]*\n)"
WRAPPED_LINK = re.compile(
    rf"!?\[(?:[^\[\]\n]|{_ROW}|!?\[[^\[\]\n]*\]\([^()\s]*\))*\]\((?:[^()\s]|{_ROW}|\([^()\s]*\))*\)"
)
MAX_WRAPPED_ROWS = 4  # a link longer than this many rows is not one link but a page of unmatched brackets
TRAILING_BREAK = re.compile(r"(?:\s{2,}|\\)$")  # markdown hard line break


@dataclass
class Line:
    """One source line after unwrapping, with the layout facts the extractor reasons on."""

    number: int  # 0-based line number in the source
    raw: str
    text: str  # inline markdown unwrapped, list/heading markers removed
    indent: int = 0
    heading: int = 0  # markdown heading level, 0 when not a heading
    bullet: bool = False  # markdown/unicode bullet list item
    numbered: str = ""  # "1." or "2)" when a numbered list item
    rule: bool = False  # a horizontal rule or separator such as *** or \*
    table: bool = False  # a row of a pipe table (its header sits over a ---|--- row), never a flattened menu
    blockquote: bool = False
    link_share: float = 0.0  # share of visible characters that sat inside links
    urls: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not self.text.strip() and not self.rule

    @property
    def words(self) -> int:
        return word_count(self.text)


def word_count(text: str) -> int:
    """Words as spaces separate them, and for Chinese and Japanese, which write none, one per two characters."""
    ideographs = len(CJK.findall(text))
    if not ideographs:
        return len(text.split())
    return len(CJK.sub(" ", text).split()) + round(ideographs / CJK_CHARS_PER_WORD)


def unwrapped_inline(text: str) -> tuple[str, float, list[str]]:
    """Inline markdown to plain text; returns the text, the share of it that was link text, and URLs."""
    urls = [m.group(1) for m in AUTOLINK.finditer(text)]
    urls += [u for u in re.findall(r"\]\((https?://[^)\s]+)\)", text)]
    bare = AUTOLINK.sub("", LINK.sub("", IMAGE.sub("", text)))
    urls += [u.rstrip(".,;:") for u in URL.findall(bare)]  # URLs written out as plain text
    text = IMAGE.sub("", text)
    link_chars = 0

    def link_text(m: re.Match[str]) -> str:
        nonlocal link_chars
        link_chars += len(m.group(1).strip("*_ "))
        return m.group(1)

    text = LINK.sub(link_text, text)
    text = AUTOLINK.sub(r"\1", text)
    for _ in range(2):  # nested emphasis such as ***x*** or **_x_**
        text = BOLD.sub(r"\2", text)
        text = ITALIC_STAR.sub(r"\1", text)
        text = ITALIC_UNDERSCORE.sub(r"\1", text)
    text = ESCAPE.sub(r"\1", text)
    text = TRAILING_BREAK.sub("", text).strip()
    visible = len(text.replace(" ", "")) or 1
    return text, min(1.0, link_chars / visible), urls


def mended_links(page: str) -> str:
    """The page with links and images cut across rows by a hard wrap joined onto one row."""

    def joined(m: re.Match[str]) -> str:
        found = m.group(0)
        if "\n" not in found or found.count("\n") > MAX_WRAPPED_ROWS:
            return found
        text, _, target = found.rpartition("](")
        text = re.sub(r"\s*\n\s*", " ", re.sub(r"(?<=\w-)\n\s*", "", text))  # wraps break after hyphens too
        return text + "](" + re.sub(r"\s*\n\s*", "", target)

    if "](" not in page:
        return page
    for _ in range(2):  # an image inside a link: the image is mended first, then the link around it
        page = WRAPPED_LINK.sub(joined, page)
    return page


def parsed_lines(page: str) -> list[Line]:
    """Split the page into lines and unwrap each, remembering layout (indent, markers, rules)."""
    lines: list[Line] = []
    for number, raw in enumerate(mended_links(page).split("\n")):
        body = raw.replace("\t", "    ").rstrip()
        indent = len(body) - len(body.lstrip(" "))
        line = Line(number=number, raw=raw, text="", indent=indent)
        if body.strip() and (RULE.match(body) or SEPARATOR.match(body.strip())):
            line.rule = True
            lines.append(line)
            continue
        if BLOCKQUOTE.match(body):
            line.blockquote = True
            body = BLOCKQUOTE.sub("", body)
        if m := HEADING.match(body):
            line.heading = len(m.group(1))
            body = m.group(2)
        elif m := BULLET.match(body):
            line.bullet = True
            body = body[m.end() :]
        elif m := NUMBERED.match(body):
            line.numbered = m.group(2)
            body = body[m.end() :]
        line.text, line.link_share, line.urls = unwrapped_inline(body)
        if line.numbered:
            line.text = f"{line.numbered} {line.text}"
        lines.append(line)
    return marked_tables(lines)


def marked_tables(lines: list[Line]) -> list[Line]:
    """Rows of pipe tables: the run of piped lines around a ---|--- delimiter row, which itself is a rule."""
    for i, line in enumerate(lines):
        if not TABLE_DELIMITER.match(line.raw):
            continue
        line.rule, line.table = True, True
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and "|" in lines[j].raw and not lines[j].blank:
                lines[j].table = True
                j += step
    return lines
