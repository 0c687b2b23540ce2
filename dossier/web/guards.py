"""What stands between a hostile request and the app: bounded numbers, bounded bodies, and no bare 500s.

An unexpected error is answered here, inside the security-headers middleware, so a 500 carries the CSP like
every other response; Starlette's own last-resort handler sits outside every middleware and would not.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dossier.web.errors import WebError

MAX_OFFSET = 1_000_000_000  # far past any collection's end, well inside SQLite's 64-bit integers
MAX_COUNT = 1_000_000  # thresholds such as min_docs: no collection has more documents than this per cluster
MAX_JSON_BYTES = 64 * 1024  # {"url": "…"} is a few hundred bytes; a JSON body this large is no request of ours
log = logging.getLogger("dossier.web")

ErrorPage = Callable[[Request, Exception], Awaitable[Response]]


class PayloadTooLarge(WebError):
    status = 413


class CaughtErrors:
    """Pure ASGI middleware: an exception no handler took becomes the app's own 500 (JSON or page), logged once."""

    def __init__(self, app: ASGIApp, *, page: ErrorPage) -> None:
        self.app = app
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            log.exception("unexpected error on %s", scope.get("path"))
            if started:  # half a response is out: nothing sound can follow it on this connection
                raise
            response = await self.page(Request(scope), exc)
            await response(scope, receive, send)


async def limited_body(request: Request, limit: int) -> bytes:
    """The request body, read as it streams (chunked or not), refused with a 413 as soon as it passes `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is over {_size(limit)}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"the request body is over {_size(limit)}")
    return bytes(body)


def limited_receive(receive: Receive, limit: int) -> Receive:
    """A receive channel that refuses (413) a body growing past `limit`, for parsers that read it themselves."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge(f"the request body is over {_size(limit)}")
        return message

    return counted


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
