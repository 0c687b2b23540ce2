"""Document lists a page at a time: filters, counts and facets in SQL, pages that never read article text."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable

import pytest

from dossier.records import Article
from dossier.store import library, queries
from dossier.store.library import DocFilter

OUTLETS = ["The Lakeside Courier", "Brennock Post", None]
DATES = ["2023-03-14", "2023-03", "2022-11-02", None, "2021", "2023-01-09", "2022-04-20"]
LANGUAGES = ["en", "en", "de"]


def stored(db: sqlite3.Connection, n: int) -> Article:
    article = Article(
        id=f"{n:016x}", source=f"story-{n}.txt", format="text", title=f"Ferry timetable review {n}",
        outlet=OUTLETS[n % 3], published=DATES[n % len(DATES)], language=LANGUAGES[n % 3],
        text=f"The ferry operator said review {n} would change the timetable. " * (40 + n)
        + ("The council called a no-confidence vote." if n % 4 == 0 else ""),
        extractor="test",
    )  # fmt: skip
    queries.store_article(db, article)
    return article


@pytest.fixture
def shelf(store: sqlite3.Connection) -> list[Article]:
    return [stored(store, n) for n in range(14)]


def test_pages_cover_the_list_once_newest_first(store: sqlite3.Connection, shelf: list[Article]) -> None:
    pages = [library.document_page(store, limit=4, offset=o) for o in range(0, 16, 4)]
    assert [len(p) for p in pages] == [4, 4, 4, 2]
    ids = [x.doc.id for p in pages for x in p]
    assert sorted(ids) == sorted(a.id for a in shelf)
    dated = [x.doc.published for p in pages for x in p if x.doc.published]
    assert dated == sorted(dated, reverse=True) and set(ids[-2:]) == {a.id for a in shelf if a.published is None}
    assert library.document_count(store) == 14


def test_filters_match_the_documents_they_describe(store: sqlite3.Connection, shelf: list[Article]) -> None:
    wanted = DocFilter(outlet="Brennock Post", date_from="2022-04", date_to="2023-03")
    expected = {
        a.id for a in shelf if a.outlet == "Brennock Post" and a.published and "2022-04" <= a.published[:7] <= "2023-03"
    }
    page = library.document_page(store, wanted, limit=50)
    assert {x.doc.id for x in page} == expected and library.document_count(store, wanted) == len(expected)
    month = library.document_page(store, DocFilter(date_from="2023-03", date_to="2023-03"))
    assert {x.doc.published for x in month} == {"2023-03-14", "2023-03"}  # a month-dated story is in its month
    assert library.document_count(store, DocFilter(language="de")) == sum(a.language == "de" for a in shelf)


def test_facets_count_what_the_filter_keeps(store: sqlite3.Connection, shelf: list[Article]) -> None:
    found = library.facets(store, DocFilter(language="en"))
    english = [a for a in shelf if a.language == "en"]
    assert {f.value: f.count for f in found.outlets} == dict(Counter(a.outlet for a in english if a.outlet))
    assert {f.value: f.count for f in found.years} == dict(Counter(a.published[:4] for a in english if a.published))
    assert [f.value for f in found.years] == sorted((f.value for f in found.years), reverse=True)


def test_search_pages_rank_count_and_snippet(store: sqlite3.Connection, shelf: list[Article]) -> None:
    wanted = DocFilter(query="no-confidence")
    hits = [x for o in (0, 2) for x in library.document_page(store, wanted, limit=2, offset=o)]
    assert sorted(x.doc.id for x in hits) == sorted(a.id for a in shelf if "no-confidence" in a.text)
    assert library.document_count(store, wanted) == len(hits) == 4
    start, end = library.HIGHLIGHT
    assert all(x.hit and f"{start}no-confidence{end}" in x.hit.snippet for x in hits)
    scores = [x.hit.score for x in hits if x.hit]
    assert scores == sorted(scores)


def test_lists_never_read_article_text(store: sqlite3.Connection, shelf: list[Article]) -> None:
    statements: list[str] = []
    store.set_trace_callback(statements.append)
    library.document_page(store, limit=3)
    library.document_count(store, DocFilter(outlet="Brennock Post"))
    library.facets(store)
    library.document_metas(store, [shelf[0].id])
    store.set_trace_callback(None)
    assert statements and all("text" not in s and "*" not in s.replace("COUNT(*)", "") for s in statements)
    assert any(re.search(r"LIMIT (dossier_limit\()?3\b", s) for s in statements)  # the page is cut in SQL


def test_search_snippets_only_for_the_page_shown(store: sqlite3.Connection, shelf: list[Article]) -> None:
    statements: list[str] = []
    store.set_trace_callback(statements.append)
    library.search(store, "ferry", limit=2)
    store.set_trace_callback(None)
    snippet = [s for s in statements if "snippet(" in s or "ts_headline(" in s]
    assert len(snippet) == 1 and "json_each" in snippet[0]  # made for the ids of the page, not for all 14 hits


def plans(db: sqlite3.Connection, call: Callable[[], object]) -> list[str]:
    """The query plan of every statement `call` runs."""
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    call()
    db.set_trace_callback(None)
    return [
        " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {s}")) for s in statements if "FROM documents d" in s
    ]


def test_pages_and_facets_use_indexes_not_sorts_or_text(store: sqlite3.Connection, shelf: list[Article]) -> None:
    if not isinstance(store, sqlite3.Connection):
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN")
    page = plans(store, lambda: library.document_page(store, limit=3, offset=3))
    assert len(page) == 1 and "documents_newest" in page[0] and "TEMP B-TREE FOR ORDER BY" not in page[0]
    counted = plans(store, lambda: library.facets(store, DocFilter(language="en")))
    assert len(counted) == 3 and all("SCAN d USING COVERING INDEX" in p for p in counted[:2])  # outlets, years


def test_superseded_versions_are_left_out_of_lists_and_counts(store: sqlite3.Connection, shelf: list[Article]) -> None:
    newer = shelf[1].model_copy(update={"id": "f" * 16, "text": shelf[1].text + " Corrected."})
    assert queries.store_article(store, newer).version == 2
    assert library.document_count(store) == 14 and library.document_count(store, DocFilter(all_versions=True)) == 15
    listed = [x.doc.id for x in library.document_page(store, limit=50)]
    assert "f" * 16 in listed and shelf[1].id not in listed
    assert sum(f.count for f in library.facets(store).outlets) == sum(1 for a in shelf if a.outlet)
