"""The pages in a real browser: Playwright driving Debian's chromium (never a browser Playwright downloads).

Each page loads on the ingested seeds with no console error and no dialog, shows its key content, and is
screenshotted at desktop and phone width into test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from dossier.web.app import LOCAL_HOSTS, create_app
from tests.conftest import ROOT
from tests.web.corpus import COMMENTED_DOC, OUSTER_DOC, hostile_id, seeded_database

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
HOSTILE_TITLE = "Harbour board <script>alert(1)</script> approves new pier"


@dataclass
class Problems:
    """What a page must never do: log an error, throw, or open a dialog (alert() from hostile text)."""

    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.dialogs, f"a dialog fired: {self.dialogs}"
        assert not self.console, f"console errors: {self.console}"


@dataclass
class Site:
    url: str
    db_path: Path
    browser: Any

    def open(self, path: str, viewport: dict[str, int] = DESKTOP) -> tuple[Any, Problems]:
        page = self.browser.new_page(viewport=viewport)
        problems = Problems()

        def on_console(message: Any) -> None:
            if message.type == "error":
                problems.console.append(message.text)

        def on_dialog(dialog: Any) -> None:
            problems.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.console.append(str(error)))
        page.on("dialog", on_dialog)
        page.goto(self.url + path, wait_until="networkidle")
        return page, problems


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Iterator[Site]:
    if not CHROMIUM.exists():
        reason = f"Debian's chromium is not installed at {CHROMIUM}: run scripts/install_browser.sh"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs it; a skip there would hide a missing install step
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    import uvicorn

    db_path = seeded_database(tmp_path_factory, nlp)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(str(db_path), allowed_hosts=LOCAL_HOSTS)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--headless", "--no-sandbox"]
        )
        try:
            yield Site(f"http://127.0.0.1:{port}", db_path, browser)
        finally:
            browser.close()
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()


def test_browser_library_lists_searches_and_narrows(site: Site) -> None:
    page, problems = site.open("/library")
    titles = page.locator(".doc-title")
    assert titles.count() == 6
    assert any("Pakistan's Pivot to Russia and Ouster of Imran Khan" in t for t in titles.all_inner_texts())
    shot(page, "library")
    page.fill("#q", "Khan AND Moscow")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=Khan"))
    assert page.locator(".snippet mark").count() > 0
    assert "matching “Khan AND Moscow”" in page.inner_text(".count")
    page.get_by_role("link", name=re.compile("^Global Research")).first.click()
    page.wait_for_url(re.compile(r"outlet=Global"))
    assert {m.lower() for m in page.locator(".snippet mark").all_inner_texts()} >= {"khan"}
    assert page.locator(".doc-meta .outlet").all_inner_texts() == ["Global Research"] * titles.count()
    shot(page, "library-search")
    problems.check()


def test_browser_reader_shows_donald_lu_as_speaker(site: Site) -> None:
    page, problems = site.open(f"/documents/{OUSTER_DOC}")
    quote = page.locator(".hl-quote", has_text="If Prime Minister").first
    assert "speaker: Donald Lu" in (quote.get_attribute("title") or "")
    assert "via Shireen Mazari" in (quote.get_attribute("title") or "")
    speaker = page.locator(".quote-item", has_text="If Prime Minister Imran Khan remained")
    assert speaker.locator(".speaker").inner_text() == "Donald Lu"
    assert speaker.locator(".via").inner_text() == "via Shireen Mazari"
    april = page.locator(".hl-timex", has_text="April 10").first
    assert (april.get_attribute("title") or "").startswith("DATE 2022-04-10")
    quote.hover()
    assert page.locator(".hl-quote.lit").count() >= 1  # all fragments of the hovered quote light up
    quote.click(position={"x": 4, "y": 4})
    assert "speaker: Donald Lu" in page.inner_text("#tip")
    page.keyboard.press("Escape")
    page.uncheck("input[data-layer='entity']")
    assert "hide-entity" in (page.get_attribute("#article-text", "class") or "")
    page.check("input[data-layer='entity']")
    assert page.locator(".event-list a[href^='#ev-']").count() > 10
    assert page.locator(".hl-claim").count() > 0
    shot(page, "reader")
    problems.check()


def test_browser_reader_comments_are_separate(site: Site) -> None:
    page, problems = site.open(f"/documents/{COMMENTED_DOC}")
    comments = page.locator("section.comments")
    assert comments.locator(".comment").count() == 2
    assert comments.locator(".comment.depth-1").count() == 1  # the reply is indented under its parent
    assert page.locator("article.article section.comments").count() == 0  # outside the article
    assert "not part of the article" in comments.inner_text()
    comments.scroll_into_view_if_needed()
    shot(page, "reader-comments")
    problems.check()


def test_browser_timeline_shows_the_april_2022_ouster(site: Site) -> None:
    page, problems = site.open("/timeline")
    page.wait_for_selector("#timeline[data-ready='true']")
    assert page.locator(".vis-item.vis-range.g-month").count() > 0  # a month is a band, not a day
    assert page.locator(".vis-item.vis-point.g-day").count() > 0
    shot(page, "timeline")
    page.goto(f"{site.url}/timeline?entity=Imran+Khan", wait_until="networkidle")
    page.wait_for_selector("#timeline[data-ready='true']")
    page.evaluate("window.dossierTimeline.setWindow('2022-03-15', '2022-05-15', {animation: false})")
    # the ouster is a day point; a March 2022 month band of the same type and target (the no-confidence motion) may
    # sit in the same window
    ouster = page.locator(".vis-item.g-day.conflictual", has_text="COERCE: Imran Khan")
    ouster.first.wait_for()
    ouster.first.click()
    panel = page.locator("#event-panel")
    assert "COERCE · 10 April 2022" in panel.inner_text()
    mention = panel.locator(".mentions li", has_text="ouster").first
    assert "Ouster of Imran Khan" in mention.inner_text()
    shot(page, "timeline-ouster")
    mention.locator("a").click()
    page.wait_for_url(re.compile(rf"/documents/{OUSTER_DOC}#ev-\d+"))
    anchor = page.url.split("#")[1]
    assert page.locator(f"#{anchor}").inner_text() == "ouster"
    problems.check()


def test_browser_graph_edge_shows_evidence(site: Site) -> None:
    page, problems = site.open("/graph")
    page.wait_for_selector("#graph[data-ready='true']")
    counts = page.evaluate("[window.dossierGraph.nodes().length, window.dossierGraph.edges().length]")
    assert counts[0] > 10 and counts[1] > 10
    edge_id = page.evaluate("window.dossierGraph.edges().max(e => e.data('width')).ele.id()")
    page.evaluate("id => { window.dossierGraph.getElementById(id).emit('tap'); }", edge_id)  # return nothing
    evidence = page.locator("#edge-panel .evidence-list li")
    assert evidence.count() >= 2 and "→" in page.inner_text("#edge-panel h2")
    assert (evidence.first.locator("a").get_attribute("href") or "").startswith("/documents/")
    shot(page, "graph")
    page.click("#edge-list summary")
    page.locator("#edge-list [data-edge]").nth(1).click()
    assert page.get_attribute("#edge-panel", "data-edge") == page.locator("#edge-list [data-edge]").nth(
        1
    ).get_attribute("data-edge")
    problems.check()


def test_browser_entity_page(site: Site) -> None:
    page, problems = site.open("/entities/Imran%20Khan")
    assert page.inner_text("h1") == "Imran Khan"
    assert "Khan" in page.locator(".aliases").all_inner_texts()[0]
    assert page.locator("h2", has_text="Quotes by Imran Khan").count() == 1
    assert page.locator(".chips a", has_text="Pakistan").count() >= 1
    assert page.locator(".event-item", has_text="COERCE").count() >= 1
    shot(page, "entity")
    problems.check()


def test_browser_claims_board(site: Site) -> None:
    page, problems = site.open("/claims")
    clusters = page.locator(".cluster")
    if clusters.count() == 0:
        assert page.locator(".notice").count() == 1  # an empty board says why
    else:
        first = clusters.first
        assert first.locator("blockquote.lead").inner_text().startswith("“")
        assert first.locator(".relations h3").all_inner_texts()[0].startswith("Supporting")
    shot(page, "claims")
    problems.check()


def test_browser_hostile_article_stays_text(site: Site) -> None:
    page, problems = site.open(f"/documents/{hostile_id(site.db_path)}")
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.inner_text("h1") == HOSTILE_TITLE
    assert page.title().startswith(HOSTILE_TITLE)
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#article-text")
    assert "<script>alert(1)</script>" in page.inner_text("section.comments")
    assert page.locator("img").count() == 0
    sources = page.eval_on_selector_all("script", "nodes => nodes.map(n => n.getAttribute('src'))")
    assert all(src and src.startswith("/static/") for src in sources)
    assert page.locator("a[href^='javascript' i]").count() == 0
    page.get_by_text("javascript:alert(document.cookie)").first.click()
    shot(page, "hostile")
    page.goto(f"{site.url}/library?q=petition", wait_until="networkidle")
    assert HOSTILE_TITLE in page.inner_text(".doc-list")
    problems.check()


PHONE_PAGES = {
    "library": "/library",
    "reader": f"/documents/{OUSTER_DOC}",
    "timeline": "/timeline",
    "graph": "/graph",
    "map": "/map",
    "entity": "/entities/Imran%20Khan",
    "claims": "/claims",
    "api": "/api/v1/docs",
}


@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_browser_pages_fit_a_phone(site: Site, name: str) -> None:
    page, problems = site.open(PHONE_PAGES[name], viewport=PHONE)
    if name in ("timeline", "graph"):
        page.wait_for_selector(f"#{name}[data-ready='true']")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px wider than the phone"
    assert page.locator(".site-nav a").count() == 8  # library, timeline, graph, map, entities, claims, framing, API
    shot(page, f"{name}-phone")
    problems.check()
