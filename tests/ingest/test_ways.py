"""More ways in: standard input, .jsonl/.csv article files, URL lists and sitemap/feed discovery, bad input too."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.ingest.batch import BatchReport, ingested
from dossier.ingest.discover import discovered_urls
from dossier.ingest.tables import Fields
from dossier.ingest.ways import WaysIn
from dossier.records import Article
from dossier.store import queries
from dossier.store.db import connect
from tests.conftest import RESOURCES

ARTICLES = RESOURCES / "articles"
PAGE = RESOURCES / "html" / "quiet-harbour-ferry-fares.html"
CSV_FIELDS = Fields(
    text="body", title="headline", date="publish_date", url="link", outlet="media_name", author="byline"
)


def ingest(
    tmp_path: Path, named: list[str], ways: WaysIn, client: httpx.Client | None = None
) -> tuple[BatchReport, dict[str, Article]]:
    db = connect(tmp_path / "t.db")
    report = ingested(db, named, ways=ways, client=client)
    docs = {doc.source: doc for doc in queries.documents(db)}
    db.close()
    return report, docs


# --- article files ---------------------------------------------------------------------------------------------------


def test_jsonl_rows_become_articles_with_their_metadata(tmp_path: Path) -> None:
    source = str(ARTICLES / "stories.jsonl")
    _, docs = ingest(tmp_path, [source], WaysIn())
    water = docs[f"{source}:1"]
    assert water.title == "Water board raises tariffs"
    assert water.authors == ["Ines Carvalho", "Tom Ree"]
    assert (water.outlet, water.published, water.url) == (
        "Brennock Courier",
        "2023-03-06",
        "https://brennock.example/tariffs",
    )
    assert water.text.startswith("The Brennock water board voted on Monday")
    assert water.text.endswith("before any bill goes out.")
    assert docs[f"{source}:5"].published == "2023-03-09"  # GDELT's compact YYYYMMDD
    library = docs[f"{source}:8"]  # an HTML fragment in the text field
    assert library.text.startswith("The regional library network will open on Sundays")
    assert "<p>" not in library.text


def test_jsonl_bad_rows_are_one_line_each_naming_file_and_line(tmp_path: Path) -> None:
    source = str(ARTICLES / "stories.jsonl")
    report, docs = ingest(tmp_path, [source], WaysIn())
    assert sorted(docs) == [f"{source}:{n}" for n in (1, 5, 8)]
    failed = {line.split("] ", 1)[1].split(": ", 1)[0]: line for line in report.failed}
    assert sorted(failed) == [f"{source}:{n}" for n in (2, 3, 4, 6)]
    assert "not valid JSON" in failed[f"{source}:2"]
    assert "no 'text' field" in failed[f"{source}:3"]
    assert "'last Thursday'" in failed[f"{source}:4"]
    assert "not a JSON object" in failed[f"{source}:6"]
    assert all("\n" not in line for line in report.failed)


def test_csv_columns_are_named_by_the_field_options(tmp_path: Path) -> None:
    source = str(ARTICLES / "stories.csv")
    report, docs = ingest(tmp_path, [source], WaysIn(fields=CSV_FIELDS))
    assert sorted(docs) == [f"{source}:2", f"{source}:9"]  # a row is named by the line it starts on
    water = docs[f"{source}:2"]
    assert (water.title, water.authors, water.outlet, water.published) == (
        "Water board raises tariffs",
        ["Ines Carvalho"],
        "Brennock Courier",
        "2023-03-06",
    )
    assert docs[f"{source}:9"].url == "https://islands.example/ferries"
    reasons = sorted(line.split(": ", 1)[0].rsplit(" ", 1)[1] + " " + line.split(": ", 1)[1] for line in report.failed)
    assert reasons[0].startswith(f"{source}:7 the 'body' field is empty")
    assert reasons[1].startswith(f"{source}:8 has 3 columns, the header has 7")


def test_csv_without_the_named_text_column_says_which_option_to_use(tmp_path: Path) -> None:
    report, docs = ingest(tmp_path, [str(ARTICLES / "stories.csv")], WaysIn())
    assert not docs
    assert all("use --text-field" in line or "empty" in line or "columns" in line for line in report.failed)


def test_user_metadata_wins_over_what_the_page_says(tmp_path: Path) -> None:
    html = PAGE.read_text(encoding="utf-8")
    import json

    row = {
        "text": html,
        "title": "My own title",
        "outlet": "My Outlet",
        "date": "2001-02-03",
        "author": "Reuters Staff",
    }
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    _, docs = ingest(tmp_path, [str(path)], WaysIn())
    [doc] = docs.values()
    assert (doc.title, doc.outlet, doc.published, doc.authors) == (
        "My own title",
        "My Outlet",
        "2001-02-03",
        ["Reuters Staff"],
    )
    assert doc.format == "html"


def test_file_names_carrying_outlet_and_date_are_not_guessed_from(tmp_path: Path) -> None:
    _, docs = ingest(tmp_path, [str(ARTICLES / "nyt_2016-10-03_slug.txt")], WaysIn())
    [doc] = docs.values()
    assert doc.published is None
    assert doc.outlet is None
    assert doc.text.startswith("Ferry services between Kessock")


# --- standard input --------------------------------------------------------------------------------------------------


def test_stdin_html_is_sniffed_and_extracted(tmp_path: Path) -> None:
    stream = io.BytesIO(PAGE.read_bytes())
    report, docs = ingest(tmp_path, ["-"], WaysIn(stdin=stream))
    [doc] = docs.values()
    assert doc.source == "<stdin>" and doc.format == "html"
    assert not report.failed


def test_stdin_through_the_command(tmp_path: Path) -> None:
    text = (ARTICLES / "nyt_2016-10-03_slug.txt").read_bytes()
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", str(db), "--no-annotate", "-q"], input=text)
    assert result.exit_code == 0, result.output
    assert "1 ingested" in result.output


def test_empty_stdin_is_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    report, docs = ingest(tmp_path, ["-", str(ARTICLES / "nyt_2016-10-03_slug.txt")], WaysIn(stdin=io.BytesIO(b"")))
    assert report.failed == ["[E_UNSUPPORTED] <stdin>: empty file (0 bytes)"]
    assert len(docs) == 1


# --- URL lists and discovery -----------------------------------------------------------------------------------------


def article(title: str) -> bytes:
    body = "".join(
        f"<p>{title} is reported here in detail, paragraph {n} of a real story on this site.</p>" for n in range(5)
    )
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>".encode()


def site(routes: dict[str, tuple[int, bytes, str]]) -> httpx.Client:
    def serve(request: httpx.Request) -> httpx.Response:
        status, body, ctype = routes.get(str(request.url), (404, b"not here", "text/plain"))
        return httpx.Response(status, content=body, headers={"content-type": ctype})

    return httpx.Client(transport=httpx.MockTransport(serve))


def test_url_list_fetches_each_url_and_names_a_bad_line(tmp_path: Path) -> None:
    client = site(
        {
            "https://courier.example/a": (200, article("Harbour dues rise"), "text/html"),
            "https://courier.example/b": (200, article("Ferry fares frozen"), "text/html"),
        }
    )
    urls = str(ARTICLES / "urls.txt")
    report, docs = ingest(tmp_path, [], WaysIn(url_lists=(urls,)), client=client)
    assert sorted(docs) == ["https://courier.example/a", "https://courier.example/b"]
    assert report.failed == [f"[E_BAD_ROW] {urls}:4: not an http(s) URL"]


SITEMAP_INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://courier.example/news-sitemap.xml</loc></sitemap></sitemapindex>"""
SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://courier.example/a</loc></url><url><loc>https://elsewhere.example/x</loc></url>
<url><loc>https://courier.example/b</loc></url></urlset>"""
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>
<item><title>C</title><link>https://courier.example/c</link></item></channel></rss>"""
HOME = (
    b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Home</body></html>"""
)


def test_discovery_reads_robots_sitemap_index_then_feeds() -> None:
    client = site(
        {
            "https://courier.example/robots.txt": (
                200,
                b"User-agent: *\nSitemap: https://courier.example/index.xml\n",
                "text/plain",
            ),
            "https://courier.example/index.xml": (200, SITEMAP_INDEX, "application/xml"),
            "https://courier.example/news-sitemap.xml": (200, SITEMAP, "application/xml"),
            "https://courier.example/": (200, HOME, "text/html"),
            "https://courier.example/feed.xml": (200, FEED, "application/rss+xml"),
        }
    )
    found = discovered_urls("https://courier.example/", client=client)
    assert found == ["https://courier.example/a", "https://courier.example/b", "https://courier.example/c"]
    assert discovered_urls("https://courier.example/", client=client, limit=1) == ["https://courier.example/a"]


def test_discover_ingests_the_articles_a_site_lists(tmp_path: Path) -> None:
    client = site(
        {
            "https://courier.example/sitemap.xml": (200, SITEMAP, "application/xml"),
            "https://courier.example/a": (200, article("Harbour dues rise"), "text/html"),
            "https://courier.example/b": (500, b"oops", "text/plain"),
        }
    )
    report, docs = ingest(tmp_path, ["https://courier.example/"], WaysIn(discover=True), client=client)
    assert sorted(docs) == ["https://courier.example/a"]
    assert report.failed == ["[E_FETCH] https://courier.example/b: HTTP 500 Internal Server Error"]


def test_discover_on_a_site_with_nothing_to_find_says_so(tmp_path: Path) -> None:
    report, docs = ingest(tmp_path, ["https://empty.example/"], WaysIn(discover=True), client=site({}))
    assert not docs
    assert len(report.failed) == 1 and report.failed[0].startswith("[E_DISCOVER] https://empty.example/: no sitemap")


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "--text-field", "body"]])
def test_ingest_without_any_input_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert "Missing argument" in result.output
