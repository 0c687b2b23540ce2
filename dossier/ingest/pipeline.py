"""One raw input → one clean Article: decode, extract by format, identify language, hash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import py3langid

from dossier.errors import NoArticleText, UnsupportedInput
from dossier.ingest import html as html_extract
from dossier.ingest import text as text_extract
from dossier.ingest.boilerplate import FOOTER
from dossier.ingest.decode import decoded_text
from dossier.ingest.extraction import Extraction, control_free
from dossier.ingest.metadata import normalized_authors
from dossier.records import Article, RawInput

MIN_BODY_CHARS = 200  # below this what is left is a teaser, a paywall stub or an error page
LANGUAGE_SAMPLE_CHARS = 5000  # enough for a stable language guess, cheap on long pages
ID_HEX_CHARS = 16  # 64 bits of SHA-256: no collision at any realistic collection size
HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.I)


def content_id(normalized_source: str) -> str:
    """Document id: a hash of the normalized source, so the same page always gets the same id."""
    return hashlib.sha256(normalized_source.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def normalized_source(text: str) -> str:
    """Line endings, trailing spaces and trailing blank lines do not make a new version."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def language_of(text: str) -> str | None:
    if len(text.strip()) < 20:
        return None
    code, _score = py3langid.classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(code)


def article_from_raw(raw: RawInput) -> Article:
    """Extract one article; raises a DossierError naming the source when nothing usable is found."""
    if raw.kind == "feed" and not raw.content.strip():
        problem = raw.hints.get("feed_error")
        raise UnsupportedInput(
            raw.source, f"{problem}: this entry has no text" if problem else "feed entry has no text"
        )
    decoded = decoded_text(raw.source, raw.content, content_type=raw.content_type)
    source_text = normalized_source(decoded.text)
    kind = raw.kind
    if kind == "text" and HTML_START.match(source_text[:1024]):
        kind = "html"
    flags = ["mojibake-fixed"] if decoded.mojibake_fixed else []
    if kind == "html":
        found, extractor = html_extract.extracted_html_article(source_text, url=raw.url), html_extract.EXTRACTOR
    elif kind == "feed":
        found, extractor = feed_entry(raw, source_text), f"dossier.feed.v1+{html_extract.EXTRACTOR}"
    else:
        found, extractor = text_extract.extracted_text_article(source_text), text_extract.EXTRACTOR
    if raw.kind != "feed":  # a feed entry's own fields were read by feed_entry
        found = with_user_metadata(found, raw.hints)
    found = control_free(found)
    if len(found.text) < MIN_BODY_CHARS:
        raise NoArticleText(
            raw.source,
            f"no article text found ({len(found.text)} characters of body after removing page furniture)",
        )
    language = language_of(found.text) or found.language
    if language and language != "en":
        flags.append("non-english")
    return Article(
        id=content_id(source_text),
        source=raw.source,
        format=raw.kind,
        url=found.url or raw.url,
        title=found.title,
        authors=found.authors,
        outlet=found.outlet,
        published=found.published,
        language=language,
        flags=flags,
        text=found.text,
        comments=found.comments,
        extractor=extractor,
    )


def with_user_metadata(found: Extraction, hints: dict[str, str]) -> Extraction:
    """Metadata the input carried (article-file columns, feed entries) wins over what extraction found."""
    outlet = hints.get("outlet") or found.outlet
    given = [name.strip() for name in hints.get("authors", "").split(";") if name.strip()]  # as the user wrote them
    return replace(
        found,
        title=hints.get("title") or found.title,
        authors=given or found.authors,
        outlet=outlet,
        published=hints.get("published") or found.published,
    )


def feed_entry(raw: RawInput, fragment: str) -> Extraction:
    """A feed entry: the body the feed carries, metadata from the entry itself."""
    text = html_extract.cleaned_body(html_extract.html_fragment_text(fragment))
    paras = [p for p in text.split("\n\n") if not FOOTER.search(p)]
    outlet = raw.hints.get("outlet") or None
    return Extraction(
        text="\n\n".join(paras),
        title=raw.hints.get("title") or None,
        authors=normalized_authors([raw.hints.get("authors", "")], outlet=outlet),
        outlet=outlet,
        published=raw.hints.get("published"),
        url=raw.url,
    )
