"""The web app and REST API over the store: `create_app(db_path)` builds it, `dossier serve` runs it.

Every page has a .json twin; the API lives under /api/v1 with its OpenAPI schema at /api/v1/openapi.json and a
readable reference at /api/v1/docs. Article text, titles and comments are hostile input: templates autoescape,
the reader escapes every fragment it builds, and a strict Content-Security-Policy forbids inline scripts and
styles, so markup that slipped through could still not run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dossier import __version__
from dossier.errors import StoreError
from dossier.store.db import DATABASE_ERRORS, STORE_FAILURES, Database, connect
from dossier.store.queries import QueryError
from dossier.web.errors import WebError
from dossier.web.guards import CaughtErrors
from dossier.web.links import polarity
from dossier.web.timebands import date_band
from dossier.web.tokens import weak_token_reason

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
)
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
log = logging.getLogger("dossier.web")


class SecurityHeaders:
    """Pure ASGI middleware (streams stay streams) adding the CSP and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its suffix
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["web_url"] = web_url
    env.filters["polarity"] = polarity
    env.filters["date_label"] = date_label
    env.filters["schema_type"] = schema_type
    return Jinja2Templates(env=env)


def web_url(url: str | None) -> str:
    """The URL if it is http(s), else "" (a stored `javascript:` URL must never become a link)."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def date_label(value: str | None) -> str:
    band = date_band(value) if value else None
    return band.label if band else (value or "undated")


def schema_type(schema: dict[str, Any]) -> str:
    """A parameter's JSON-schema type in a few words, for the API reference page."""
    if "anyOf" in schema:
        return " or ".join(schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return f"list of {schema_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(schema.get("type", "any"))


def database(request: Request) -> Iterator[Database]:
    """A read-only connection per request: readers never block ingest, and nothing here can write."""
    db = connect(request.app.state.db_path, readonly=True)
    try:
        yield db
    finally:
        db.close()


DB = Annotated[Database, Depends(database)]


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json")


def error_response(request: Request, status: int, message: str, details: Sequence[Any] | None = None) -> Response:
    """Errors as JSON ({"error": {"status", "message"}}) for the API and .json twins, as a page otherwise."""
    if wants_json(request):
        body: dict[str, Any] = {"status": status, "message": message}
        if details:
            body["details"] = list(details)
        headers = {"www-authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    page = request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
    return page  # type: ignore[no-any-return]


def _install_error_handlers(app: FastAPI) -> None:
    async def web_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebError)
        return error_response(request, exc.status, exc.message)

    async def query_error(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    async def store_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StoreError)
        return error_response(request, 503, exc.reason)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(request, exc.status_code, message)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")} for e in exc.errors()
        ]
        first = details[0] if details else {"where": "request", "problem": "invalid"}
        return error_response(request, 422, f"invalid {first['where']}: {first['problem']}", details)

    async def database_error(request: Request, exc: Exception) -> Response:
        log.error("database error on %s: %s", request.url.path, exc)
        return error_response(request, 500, "the database could not answer this request")

    async def out_of_range(request: Request, exc: Exception) -> Response:
        return error_response(request, 422, "a number in the request is out of range")

    app.add_exception_handler(WebError, web_error)
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, database_error)
    app.add_exception_handler(OverflowError, out_of_range)  # a number past SQLite's 64 bits that no bound caught


async def internal_error(request: Request, exc: Exception) -> Response:
    """The 500 for an error nothing else handled (JSON for the API, a page otherwise), answered by CaughtErrors."""
    return error_response(request, 500, "internal error (the server log has the details)")


def _migrated(db_path: str) -> None:
    """Bring an older Dossier store's schema up to date (additive steps), so pages never hit a missing table.
    A file that is not a Dossier store is left alone (requests say so); one we may not write is served as it is."""
    try:
        connect(db_path, readonly=True).close()
    except StoreError:
        return
    try:
        connect(db_path).close()
    except STORE_FAILURES as exc:
        log.warning("serving %s without migrating it: %s", db_path, exc)


def create_app(
    db_path: str,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
    allow_private_urls: bool = False,
) -> FastAPI:
    """The app over one database. Ingest over HTTP needs `allow_ingest` and a token; `allowed_hosts` (e.g. the
    loopback names when bound to localhost) refuses other Host headers, so a DNS-rebinding page cannot read it."""
    if allow_ingest and not token:
        raise ValueError("allow_ingest needs a token: ingest over HTTP must not be open to anyone who can connect")
    if allow_ingest and token and (weak := weak_token_reason(token)):
        raise ValueError(f"the ingest token is too easy to guess: {weak}")
    from dossier.web import api, framing, pages  # the routers import the app's helpers

    app = FastAPI(
        title="Dossier",
        version=__version__,
        description="A sourced knowledge base of news articles: documents, entities, events, quotes and claims.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # FastAPI's docs page loads Swagger UI from a CDN; /api/v1/docs is ours
        redoc_url=None,
    )
    app.state.db_path = str(db_path)
    app.state.allow_ingest = allow_ingest
    app.state.token = token
    app.state.allow_private_urls = allow_private_urls  # URL ingest may fetch loopback/private addresses (SSRF)
    app.state.templates = templates()
    app.state.nlp = None  # the spaCy pipeline, loaded on the first ingest that annotates (tests may inject one)
    app.state.annotate_lock = threading.Lock()
    if allow_ingest:
        connect(db_path).close()  # create and migrate the store so the first upload has somewhere to go
    elif Path(db_path).exists():
        _migrated(db_path)
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(framing.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(CaughtErrors, page=internal_error)  # inside SecurityHeaders: a 500 carries them too
    app.add_middleware(SecurityHeaders)
    return app
