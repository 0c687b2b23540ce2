"""Metadata on pages Dossier was not written for: title, authors, publication date, outlet.

Silver truth for html-news comes from each page's own JSON-LD (NewsArticle and kin: headline, author, datePublished,
publisher) and, where that is missing, its meta tags (og:title, article:published_time, og:site_name, author).
A field is scored only on pages whose silver truth has it. Dossier's extracted_html_article is scored beside
trafilatura's own metadata (bare_extraction with its defaults) in the same run, on the tuning and held-back parts
(bench/scrapes.py's split). The five seeds are scored against the facts their tests pin.

Silver values are cleaned first (HTML entities, mojibake), and authors are the person names in them: "By TOM
KRISHER, AP Auto Writer" names Tom Krisher; a byline that names no person ("Associated Press", "Staff Reports",
"admin") is no author, so a page whose silver has no person is not scored for authors. Matching: titles compare
as lowercased words, with or without the site name a title carries after " | " or " - "; outlets likewise, and
also when one contains the other ("BBC" and "BBC News"); dates on the day; authors as sets of lowercased names.

    .venv/bin/python bench/metadata.py
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import ftfy
import trafilatura
from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `bench.scrapes` from the repo

from bench.scrapes import CORPUS, Page, corpus_pages
from dossier.ingest.html import extracted_html_article
from dossier.ingest.text import extracted_text_article

FIELDS = ("title", "authors", "published", "outlet")
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "webpage"}
SPLITS = ("tuning", "held-back")


@dataclass(frozen=True)
class Meta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    outlet: str | None = None


def _json_ld(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                stack += item.get("@graph", [])
                yield item


ROLE_WORDS = re.compile(
    r"\b(writer|staff|editor|editorial|reporter|correspondent|media|news|press|agency|desk|team|admin|reports?|"
    r"contributor|business|service|wire|online|bureau)\b",
    re.I,
)
SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def _cleaned(text: str | None) -> str | None:
    return ftfy.fix_text(html.unescape(text)).strip() if text else None


def person_names(byline: str) -> tuple[str, ...]:
    """The people a silver byline names: "By", roles and desks after a comma or bar, and agencies dropped."""
    names = []
    for part in re.split(r",|\||;|&|\band\b", re.sub(r"^\s*by\s+", "", byline, flags=re.I)):
        words = part.split()
        if 2 <= len(words) <= 4 and not ROLE_WORDS.search(part) and all(w[:1].isalpha() for w in words):
            names.append(" ".join(words))
    return tuple(names)


def _names(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            found.append(name.strip())
    return tuple(found)


def _type(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type", [])
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def silver_meta(page: str) -> Meta:
    """What the page says about itself in JSON-LD, meta tags filling what JSON-LD leaves out."""
    tree = lxml_html.fromstring(page.encode("utf-8"))
    article = next((i for i in _json_ld(tree) if _type(i) & ARTICLE_TYPES and i.get("headline")), {})

    def meta(*names: str) -> str | None:
        for name in names:
            found = tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
            if found and str(found[0]).strip():
                return str(found[0]).strip()
        return None

    publisher = _names(article.get("publisher"))
    bylines = [a for a in _names(article.get("author")) if not re.search(r"https?://", a)]
    bylines = bylines or [a for a in [meta("author", "article:author")] if a and "://" not in a]
    date = article.get("datePublished") or meta("article:published_time", "datePublished", "pubdate")
    headline = article.get("headline") if isinstance(article.get("headline"), str) else None
    return Meta(
        title=_cleaned(headline or meta("og:title")),
        authors=tuple(name for b in bylines for name in person_names(_cleaned(b) or "")),
        published=str(date)[:10] if date and re.match(r"\d{4}-\d\d-\d\d", str(date)) else None,
        outlet=_cleaned((publisher[0] if publisher else None) or meta("og:site_name")),
    )


def dossier_meta(page: Page) -> Meta:
    found = extracted_html_article(page.html, url=page.url)
    return Meta(found.title, tuple(found.authors), found.published, found.outlet)


def trafilatura_meta(page: Page) -> Meta:
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Meta()
    authors = tuple(a.strip() for a in re.split(r";", doc.author or "") if a.strip())
    return Meta(doc.title, authors, doc.date, doc.sitename)


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def agrees(field: str, got: Meta, want: Meta) -> bool:
    mine, theirs = getattr(got, field), getattr(want, field)
    if field == "authors":
        return {_words(a) for a in mine} == {_words(a) for a in theirs}
    if field == "published":
        return bool(mine) and str(mine)[:10] == theirs
    if field == "outlet":
        a, b = _words(mine).replace(" ", ""), _words(theirs).replace(" ", "")
        return bool(a) and (a in b or b in a)
    forms = {_words(mine), _words(SITE_SUFFIX.sub("", mine or ""))} - {""}
    return bool(forms & {_words(theirs), _words(SITE_SUFFIX.sub("", theirs or ""))})


Systems = dict[str, Callable[[Page], Meta]]
SYSTEMS: Systems = {"dossier": dossier_meta, "trafilatura": trafilatura_meta}


def html_news_accuracy(pages: list[Page]) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(system, split, field) → (pages right, pages whose silver truth has the field)."""
    counts: dict[tuple[str, str, str], tuple[int, int]] = {}
    for page in pages:
        want = silver_meta(page.html)
        split = SPLITS[page.held_back]
        for name, extract in SYSTEMS.items():
            got = extract(page)
            for field in FIELDS:
                if not getattr(want, field):
                    continue
                right, total = counts.get((name, split, field), (0, 0))
                counts[(name, split, field)] = (right + agrees(field, got, want), total + 1)
    return counts


def seed_accuracy() -> tuple[int, int]:
    """Fields right over fields pinned, on the five seeds, with the facts their tests pin."""
    from tests.ingest.test_text_seeds import SEEDS

    right = total = 0
    for facts in SEEDS.values():
        text = (CORPUS / "seeds" / cast(str, facts["file"])).read_text(encoding="utf-8")
        got = extracted_text_article(text)
        for field in FIELDS:
            total += 1
            right += getattr(got, field) == facts[field]
    return right, total


def main() -> int:
    pages = corpus_pages()
    counts = html_news_accuracy(pages)
    print("html-news metadata against the pages' own JSON-LD / meta tags (silver): right / pages with the field")
    print(f"{'system':<14}{'split':<11}" + "".join(f"{f:>18}" for f in FIELDS))
    for name in SYSTEMS:
        for split in SPLITS:
            cells = []
            for field in FIELDS:
                right, total = counts.get((name, split, field), (0, 0))
                cells.append(f"{right:>4}/{total:<3} {right / total if total else 0:.3f}".rjust(18))
            print(f"{name:<14}{split:<11}" + "".join(cells))
    right, total = seed_accuracy()
    print(f"seeds (scrape extractor, facts pinned by tests/ingest/test_text_seeds.py): {right}/{total} fields right")
    return 0 if right == total else 1


if __name__ == "__main__":
    sys.exit(main())
