"""Framing over HTTP: techniques per 1,000 words by outlet and voice, and the ouster as each outlet tells it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from dossier.web.app import create_app
from tests.web.corpus import seeded_database
from tests.web.test_pages_browser import Site, shot, site  # noqa: F401  (the browser fixture)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Iterator[TestClient]:
    with TestClient(create_app(str(seeded_database(tmp_path_factory, nlp)))) as c:
        yield c


def ouster_id(client: TestClient) -> str:
    events = client.get("/api/v1/timeline", params={"entity": "Imran Khan"}).json()["events"]
    ouster = [e for e in events if e["date"] == "2022-04-10" and e["type"] == "COERCE"]
    assert ouster
    return str(ouster[0]["event_id"])


def test_api_framing_rates_by_outlet_and_voice(client: TestClient) -> None:
    data = client.get("/api/v1/framing").json()
    assert data["by"] == ["outlet", "voice"]
    rows = {(r["outlet"], r["voice"]): r for r in data["rows"]}
    assert {v for _, v in rows} >= {"author", "quote"}
    for r in data["rows"]:
        assert r["per_1000_words"] == pytest.approx(1000 * r["count"] / r["words"], abs=0.01)
    assert "Global Research" in data["outlets"]


def test_api_framing_by_technique_uses_ptc_names(client: TestClient) -> None:
    data = client.get("/api/v1/framing", params={"by": "technique"}).json()
    names = {r["technique"] for r in data["rows"]}
    assert "Loaded_Language" in names and not {r["voice"] for r in data["rows"]} - {""}


def test_api_framing_rejects_an_unknown_axis(client: TestClient) -> None:
    assert client.get("/api/v1/framing", params={"by": "colour"}).status_code in (400, 422)


def test_api_event_outlets_sets_reports_side_by_side(client: TestClient) -> None:
    data = client.get(f"/api/v1/events/{ouster_id(client)}/outlets").json()
    assert data["event"]["type"] == "COERCE"
    reports = data["reports"]
    assert len({r["doc_id"] for r in reports}) >= 2, "the ouster is reported by more than one seed"
    assert all(r["sentences"] for r in reports)
    assert any("2022-04-10" in r["dates"] for r in reports)


def test_api_event_outlets_unknown_event_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/events/nope/outlets").status_code == 404


@pytest.mark.slow
def test_browser_framing_page_draws_the_chart(site: Site) -> None:  # noqa: F811
    page, problems = site.open("/framing")
    assert page.locator("#framing-chart rect.bar").count() > 0
    assert "Global Research" in page.locator("#framing-table").inner_text()
    shot(page, "framing")
    problems.check()


@pytest.mark.slow
def test_browser_event_outlets_page_shows_each_report(site: Site) -> None:  # noqa: F811
    client_events: Any = site.browser.new_page()
    response = client_events.request.get(site.url + "/api/v1/timeline?entity=Imran%20Khan").json()
    client_events.close()
    ouster = next(e for e in response["events"] if e["date"] == "2022-04-10" and e["type"] == "COERCE")
    page, problems = site.open(f"/events/{ouster['event_id']}/outlets")
    assert page.locator(".outlet-report").count() >= 2
    assert "Date given" in page.locator("#event-outlets").inner_text()
    shot(page, "event-outlets")
    problems.check()


def test_reader_framing_layer_is_there_but_off(client: TestClient) -> None:
    from tests.web.corpus import OUSTER_DOC

    data = client.get(f"/documents/{OUSTER_DOC}.json").json()
    assert data["techniques"] and {t["voice"] for t in data["techniques"]} >= {"author"}
    page = client.get(f"/documents/{OUSTER_DOC}").text
    text_class = re.search(r'class="([^"]*)" id="article-text"', page)
    assert text_class and "hide-technique" in text_class.group(1).split(), "the Framing layer starts off"
    assert 'data-layer="technique">' in page  # its box is there, unchecked
    assert page.count("hl-technique") >= len(data["techniques"])


@pytest.mark.slow
def test_browser_reader_framing_layer_turns_on(site: Site) -> None:  # noqa: F811
    from tests.web.corpus import OUSTER_DOC

    page, problems = site.open(f"/documents/{OUSTER_DOC}")
    page.check('#layers input[data-layer="technique"]')
    assert "hide-technique" not in (page.locator("#article-text").get_attribute("class") or "")
    page.locator(".hl-technique").first.scroll_into_view_if_needed()
    shot(page, "reader-framing")
    problems.check()
