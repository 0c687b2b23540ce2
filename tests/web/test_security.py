"""Hostile requests: headers on every response, bounded numbers and searches, no SSRF, capped bodies, real tokens."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dossier.ingest.batch import ingested
from dossier.ingest.netguard import is_public, resolved_addresses
from dossier.store.db import connect
from dossier.store.fts import QueryError, fts_query
from dossier.web.app import CSP, create_app
from dossier.web.serve import serve
from dossier.web.tokens import weak_token_reason
from tests.conftest import RESOURCES

TOKEN = "Zq8-rT3xLw0pVb7NcE2uYk9aHs"
PREFIX_BOMB = " ".join(["a*"] * 100)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("security") / "s.db"
    db = connect(path)
    assert not ingested(db, [str(RESOURCES / "bad" / "article.html"), str(RESOURCES / "web" / "hostile.html")]).failed
    db.close()
    return path


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db_path)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def ingest_client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db_path), allow_ingest=True, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def assert_secured(response: httpx.Response) -> None:
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims?min_docs=99999999999999999999",
        "/api/v1/events?offset=9223372036854775808",
        "/api/v1/documents?offset=9223372036854775807",
        "/api/v1/graph?min_weight=99999999999999999999",
        "/claims?min_docs=99999999999999999999",
        "/library?offset=9223372036854775808",
    ],
)
def test_numbers_past_range_are_422_with_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert_secured(response)


def test_an_unexpected_error_is_a_500_with_security_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("dossier.web.api.library", broken)
    monkeypatch.setattr("dossier.web.pages.library", broken)
    api = client.get("/api/v1/documents")
    assert api.status_code == 500
    assert api.json()["error"]["message"].startswith("internal error")
    assert "boom" not in api.text
    assert_secured(api)
    page = client.get("/library")
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    assert_secured(page)


def test_keep_alive_connection_survives_a_rejected_request(db_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db_path)), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for _ in range(5):
                bad = http.get("/api/v1/events", params={"offset": "9223372036854775808"})
                assert bad.status_code == 422
                assert_secured(bad)
                good = http.get("/api/v1/documents")
                assert good.status_code == 200 and good.json()["total"] == 2
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_search_with_100_prefix_terms_is_a_clear_400(client: TestClient) -> None:
    api = client.get("/api/v1/search", params={"q": PREFIX_BOMB})
    assert api.status_code == 400
    assert "100 prefix terms" in api.json()["error"]["message"]
    assert_secured(api)
    page = client.get("/library", params={"q": PREFIX_BOMB})
    assert page.status_code == 400 and "prefix terms" in page.text
    assert_secured(page)
    assert client.get("/api/v1/search", params={"q": "flood* wall"}).status_code == 200


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (PREFIX_BOMB, "prefix terms"),
        ("NEAR(a b) NEAR(c d) NEAR(e f)", "NEAR groups"),
        (" ".join(f"word{i}" for i in range(40)), "40 terms"),
        ("x" * 400, "too long"),
    ],
)
def test_fts_query_refuses_what_one_search_may_not_ask(query: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        fts_query(query)


def test_a_search_past_its_time_is_stopped(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier.store import fts, queries

    monkeypatch.setattr(fts, "SEARCH_SECONDS", -1.0)  # every search is already late
    monkeypatch.setattr(fts, "PROGRESS_STEPS", 1)
    with pytest.raises(QueryError, match="too costly"):
        queries.search(connect(db_path, readonly=True), "flood")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/a",
        "http://localhost:9/a",
        "http://10.0.0.8/a",
        "http://192.168.1.1/a",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/a",
        "http://[::ffff:127.0.0.1]/a",
        "http://0.0.0.0/a",
    ],
)
def test_url_ingest_refuses_private_addresses(ingest_client: TestClient, url: str) -> None:
    response = ingest_client.post(
        "/api/v1/documents?annotate=false", json={"url": url}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 422, response.text
    assert "private or local address" in response.json()["error"]["message"]


def test_private_urls_are_fetched_only_when_allowed(db_path: Path) -> None:
    page = (RESOURCES / "bad" / "article.html").read_bytes()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=page, headers={"content-type": "text/html"})
    )
    assert not is_public(resolved_addresses("127.0.0.1", 80)[0])
    app = create_app(str(db_path), allow_ingest=True, token=TOKEN, allow_private_urls=True)
    assert app.state.allow_private_urls
    with httpx.Client(transport=transport) as http:
        report = ingested(connect(db_path), ["http://127.0.0.1:9/article.html"], client=http)
    assert not report.failed and report.stored


def test_json_body_is_capped_even_when_chunked_and_never_echoed(ingest_client: TestClient) -> None:
    payload = b'{"url": "http://example.org/' + b"A" * (2 * 1024 * 1024) + b'"}'

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(payload), 64 * 1024):
            yield payload[i : i + 64 * 1024]

    headers = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    response = ingest_client.post("/api/v1/documents", content=chunks(), headers=headers)
    assert response.status_code == 413
    assert len(response.content) < 2000 and "AAAAAAAAAA" not in response.text
    long_url = ingest_client.post(
        "/api/v1/documents", json={"url": "http://example.org/" + "B" * 5000}, headers=headers
    )
    assert long_url.status_code == 400 and "BBBBBBBBBB" not in long_url.text


@pytest.mark.parametrize("token", ["a" * 16, "ab" * 12, "passwordpassword", "0123456789abcdef"])
def test_low_entropy_tokens_are_refused(db_path: Path, token: str) -> None:
    assert weak_token_reason(token)
    refused = CliRunner().invoke(serve, ["--db", str(db_path), "--allow-ingest", "--token", token])
    assert refused.exit_code == 2 and "too easy to guess" in refused.output
    with pytest.raises(ValueError, match="too easy to guess"):
        create_app(str(db_path), allow_ingest=True, token=token)


def test_serve_without_a_token_offers_a_generated_one(db_path: Path) -> None:
    refused = CliRunner().invoke(serve, ["--db", str(db_path), "--allow-ingest"])
    assert refused.exit_code == 2
    offered = refused.output.split("fresh one: ")[1].split()[0].strip("'\".")
    assert weak_token_reason(offered) is None and len(offered) >= 32
