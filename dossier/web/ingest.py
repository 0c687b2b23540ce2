"""Ingest over HTTP: POST /api/v1/documents with an upload or a URL, only with --allow-ingest and a token.

An upload's file name is hostile: only a cleaned base name is kept (for the format it implies and for `source`),
and the bytes go to a fresh private directory. A URL must be http(s): anything else could name a local file.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from dossier.errors import DossierError
from dossier.ingest.batch import BatchReport
from dossier.ingest.decode import MAX_INPUT_BYTES
from dossier.ingest.netguard import public_only_client
from dossier.ingest.sources import Target, read_target
from dossier.store.db import Database, connect
from dossier.web.errors import BadRequest, Forbidden, Unauthorized, WebError
from dossier.web.guards import MAX_JSON_BYTES, PayloadTooLarge, limited_body, limited_receive
from dossier.web.links import doc_href
from dossier.web.schemas import IngestedOut, IngestOut

UPLOAD_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 100  # characters of the uploaded file's name kept in `source`
MAX_URL_CHARS = 2048  # what browsers and servers accept; a longer "URL" is a payload, not an address
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file
log = logging.getLogger("dossier.web")

OPENAPI_BODY: dict[str, Any] = {
    "parameters": [
        {
            "name": "annotate",
            "in": "query",
            "required": False,
            "schema": {"type": "boolean", "default": True},
            "description": "annotate and re-resolve the collection in the background after storing",
        }
    ],
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            },
            "application/json": {
                "schema": {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}}
            },
        },
    },
}


class Unprocessable(WebError):
    status = 422


class UnsupportedMediaType(WebError):
    status = 415


def check_token(request: Request) -> None:
    """403 when ingest is off, 401 without the right bearer token (compared in constant time)."""
    state = request.app.state
    if not state.allow_ingest:
        raise Forbidden("ingest over HTTP is off; start the server with `dossier serve --allow-ingest --token …`")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), str(state.token).encode()):
        raise Unauthorized("a valid `Authorization: Bearer <token>` header is needed to ingest")


def checked_url(url: object) -> str:
    if not isinstance(url, str) or not url.strip():
        raise BadRequest('send {"url": "https://…"} as JSON, or a file as multipart/form-data (field "file")')
    if len(url) > MAX_URL_CHARS:
        raise BadRequest(f"the URL is too long ({len(url)} characters; at most {MAX_URL_CHARS})")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"only http(s) URLs can be ingested, not {url[:200]!r}")
    return url.strip()


def upload_name(filename: str | None) -> str:
    base = Path((filename or "upload").replace("\\", "/")).name
    cleaned = UPLOAD_NAME.sub("_", base).strip("._")[:MAX_NAME]
    return cleaned or "upload"


def stored_upload(db: Database, name: str, data: bytes) -> BatchReport:
    """Store the articles inside one uploaded file; `source` is upload:NAME, never the temporary path."""
    report = BatchReport()
    with tempfile.TemporaryDirectory(prefix="dossier-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        source = f"upload:{name}"
        try:
            raws = list(read_target(Target(str(path))))
        except DossierError as exc:
            report.failed.append(exc.line().replace(str(path), source))
            return report
        from dossier import collection  # spaCy is imported only when something is ingested

        renamed = [raw.model_copy(update={"source": raw.source.replace(str(path), source)}) for raw in raws]
        return collection.ingest_raws(db, renamed, annotate=False).ingest


def _stored_url(db: Database, url: str, client: httpx.Client | None) -> BatchReport:
    from dossier import collection

    try:
        return collection.ingest(db, [url], annotate=False, client=client).ingest
    finally:
        if client is not None:
            client.close()


async def _upload(form: FormData) -> tuple[str, bytes]:
    item = form.get("file")
    if not isinstance(item, UploadFile):
        raise BadRequest('multipart/form-data needs a file in the field "file"')
    data = await item.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise PayloadTooLarge(f"the upload is over {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    return upload_name(item.filename), data


async def ingest_request(request: Request) -> IngestOut:
    check_token(request)
    length = request.headers.get("content-length") or "0"
    declared = int(length) if length.isdigit() else 0
    if declared > MAX_INPUT_BYTES + MULTIPART_OVERHEAD:
        raise PayloadTooLarge(f"the request is over {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    annotate = request.query_params.get("annotate", "true").lower() not in ("false", "0", "no")
    db_path = request.app.state.db_path
    if kind == "multipart/form-data":
        # a chunked upload announces no length: count what arrives, and stop at the cap
        request = Request(request.scope, limited_receive(request.receive, MAX_INPUT_BYTES + MULTIPART_OVERHEAD))
        async with request.form(max_files=1, max_fields=5) as form:
            name, data = await _upload(form)
        report = await run_in_threadpool(_with_db, db_path, lambda db: stored_upload(db, name, data))
    elif kind == "application/json":
        try:
            body = json.loads(await limited_body(request, MAX_JSON_BYTES))
        except ValueError as exc:  # the parser's message, never the body itself
            raise BadRequest(f"the body is not valid JSON ({str(exc)[:120]})") from exc
        url = checked_url(body.get("url") if isinstance(body, dict) else None)
        client = None if request.app.state.allow_private_urls else public_only_client()
        report = await run_in_threadpool(_with_db, db_path, lambda db: _stored_url(db, url, client))
    else:
        raise UnsupportedMediaType('send multipart/form-data (field file) or application/json ({"url": …})')
    if not report.stored:
        raise Unprocessable("nothing could be ingested: " + "; ".join(report.failed or ["no article found"]))
    fresh = any(r.outcome != "unchanged" for _, r in report.stored)
    queued = annotate and fresh
    if queued:
        _start_annotation(request)
    return IngestOut(
        stored=[
            IngestedOut(source=s, doc_id=r.doc_id, outcome=r.outcome, version=r.version, href=doc_href(r.doc_id))
            for s, r in report.stored
        ],
        failed=report.failed,
        warnings=report.warnings,
        annotation="queued" if queued else "skipped",
    )


def _with_db(db_path: str, work: Any) -> BatchReport:
    db = connect(db_path)
    try:
        result: BatchReport = work(db)
        return result
    finally:
        db.close()


def _start_annotation(request: Request) -> None:
    """Annotate new documents and re-resolve the collection in a background thread, one run at a time."""
    state = request.app.state

    def run() -> None:
        with state.annotate_lock:
            from dossier import collection
            from dossier.annotate.pipeline import built_nlp

            if state.nlp is None:
                state.nlp = built_nlp()
            db = connect(state.db_path)
            try:
                report = collection.annotate(db, nlp=state.nlp)
                for line in report.failed:
                    log.warning("annotation failed: %s", line)
            finally:
                db.close()

    threading.Thread(target=run, name="dossier-annotate", daemon=True).start()
