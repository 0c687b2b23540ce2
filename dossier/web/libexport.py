"""'Export this view': the documents a library page lists (every page of it) as CSV or JSON lines."""

from __future__ import annotations

import csv
import io
import json

from fastapi.responses import Response

from dossier.web.errors import BadRequest
from dossier.web.schemas import LibraryOut

FIELDS = ["id", "title", "outlet", "published", "authors", "language", "url", "source", "snippet", "href"]
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def view_rows(data: LibraryOut) -> list[dict[str, object]]:
    """One flat row per listed document, in the view's order."""
    rows = []
    for d in data.documents.items:
        item = d.model_dump()
        rows.append({key: item.get(key) for key in FIELDS} | {"authors": "; ".join(d.authors)})
    return rows


def view_export(data: LibraryOut, fmt: str) -> Response:
    if fmt not in MEDIA:
        raise BadRequest(f"export format must be csv or jsonl, not {fmt!r}")
    rows = view_rows(data)
    if fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        body = buffer.getvalue()
    name = f"dossier-library.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
