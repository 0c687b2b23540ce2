"""html-news pages as scrapes, and which of their lines are article body: shared by bench/extract.py and train/.

The split is fixed here so the bench and the training script can never disagree on it: pages sorted by id, every
third one (positions 3, 6, 9, …, i.e. index % 3 == 2) is held back. Held-back pages are scored, never trained or
tuned on.

Converters render a whole page the way scrapers save it: html2text's markdown (links, hard wrap at 78 columns),
html2text as plain text (no links, no wrap), trafilatura's own text and markdown output in recall mode (its
candidates, comments included), and a text dump of the lxml tree with a line break after every block.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import cast

import html2text
import trafilatura
from lxml import html as lxml_html

from dossier.ingest.decode import decoded_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
HELD_BACK_EVERY = 3  # every third page by sorted id is held back: a third of the corpus never seen while tuning
BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote", "pre", "figcaption", "section",
    "article", "header", "footer", "nav", "aside", "ul", "ol", "table", "dt", "dd", "figure", "form", "main",
)  # fmt: skip
DROPPED_TAGS = ("script", "style", "noscript", "template", "svg")
MIN_MATCH_WORDS = 3  # a run of fewer shared words is chance ("of the"), not the same passage
BODY_SHARE = 0.5  # a line is body when at least half its words sit in passages shared with the ground truth
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    sha: str
    html: str
    url: str | None
    body: str
    held_back: bool


def corpus_pages(corpus: Path = CORPUS) -> list[Page]:
    """Every html-news page, decoded the way Dossier decodes, with its split."""
    root = corpus / "html-news" if (corpus / "html-news").is_dir() else corpus
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for index, (sha, item) in enumerate(sorted(truth.items())):
        path = root / "html" / f"{sha}.html.gz"
        page = decoded_text(str(path), gzip.decompress(path.read_bytes())).text
        held = index % HELD_BACK_EVERY == HELD_BACK_EVERY - 1
        pages.append(Page(sha, page, item.get("url"), item["articleBody"], held))
    return pages


def html2text_markdown(page: str) -> str:
    return html2text.HTML2Text().handle(page)


def html2text_plain(page: str) -> str:
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.body_width = 0
    return converter.handle(page)


def trafilatura_txt(page: str) -> str:
    return trafilatura.extract(page, favor_recall=True, include_comments=True, include_tables=True) or ""


def trafilatura_markdown(page: str) -> str:
    found = trafilatura.extract(
        page, output_format="markdown", favor_recall=True, include_comments=True, include_links=True
    )
    return found or ""


def lxml_text(page: str) -> str:
    """The page's visible text as lxml sees it, one line per block, scripts and styles left out."""
    try:
        tree = lxml_html.fromstring(page.encode("utf-8"))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return ""
    for element in list(tree.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in tree.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    text = "".join(cast(list[str], tree.xpath("//body//text()")) or cast(list[str], tree.xpath("//text()")))
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


CONVERTERS: dict[str, Callable[[str], str]] = {
    "html2text": html2text_markdown,
    "html2text-plain": html2text_plain,
    "trafilatura-txt": trafilatura_txt,
    "trafilatura-md": trafilatura_markdown,
    "lxml-text": lxml_text,
}


def body_line_flags(lines: list[str], body: str) -> list[bool]:
    """Which lines are article body: most of their words align with the ground truth, in order."""
    truth = WORD.findall(body.lower())
    words: list[str] = []
    owner: list[int] = []
    for number, line in enumerate(lines):
        found = WORD.findall(re.sub(r"\]\([^)]*\)", "]", line).lower())  # a link's URL is not its words
        words += found
        owner += [number] * len(found)
    matched = [False] * len(words)
    matcher = SequenceMatcher(None, words, truth, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size >= MIN_MATCH_WORDS:
            matched[block.a : block.a + block.size] = [True] * block.size
    hits = [0] * len(lines)
    totals = [0] * len(lines)
    for index, number in enumerate(owner):
        totals[number] += 1
        hits[number] += matched[index]
    return [bool(totals[n]) and hits[n] >= BODY_SHARE * totals[n] for n in range(len(lines))]
