"""HTML pages through trafilatura, with reader comments kept apart and metadata cleaned up."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import html as lxml_html

from dossier.ingest.boilerplate import is_furniture
from dossier.ingest.comments import html_comments
from dossier.ingest.markdown import Line
from dossier.ingest.metadata import normalized_authors
from dossier.records import Comment

EXTRACTOR = f"dossier.html.v1+trafilatura-{trafilatura.__version__}"
DATE_PARAMS = {"original_date": True, "extensive_search": True}  # first publication, not the last update


@dataclass
class HtmlExtraction:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    comments: list[Comment] = field(default_factory=list)


def trafilatura_document(page: str, *, url: str | None) -> dict[str, Any] | None:
    """trafilatura's bare extraction as a dict, comments kept apart from the body."""
    doc = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=True,
        include_tables=True,
        date_extraction_params=DATE_PARAMS,
        as_dict=True,
    )
    return doc if isinstance(doc, dict) else None


def cleaned_body(text: str) -> str:
    """trafilatura's text with page furniture it let through (share prompts, captions) dropped."""
    kept = []
    for number, para in enumerate(text.split("\n")):
        line = Line(number=number, raw=para, text=para.strip())
        if line.text and not is_furniture(line):
            kept.append(line.text)
    return "\n\n".join(kept)


def extracted_html_article(page: str, *, url: str | None = None) -> HtmlExtraction:
    """Body, metadata and comments of one HTML page."""
    doc = trafilatura_document(page, url=url) or {}
    body = cleaned_body(doc.get("text") or "")
    outlet = _clean(doc.get("sitename"))
    authors = normalized_authors(re.split(r";|\|", doc.get("author") or ""), outlet=outlet)
    comments = html_comments(page)
    if not comments and doc.get("comments"):
        comments = [Comment(text=para) for para in str(doc["comments"]).split("\n") if para.strip()]
    return HtmlExtraction(
        text=body,
        title=_clean(doc.get("title")),
        authors=authors,
        outlet=outlet,
        published=_clean(doc.get("date")),
        url=_clean(doc.get("url")) or url,
        language=_html_lang(page),
        comments=comments,
    )


def _clean(value: object) -> str | None:
    if not value:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _html_lang(page: str) -> str | None:
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", page[:4096], re.I)
    return m.group(1).lower() if m else None


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment such as a feed entry's content, paragraph breaks kept."""
    try:
        tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError):
        return fragment
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote"):
        text = re.sub(r"[ \t\r\f\v]+", " ", el.text_content()).strip()
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [re.sub(r"[ \t]+", " ", tree.text_content()).strip()]
    return "\n\n".join(b for b in blocks if b)
