"""Web usability in a real browser: reader layers chosen and remembered with details on tap, the timeline opening
on its densest stretch, readable graph labels and list views, library sort and export, the map of places."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from tests.web.corpus import OUSTER_DOC
from tests.web.test_pages_browser import PHONE, Site, shot, site  # noqa: F401  (the module's server fixture)

pytestmark = pytest.mark.slow
LAYERS = ["entity", "timex", "event", "quote", "claim"]


def layers_on(page: object) -> list[str]:
    return [name for name in LAYERS if page.is_checked(f"input[data-layer='{name}']")]  # type: ignore[attr-defined]


def test_browser_reader_starts_with_one_layer_and_remembers_the_choice(site: Site) -> None:  # noqa: F811
    page, problems = site.open(f"/documents/{OUSTER_DOC}")
    assert layers_on(page) == ["quote"]
    classes = page.get_attribute("#article-text", "class") or ""
    assert {"hide-entity", "hide-timex", "hide-event", "hide-claim"} <= set(classes.split())
    shot(page, "reader-default-layers")
    page.check("input[data-layer='timex']")
    page.uncheck("input[data-layer='quote']")
    page.reload(wait_until="networkidle")
    assert layers_on(page) == ["timex"]  # kept in localStorage across visits
    assert "hide-quote" in (page.get_attribute("#article-text", "class") or "")
    problems.check()


def test_browser_reader_details_on_tap_only_for_layers_that_are_on(site: Site) -> None:  # noqa: F811
    page = site.browser.new_page(viewport=PHONE, has_touch=True, is_mobile=True)  # a phone: taps, no hover
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}/documents/{OUSTER_DOC}", wait_until="networkidle")
    april = page.locator(".hl-timex", has_text="April 10").first
    april.scroll_into_view_if_needed()
    april.tap()
    assert "DATE 2022-04-10" not in (page.inner_text("#tip") if page.is_visible("#tip") else "")  # timex layer is off
    page.locator("input[data-layer='timex']").tap()
    april.tap()
    assert page.is_visible("#tip") and "DATE 2022-04-10" in page.inner_text("#tip")
    page.locator("input[data-layer='entity']").tap()
    entity = page.locator("a.hl-entity", has_text="Imran Khan").first
    entity.scroll_into_view_if_needed()
    entity.tap()
    assert page.url.endswith(f"/documents/{OUSTER_DOC}")  # the first tap explains, it does not leave the page
    link = page.locator("#tip a.tip-link").first
    assert (link.get_attribute("href") or "").startswith("/entities/")
    shot(page, "reader-tap-details-phone")
    assert not errors, errors


def test_browser_timeline_opens_on_the_densest_period_and_counts_undated(site: Site) -> None:  # noqa: F811
    page, problems = site.open("/timeline")
    page.wait_for_selector("#timeline[data-ready='true']")
    shown = page.evaluate(
        "(() => { const w = window.dossierTimeline.getWindow(); return [w.start.toISOString(), w.end.toISOString()]; })()"
    )
    start, end = (date.fromisoformat(d[:10]) for d in shown)
    events = json.loads(page.evaluate("fetch('/timeline.json').then(r => r.text())"))
    starts = sorted(date.fromisoformat(e["start"]) for e in events["events"])
    assert starts[0] < start or end < starts[-1]  # not the whole span with the news squeezed to one edge
    busiest = max(sum(0 <= (t - s).days <= 365 for t in starts) for s in starts)  # most events in any year
    assert sum(start <= t <= end for t in starts) >= busiest
    undated = page.inner_text("#undated-count")
    assert re.match(r"\d+ events? without a calendar date (is|are) not drawn", undated)
    assert int(undated.split()[0]) == events["undated"] > 0
    page.locator(".vis-item").first.wait_for(state="visible")
    page.wait_for_timeout(300)  # vis-timeline lays items out on the next frames
    shot(page, "timeline-densest")
    problems.check()


def test_browser_graph_labels_are_readable_and_listed(site: Site) -> None:  # noqa: F811
    page, problems = site.open("/graph")
    page.wait_for_selector("#graph[data-ready='true']")
    sizes = page.evaluate("window.dossierGraph.nodes().map(n => parseFloat(n.renderedStyle('font-size')))")
    assert sizes and min(sizes) >= 13  # was ~7 px once the graph was fitted
    shot(page, "graph-labels")
    page.evaluate("window.dossierGraph.zoom(0.3)")  # zoomed far out
    assert min(page.evaluate("window.dossierGraph.nodes().map(n => parseFloat(n.renderedStyle('font-size')))")) >= 13
    page.click("#actor-list summary")
    rows = page.locator("#actor-list tbody tr")
    assert rows.count() == len(sizes)
    assert rows.first.locator("a").inner_text() == "Imran Khan"
    problems.check()


def test_browser_library_sorts_and_exports_the_view(site: Site) -> None:  # noqa: F811
    page, problems = site.open("/library")
    page.select_option("#sort", "title")
    page.click(".sort button")
    page.wait_for_url(re.compile(r"sort=title"))
    titles = page.locator(".doc-title").all_inner_texts()
    assert titles == sorted(titles, key=str.lower) and len(titles) == 6
    shot(page, "library-sorted")
    page.goto(f"{site.url}/library?q=Khan&sort=oldest", wait_until="networkidle")
    listed = page.locator(".doc-title").all_inner_texts()
    csv_href = page.get_attribute("#export-csv", "href") or ""
    assert "q=Khan" in csv_href and "sort=oldest" in csv_href
    rows = list(csv.DictReader(io.StringIO(page.request.get(site.url + csv_href).text())))
    assert [r["title"] for r in rows] == listed  # the view as shown, in its order
    jsonl = page.request.get(site.url + (page.get_attribute("#export-jsonl", "href") or "")).text()
    assert [json.loads(line)["title"] for line in jsonl.splitlines()] == listed
    problems.check()


def test_browser_map_places_what_the_articles_name_without_the_network(site: Site) -> None:  # noqa: F811
    page = site.browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(site.url) else outside.append(r.url))
    page.goto(site.url + "/map", wait_until="networkidle")
    assert not outside, outside
    assert page.locator("#map .place").count() > 10
    labels = page.eval_on_selector_all("#map .place.labelled text", "nodes => nodes.map(n => n.textContent)")
    assert {"Pakistan", "United States", "Afghanistan"} <= set(labels)
    pakistan = page.locator("#map .place[data-name='Pakistan'] circle")
    box, map_box = pakistan.bounding_box(), page.locator("#map").bounding_box()
    assert box and map_box
    x = (box["x"] + box["width"] / 2 - map_box["x"]) / map_box["width"]  # 70°E is 0.69 of the way across
    assert 0.66 < x < 0.72
    assert page.locator("#place-list tbody tr").count() == page.locator("#map .place").count()
    shot(page, "map")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    shot(page, "map-phone")
