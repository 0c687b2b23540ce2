"""Article files: `.jsonl` and `.csv` exports with a text column and metadata columns (Media Cloud, GDELT, scrapers).

Each row becomes one raw article named `file:line`; the metadata columns travel as hints, and hints given by the
user always win over what extraction finds. A bad row is one error naming `file:line`; the rows after it go on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from dossier.errors import DossierError, UnsupportedInput
from dossier.records import RawInput

TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".jsonl.gz", ".ndjson.gz", ".csv.gz")
HTML_START = re.compile(r"^\s*<(!doctype html|html|head|body|article|div|p|h[1-6])\b", re.I)
ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
COMPACT_DAY = re.compile(r"^\d{8}(\d{6})?$")  # GDELT's 20161003120000
MAX_FIELD_CHARS = 10 * 1024 * 1024  # csv's own default (128 KB) is shorter than many long articles


class BadRow(DossierError):
    """One row of an article file cannot become an article (bad JSON, no text, an unreadable date)."""

    code = "E_BAD_ROW"


@dataclass(frozen=True)
class Fields:
    """Which column holds what; `text` is required in every row, the rest only when present."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    outlet: str = "outlet"
    author: str = "author"


def is_table(name: str) -> bool:
    return name.lower().endswith(TABLE_SUFFIXES)


def table_rows(source: str, data: bytes, fields: Fields) -> Iterator[RawInput | DossierError]:
    """One raw article per row, or one error per bad row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield UnsupportedInput(source, f"article file is not UTF-8 ({exc.reason} at byte {exc.start})")
        return
    rows = _csv_rows(source, text) if source.lower().removesuffix(".gz").endswith(".csv") else _jsonl_rows(text)
    for line, row in rows:
        where = f"{source}:{line}"
        if isinstance(row, str):
            yield BadRow(where, row)
            continue
        try:
            yield row_article(where, row, fields)
        except BadRow as exc:
            yield exc


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield line, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        yield line, row if isinstance(row, dict) else f"not a JSON object (a {type(row).__name__})"


def _csv_rows(source: str, text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield 1, "no header row"
        return
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, f"unreadable CSV ({exc})"
            return
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield line, f"has {len(values)} columns, the header has {len(header)}"
            continue
        yield line, dict(zip(header, values, strict=True))


def row_article(where: str, row: dict[str, object], fields: Fields) -> RawInput:
    """The raw article one row describes; raises BadRow naming the row and the reason."""
    body = row.get(fields.text)
    if body is None:
        raise BadRow(where, f"no '{fields.text}' field (use --text-field to name the text column)")
    if not isinstance(body, str) or not body.strip():
        raise BadRow(where, f"the '{fields.text}' field is empty or not text")
    hints: dict[str, str] = {}
    for key, column in (("title", fields.title), ("outlet", fields.outlet), ("authors", fields.author)):
        if value := _value(row.get(column)):
            hints[key] = value
    if value := _value(row.get(fields.date)):
        hints["published"] = _day(where, fields.date, value)
    url = _value(row.get(fields.url))
    kind = "html" if HTML_START.match(body) else "text"
    return RawInput(source=where, content=body.encode("utf-8"), kind=kind, url=url, hints=hints)


def _value(raw: object) -> str | None:
    """A metadata cell as one line of text; a list of names (JSON authors) joined with semicolons."""
    if isinstance(raw, list):
        raw = "; ".join(str(v) for v in raw if v)
    if raw is None or isinstance(raw, dict):
        return None
    text = re.sub(r"\s+", " ", str(raw)).strip()
    return text or None


def _day(where: str, column: str, value: str) -> str:
    """An ISO day from the date column ("2016-10-03", "2016-10-03 14:05:00", "2016-10-03T14:05:00Z")."""
    day = value[:10] if ISO_DAY.match(value) else None
    if COMPACT_DAY.match(value):
        day = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    if day:
        try:
            return datetime.fromisoformat(day).date().isoformat()
        except ValueError:
            pass
    raise BadRow(where, f"the '{column}' field is not a date (ISO 8601 or YYYYMMDD) ({value[:40]!r})")
