"""The ways an article gets in, beyond files and URLs: standard input, article files, URL lists, site discovery.

`named_targets` turns what the user named (and the URL lists and sites the options name) into targets;
`raw_items` reads one target into raw articles, or one error per bad row or input, so a batch always goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import httpx

from dossier.errors import DossierError, UnsupportedInput
from dossier.ingest.decode import MAX_INPUT_BYTES, check_size, gunzip_limited, is_gzip
from dossier.ingest.discover import DEFAULT_LIMIT, discovered_urls, listed_urls
from dossier.ingest.sources import (
    FETCH_TIMEOUT_S,
    URL_RE,
    USER_AGENT,
    Target,
    expanded_targets,
    format_of,
    read_bytes,
    read_target,
)
from dossier.ingest.tables import Fields, is_table, table_rows
from dossier.records import RawInput

STDIN = "-"  # the name that means standard input, as in most Unix tools
STDIN_SOURCE = "<stdin>"


@dataclass(frozen=True)
class WaysIn:
    """How to read what the user named: article-file columns, standard input, URL lists, discovery."""

    fields: Fields = field(default_factory=Fields)
    stdin: BinaryIO | None = None
    url_lists: tuple[str, ...] = ()
    discover: bool = False  # URLs named are sites: ingest the articles their sitemaps and feeds list
    limit: int = DEFAULT_LIMIT  # articles per discovered site


def named_targets(named: list[str], ways: WaysIn, *, client: httpx.Client | None) -> Iterator[Target | DossierError]:
    """Every target, in the order named; URL lists after the named inputs."""
    for item in named:
        if item == STDIN:
            yield Target(STDIN)
        elif ways.discover and URL_RE.match(item):
            yield from _discovered(item, ways, client=client)
        else:
            yield from expanded_targets([item])
    for path in ways.url_lists:
        for url in listed_urls(path):
            yield url if isinstance(url, DossierError) else Target(url, is_url=True)


def _discovered(site: str, ways: WaysIn, *, client: httpx.Client | None) -> Iterator[Target | DossierError]:
    http = client or httpx.Client(timeout=FETCH_TIMEOUT_S, follow_redirects=True, headers={"User-Agent": USER_AGENT})
    try:
        urls = discovered_urls(site, client=http, limit=ways.limit)
    except DossierError as exc:
        yield exc
        return
    finally:
        if client is None:
            http.close()
    yield from (Target(url, is_url=True) for url in urls)


def raw_items(target: Target, ways: WaysIn, *, client: httpx.Client | None) -> Iterator[RawInput | DossierError]:
    """The raw articles of one target; a bad row of an article file is one error and the rows after it go on."""
    if target.source == STDIN and not target.is_url:
        yield stdin_article(ways.stdin)
    elif not target.is_url and is_table(target.source):
        data = read_bytes(target.source)
        if is_gzip(data):
            data = gunzip_limited(target.source, data)
        yield from table_rows(target.source, data, ways.fields)
    else:
        yield from read_target(target, client=client)


def stdin_article(stream: BinaryIO | None) -> RawInput:
    """Text or HTML piped in; its format is sniffed from the bytes, as for a file without a telling name."""
    if stream is None:
        raise UnsupportedInput(STDIN_SOURCE, "no standard input to read")
    data = stream.read(MAX_INPUT_BYTES + 1)
    check_size(STDIN_SOURCE, data)
    if is_gzip(data):
        data = gunzip_limited(STDIN_SOURCE, data)
    kind = format_of("", data)
    if kind not in ("html", "text"):
        raise UnsupportedInput(STDIN_SOURCE, f"standard input takes one page of text or HTML, not a {kind}")
    return RawInput(source=STDIN_SOURCE, content=data, kind=kind)
