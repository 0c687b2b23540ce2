"""Article URLs from a file that lists them, and from a site's sitemaps and feeds (`dossier ingest --discover`).

Discovery reads robots.txt for `Sitemap:` lines (falling back to /sitemap.xml), follows sitemap indexes a little
way down, and reads the feeds the home page links to; article URLs on the site's own host are kept, in the order
found, up to a limit. Every request goes through the client the caller gives, so tests run offline.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from typing import cast
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from dossier.errors import DossierError, UnreadableInput
from dossier.ingest.sources import URL_RE, fetched, read_bytes

MAX_SITEMAPS = 20  # an index of indexes on a big site lists thousands; the newest few hold today's articles
DEFAULT_LIMIT = 50  # articles per discovered site unless the user asks for more
SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


class BadUrlLine(DossierError):
    """A line of a URL list that is not an http(s) URL."""

    code = "E_BAD_ROW"


class NothingDiscovered(DossierError):
    """The site names no sitemap and links no feed with article URLs on it."""

    code = "E_DISCOVER"


def listed_urls(path: str) -> Iterator[str | DossierError]:
    """The URLs in a file listing one per line; blank lines and `#` comments skipped, bad lines named."""
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        yield UnreadableInput(path, "URL list is not UTF-8 text")
        return
    except DossierError as exc:
        yield exc
        return
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        yield line if URL_RE.match(line) and " " not in line else BadUrlLine(f"{path}:{number}", "not an http(s) URL")


def discovered_urls(site: str, *, client: httpx.Client, limit: int = DEFAULT_LIMIT) -> list[str]:
    """Article URLs on the site's host, from its sitemaps first, then its feeds; raises when none is found."""
    host = urlsplit(site).hostname or ""
    found: dict[str, None] = {}
    for url in _sitemap_urls(site, client=client):
        if len(found) >= limit:
            break
        if urlsplit(url).hostname == host:
            found.setdefault(url)
    if len(found) < limit:
        for url in _feed_urls(site, client=client):
            if urlsplit(url).hostname == host:
                found.setdefault(url)
    if not found:
        raise NothingDiscovered(site, "no sitemap (robots.txt, /sitemap.xml) or linked feed lists article URLs")
    return list(found)[:limit]


def _get(url: str, client: httpx.Client) -> bytes | None:
    """The body at a URL, or None when it is missing or unreachable: discovery tries places that may not exist."""
    try:
        data = fetched(url, client=client).content
    except DossierError:
        return None
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _sitemap_urls(site: str, *, client: httpx.Client) -> Iterator[str]:
    robots = _get(urljoin(site, "/robots.txt"), client)
    queue = SITEMAP_LINE.findall(robots.decode("utf-8", "replace")) if robots else []
    queue = queue or [urljoin(site, "/sitemap.xml")]
    seen = 0
    while queue and seen < MAX_SITEMAPS:
        data = _get(queue.pop(0), client)
        seen += 1
        if data is None:
            continue
        try:
            root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        locs = [str(t).strip() for t in cast(list[str], root.xpath("//*[local-name()='loc']/text()"))]
        if etree.QName(root).localname == "sitemapindex":
            queue += locs
        else:
            yield from locs


def _feed_urls(site: str, *, client: httpx.Client) -> Iterator[str]:
    home = _get(site, client)
    if not home:
        return
    try:
        tree = lxml_html.fromstring(home)
    except (etree.ParserError, ValueError):
        return
    for link in cast(list[HtmlElement], tree.xpath("//link[@rel='alternate'][@href]")):
        if (link.get("type") or "").lower() not in FEED_TYPES:
            continue
        feed = _get(urljoin(site, link.get("href") or ""), client)
        if feed:
            yield from (e.get("link") for e in feedparser.parse(feed).entries if e.get("link"))
