"""Where articles come from: paths, folders, globs, URLs, feeds and WARC archives → RawInput records."""

from __future__ import annotations

import email.utils
import glob
import io
import os
import re
import stat
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import feedparser
import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from dossier.errors import DossierError, FetchFailed, UnreadableInput, UnsupportedInput
from dossier.ingest.decode import MAX_INPUT_BYTES, check_size, gunzip_limited, is_gzip, too_large
from dossier.records import RawInput, SourceFormat
from dossier.safetext import readable_name

FETCH_TIMEOUT_S = 20.0  # a news page that takes longer is down or a trap
USER_AGENT = "Dossier/0.1 (+https://github.com/dossier; article ingest)"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".txt.gz", ".md.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rss.gz", ".xml.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
WARC_BLOCK_BYTES = 1 << 16  # skipped records (images, video) are read through in blocks this size
URL_RE = re.compile(r"^https?://", re.I)
FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|article|div|p)\b", re.I)


@dataclass(frozen=True)
class Target:
    """One thing the user named, resolved: a file path or a URL."""

    source: str
    is_url: bool = False


def expanded_targets(named: list[str]) -> Iterator[Target | DossierError]:
    """Files under folders (recursive, hidden ones skipped), glob matches, and URLs, in a stable order."""
    for item in named:
        if URL_RE.match(item):
            yield Target(item, is_url=True)
        elif os.path.isdir(item):  # an existing path is never a pattern, whatever its name holds (`*?[`)
            yield from _walk(item)
        elif os.path.lexists(item):
            yield Target(item)  # broken links and pipes too: read_bytes names what is wrong with them
        elif any(ch in item for ch in "*?["):
            matches = sorted(m for m in glob.glob(item, recursive=True) if not os.path.isdir(m))
            if not matches:
                yield UnreadableInput(item, "no files match this pattern")
            yield from (Target(m) for m in matches)
        else:
            yield UnreadableInput(item, "no such file or directory")


def _walk(folder: str) -> Iterator[Target | DossierError]:
    """Every non-hidden file below a folder; unreadable subfolders are reported, not silently skipped.

    Symbolic links to folders are followed, each real folder read once, so a link back up the tree is no loop.
    """
    failures: list[OSError] = []
    found = False
    seen = {os.path.realpath(folder)}
    for root, dirs, files in os.walk(folder, onerror=failures.append, followlinks=True):
        dirs[:] = [d for d in sorted(dirs) if not d.startswith(".") and _first_visit(os.path.join(root, d), seen)]
        for name in sorted(files):
            if not name.startswith("."):
                found = True
                yield Target(os.path.join(root, name))
    yield from (UnreadableInput(exc.filename or folder, _os_reason(exc)) for exc in failures)
    if not found and not failures:
        yield UnreadableInput(folder, "folder contains no files (hidden files are skipped)")


def _first_visit(folder: str, seen: set[str]) -> bool:
    real = os.path.realpath(folder)
    if real in seen:
        return False
    seen.add(real)
    return True


def _os_reason(exc: OSError) -> str:
    """A one-line reason for an OS failure on a path."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({exc.strerror or exc})"


def format_of(name: str, data: bytes) -> SourceFormat:
    """The format by file name, else by sniffing the first bytes."""
    lower = name.lower().split("?")[0]
    for suffixes, kind in ((WARC_SUFFIXES, "warc"), (HTML_SUFFIXES, "html"), (FEED_SUFFIXES, "feed")):
        if lower.endswith(suffixes):
            return kind  # type: ignore[return-value]
    if data.startswith(b"WARC/"):
        return "warc"
    head = data[:2048].lstrip()
    if lower.endswith(TEXT_SUFFIXES):
        return "html" if head.lower().startswith((b"<!doctype html", b"<html")) else "text"
    if FEED_SNIFF.search(head):
        return "feed"
    if HTML_SNIFF.match(head) or (head.lower().startswith(b"<?xml") and b"<html" in data[:4096].lower()):
        return "html"
    return "text"


def read_target(target: Target, *, client: httpx.Client | None = None) -> Iterator[RawInput]:
    """The raw articles inside one target (one for a page, many for a feed or WARC); raises DossierError."""
    if target.is_url:
        raw = fetched(target.source, client=client)
        if raw.kind == "feed":
            yield from feed_entries(raw.source, raw.content)
        else:
            yield raw
        return
    checked_file(target.source)
    if _is_warc(target.source):
        yield from warc_records(target.source)
        return
    data = read_bytes(target.source)
    shown = readable_name(target.source)  # the path opens the file; the stored source must be valid text
    if is_gzip(data):
        data = gunzip_limited(shown, data)
        check_size(shown, data)
    kind = format_of(target.source.removesuffix(".gz"), data)
    if kind == "feed":
        yield from feed_entries(shown, data)
    else:
        yield RawInput(source=shown, content=data, kind=kind)


def _is_warc(path: str) -> bool:
    if path.lower().endswith(WARC_SUFFIXES):
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"WARC/"
    except OSError:
        return False


def checked_file(path: str) -> int:
    """The size of a regular file; pipes, devices and broken links are refused before anything opens them."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        if os.path.islink(path):
            raise UnreadableInput(path, f"broken symbolic link (points to {os.readlink(path)})") from exc
        raise UnreadableInput(path, "no such file or directory") from exc
    except OSError as exc:
        raise UnreadableInput(path, _os_reason(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInput(path, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        # reading a named pipe blocks until someone writes to it; a device may never end
        raise UnreadableInput(path, "not a regular file (a pipe, socket or device)")
    return info.st_size


def read_bytes(path: str) -> bytes:
    """File bytes with every OS failure turned into a one-line reason; size checked before reading."""
    size = checked_file(path)
    if size > MAX_INPUT_BYTES:
        raise UnsupportedInput(path, too_large(size))
    try:
        with open(path, "rb") as fh:
            # read(n) allocates n bytes up front, so ask for what stat saw; more only if the file grew since
            data = fh.read(size + 1)
            if len(data) > size:
                data += fh.read(MAX_INPUT_BYTES + 1 - len(data))
    except OSError as exc:
        raise UnreadableInput(path, _os_reason(exc)) from exc
    check_size(path, data)
    return data


def fetched(url: str, *, client: httpx.Client | None = None) -> RawInput:
    """GET one URL the user named: timeout, size cap, and a clear reason when offline or refused."""
    own = client is None
    http = client or httpx.Client(timeout=FETCH_TIMEOUT_S, follow_redirects=True, headers={"User-Agent": USER_AGENT})
    started = time.monotonic()
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchFailed(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = _declared_length(response)
            if declared > MAX_INPUT_BYTES:
                raise FetchFailed(url, f"too large ({declared / (1024 * 1024):.1f} MB declared)")
            buffer = io.BytesIO()
            for chunk in response.iter_bytes():
                buffer.write(chunk)
                if buffer.tell() > MAX_INPUT_BYTES:
                    raise FetchFailed(url, f"too large (over {MAX_INPUT_BYTES // (1024 * 1024)} MB)")
                if time.monotonic() - started > FETCH_TIMEOUT_S:
                    raise FetchFailed(url, f"timed out after {FETCH_TIMEOUT_S:.0f} s")
            content_type = response.headers.get("content-type", "")
            final_url = str(response.url)
    except httpx.TimeoutException as exc:
        raise FetchFailed(url, f"timed out after {FETCH_TIMEOUT_S:.0f} s") from exc
    except httpx.ConnectError as exc:
        raise FetchFailed(url, f"cannot connect (offline or host unreachable: {exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(url, f"request failed ({type(exc).__name__}: {exc})") from exc
    finally:
        if own:
            http.close()
    data = buffer.getvalue()
    check_size(url, data)
    kind = _format_of_response(final_url, content_type, data)
    return RawInput(source=url, content=data, kind=kind, url=final_url, content_type=content_type or None)


def _declared_length(response: httpx.Response) -> int:
    """The Content-Length a server announces; 0 when it says none or says something unreadable."""
    try:
        return max(int(response.headers.get("content-length") or 0), 0)
    except ValueError:
        return 0


def _format_of_response(url: str, content_type: str, data: bytes) -> SourceFormat:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return "feed"
    if ctype in {"text/html", "application/xhtml+xml"}:
        return "html"
    if ctype in {"application/pdf"} or ctype.startswith(("image/", "video/", "audio/")):
        raise FetchFailed(url, f"not an article ({ctype})")
    return format_of(url, data)


def feed_entries(source: str, data: bytes) -> Iterator[RawInput]:
    """One raw article per RSS/Atom entry, from the content the feed carries (links are not fetched)."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f"not a readable feed ({parsed.bozo_exception})" if parsed.bozo else "feed has no entries"
        raise UnsupportedInput(source, reason)
    outlet = parsed.feed.get("title")
    malformed = f"malformed feed ({parsed.bozo_exception})" if parsed.bozo else ""
    for number, entry in enumerate(parsed.entries):
        contents = entry.get("content") or []
        body = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")
        hints = {"title": entry.get("title", ""), "outlet": outlet or ""}
        authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
        hints["authors"] = "; ".join(authors) or entry.get("author", "")
        if published := entry_date(entry):
            hints["published"] = published
        if malformed:
            hints["feed_error"] = malformed  # the parser recovered what it could; an empty entry says why
        key = entry.get("id") or entry.get("link") or str(number)
        yield RawInput(
            source=f"{source}#{key}",
            content=body.encode("utf-8"),
            kind="feed",
            url=entry.get("link"),
            hints={k: v for k, v in hints.items() if v},
        )


def entry_date(entry: Any) -> str | None:
    """An entry's publication date as the feed wrote it (its own time zone); never the `updated` date."""
    written = entry.get("published") or entry.get("created") or ""
    for parse in (email.utils.parsedate_to_datetime, datetime.fromisoformat):
        try:
            return parse(written.strip()).date().isoformat()
        except (TypeError, ValueError, IndexError):
            continue
    # feedparser's parsed stamp is in UTC, which moves a late-evening story to the next day
    stamp = entry.get("published_parsed") or entry.get("created_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def warc_records(path: str) -> Iterator[RawInput]:
    """HTML responses inside a WARC file, streamed; the WARC date is a crawl date, never the publication date."""
    found = 0
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                _check_header(path, record)
                if raw := _warc_html(path, record):
                    found += 1
                    yield raw
                else:
                    _drained(path, record)
            if records.offset < os.fstat(stream.fileno()).st_size:
                # warcio stops quietly at a record it cannot parse, such as a gzip member cut in half
                raise UnsupportedInput(path, "truncated WARC archive (the last record is cut off)")
    except OSError as exc:
        raise UnreadableInput(path, _os_reason(exc)) from exc
    except (ArchiveLoadFailed, EOFError, ValueError, zlib.error) as exc:
        raise UnsupportedInput(path, f"broken WARC archive ({exc})") from exc
    except (AttributeError, TypeError) as exc:  # warcio's parser trips over a cut header instead of reporting it
        raise UnsupportedInput(path, "broken WARC archive (a record header is garbled or cut off)") from exc
    if not found:
        raise UnsupportedInput(path, "no HTML responses found in this WARC archive")


def _check_header(path: str, record: ArcWarcRecord) -> None:
    """Every record declares its length; warcio parses a header cut off at the end of the file without a word."""
    declared = record.rec_headers.get_header("Content-Length") or record.rec_headers.get_header("length") or ""
    if record.length is None or not declared.strip().isdigit():
        raise UnsupportedInput(path, "truncated WARC archive (the last record header is cut off)")


def _drained(path: str, record: ArcWarcRecord) -> None:
    """Read a skipped record to its end, as warcio would, to see whether the archive ends inside it."""
    while record.raw_stream.read(WARC_BLOCK_BYTES):
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        uri = record.rec_headers.get_header("WARC-Target-URI") or "an unnamed record"
        raise UnsupportedInput(path, f"truncated WARC archive (the record for {uri} is cut off)")


def _warc_html(path: str, record: ArcWarcRecord) -> RawInput | None:
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.http_headers is not None:
        if not str(record.http_headers.get_statuscode()).startswith("2"):
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    payload = record.content_stream().read(MAX_INPUT_BYTES + 1)
    if len(payload) <= MAX_INPUT_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
        # warcio hands back a short payload without complaint when the archive ends mid-record
        raise UnsupportedInput(path, f"truncated WARC archive (the record for {uri or 'an unnamed page'} is cut off)")
    return RawInput(
        source=f"{readable_name(path)}#{uri}", content=payload, kind="html", url=uri or None, content_type=ctype
    )
