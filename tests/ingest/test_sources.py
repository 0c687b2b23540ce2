"""Sources: folders, globs, gzip, RSS and Atom feeds, WARC archives and URLs, each to the right documents."""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.errors import UnsupportedInput
from dossier.ingest.batch import BatchReport, ingested
from dossier.ingest.sources import Target, expanded_targets, warc_records
from dossier.records import Article, RawInput
from dossier.store import queries
from dossier.store.db import connect
from tests.conftest import RESOURCES

ARTICLE = RESOURCES / "bad" / "article.html"
FEEDS = RESOURCES / "feeds"
DOSSIER = Path(sys.executable).parent / "dossier"
WARC_DATE = "2024-01-05T10:00:00Z"  # a crawl date, later than any date in the pages


def ingest(
    tmp_path: Path, named: list[str], client: httpx.Client | None = None
) -> tuple[BatchReport, dict[str, Article]]:
    db = connect(tmp_path / "t.db")
    report = ingested(db, named, client=client)
    docs = {doc.source: doc for doc in queries.documents(db)}
    db.close()
    return report, docs


def article_page(title: str, body: str, *, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{body} Paragraph {n} adds detail that only this page has.</p>" for n in range(4))
    return f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>".encode()


# --- folders and globs -----------------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for rel in ("a.html", "news/b.html", "news/2023/c.txt", "news/.drafts/d.html", ".e.html", "news/.f.html"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return root


def test_folder_recursion_skips_hidden_files_and_folders(tree: Path) -> None:
    found = [t.source for t in expanded_targets([str(tree)]) if isinstance(t, Target)]
    assert found == [str(tree / "a.html"), str(tree / "news/b.html"), str(tree / "news/2023/c.txt")]


def test_glob_patterns_are_expanded_by_dossier(tree: Path) -> None:
    top = [t.source for t in expanded_targets([f"{tree}/*.html"]) if isinstance(t, Target)]
    deep = [t.source for t in expanded_targets([f"{tree}/**/*.html"]) if isinstance(t, Target)]
    assert top == [str(tree / "a.html")]
    assert deep == [str(tree / "a.html"), str(tree / "news/b.html")]


def test_quoted_glob_reaches_the_cli_unexpanded(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "2023").mkdir(parents=True)
    (pages / "2023" / "flood.html").write_bytes(ARTICLE.read_bytes())
    (pages / "german.html").write_bytes((RESOURCES / "bad" / "german.html").read_bytes())
    (pages / "notes.txt").write_text("not matched")
    pattern = f"{pages}/**/*.html"  # an argv entry, as the shell passes 'pages/**/*.html' when quoted
    db = tmp_path / "t.db"
    proc = subprocess.run([DOSSIER, "ingest", "-q", pattern, "--db", db], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    sources = {d.source for d in queries.documents(connect(db, readonly=True))}
    assert sources == {str(pages / "2023" / "flood.html"), str(pages / "german.html")}


def test_glob_matching_nothing_is_named(tmp_path: Path) -> None:
    report, _ = ingest(tmp_path, [f"{tmp_path}/*.html"])
    assert report.failed == [f"[E_UNREADABLE] {tmp_path}/*.html: no files match this pattern"]


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "story.html"
    page.write_bytes(ARTICLE.read_bytes())
    report, _ = ingest(tmp_path, [str(folder), str(page), f"{folder}/*.html", f"{folder}/../pages/story.html"])
    assert report.failed == []
    assert [source for source, _ in report.stored] == [str(page)]


# --- gzip ------------------------------------------------------------------------------------------------------------


def test_html_gz_is_ingested_like_the_plain_page(tmp_path: Path) -> None:
    packed = tmp_path / "story.html.gz"
    packed.write_bytes(gzip.compress(ARTICLE.read_bytes()))
    report, docs = ingest(tmp_path, [str(packed), str(ARTICLE)])
    assert report.failed == []
    doc = docs[str(packed)]
    assert doc.format == "html"
    assert doc.title == "Harbour council approves flood wall after two-year dispute"
    assert doc.text.endswith("the route that lorries will take through the old town.")
    plain = report.stored[1][1]
    assert (plain.outcome, plain.doc_id) == ("unchanged", doc.id)  # the same page, so the same content id
    assert plain.note == f"same content as {packed}"


def test_multi_member_gzip_is_read_whole(tmp_path: Path) -> None:
    data = ARTICLE.read_bytes()
    packed = tmp_path / "story.html.gz"
    packed.write_bytes(gzip.compress(data[:900]) + gzip.compress(data[900:]))  # what `cat a.gz b.gz` makes
    _, docs = ingest(tmp_path, [str(packed)])
    assert docs[str(packed)].text.endswith("the route that lorries will take through the old town.")


# --- feeds -----------------------------------------------------------------------------------------------------------


def test_rss_feed_gives_one_document_per_entry(tmp_path: Path) -> None:
    feed = FEEDS / "rss2.xml"
    report, docs = ingest(tmp_path, [str(feed)])
    assert report.failed == []
    assert sorted(docs) == [f"{feed}#courier-2023-0411", f"{feed}#courier-2023-0419"]
    ferry = docs[f"{feed}#courier-2023-0411"]
    assert ferry.title == "Ferry operator adds a late sailing on Fridays"
    assert ferry.authors == ["Colm Feeney"]
    assert ferry.published == "2023-04-11"
    assert ferry.outlet == "The Lakeside Courier"
    assert ferry.url == "https://courier.example/news/ferry-late-sailing"
    assert ferry.format == "feed"
    assert ferry.text.startswith("The lake ferry will add a late sailing")
    assert "teaser" not in ferry.text  # full content wins over the description
    assert docs[f"{feed}#courier-2023-0419"].authors == ["Ines Carvalho"]


def test_atom_feed_uses_published_not_updated(tmp_path: Path) -> None:
    feed = FEEDS / "atom.xml"
    report, docs = ingest(tmp_path, [str(feed)])
    assert report.failed == []
    assert len(docs) == 2
    rescue = docs[f"{feed}#urn:uuid:8a1c6b8e-3f0b-4e55-9d10-4f0f6a3a0101"]
    assert rescue.title == "Orrin Bay lifeboat crew rescues two kayakers in fog"
    assert rescue.authors == ["Hugh Marré"]
    assert rescue.published == "2023-05-28"  # <updated> says 2023-06-01
    assert rescue.outlet == "Orrin Bay Gazette"
    assert "following the sound of a whistle" in rescue.text
    chips = docs[f"{feed}#urn:uuid:8a1c6b8e-3f0b-4e55-9d10-4f0f6a3a0102"]
    assert chips.text.startswith("More than two thousand readers voted")  # xhtml content
    assert chips.authors == ["Priya Nandakumar"]


def test_feed_date_keeps_the_feeds_own_day(tmp_path: Path) -> None:
    body = "<p>" + "The night bus to the airport will run every hour from May, the council said. " * 4 + "</p>"
    feed = tmp_path / "late.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>Evening Post</title><item><title>Late bus</title><guid>late-1</guid>'
        f"<pubDate>Tue, 11 Apr 2023 23:30:00 -0500</pubDate><description><![CDATA[{body}]]></description>"
        "</item></channel></rss>"
    )
    _, docs = ingest(tmp_path, [str(feed)])
    assert docs[f"{feed}#late-1"].published == "2023-04-11"  # 04:30 UTC on the 12th, but the outlet's day is the 11th


def test_feed_over_http_is_split_into_entries(tmp_path: Path) -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-type": "application/rss+xml"}, content=(FEEDS / "rss2.xml").read_bytes()
        )

    client = httpx.Client(transport=httpx.MockTransport(serve))
    report, docs = ingest(tmp_path, ["https://courier.example/feed"], client=client)
    assert report.failed == []
    assert sorted(docs) == [
        "https://courier.example/feed#courier-2023-0411",
        "https://courier.example/feed#courier-2023-0419",
    ]


# --- WARC ------------------------------------------------------------------------------------------------------------


def warc_bytes(*, gzip_records: bool = True) -> bytes:
    """Two HTML responses around one PNG response, written by warcio as a crawler would."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    pages = [
        ("https://courier.example/harbour", "text/html; charset=utf-8", ARTICLE.read_bytes()),
        ("https://courier.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        (
            "https://courier.example/ferry",
            "text/html",
            article_page("Ferry timetable changes for the summer", "The summer ferry timetable starts in June."),
        ),
    ]
    for uri, ctype, payload in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=http, warc_headers_dict={"WARC-Date": WARC_DATE}
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_warc_gives_one_document_per_html_response(tmp_path: Path, suffix: str) -> None:
    archive = tmp_path / f"crawl{suffix}"
    archive.write_bytes(warc_bytes(gzip_records=suffix.endswith(".gz")))
    report, docs = ingest(tmp_path, [str(archive)])
    assert report.failed == []
    assert sorted(docs) == [f"{archive}#https://courier.example/ferry", f"{archive}#https://courier.example/harbour"]
    harbour = docs[f"{archive}#https://courier.example/harbour"]
    assert harbour.url == "https://courier.example/harbour"
    assert harbour.published == "2023-03-14"  # from the page, not the crawl
    ferry = docs[f"{archive}#https://courier.example/ferry"]
    assert ferry.title == "Ferry timetable changes for the summer"
    assert ferry.published is None  # the page gives no date, and the WARC-Date is not one
    assert all(not (d.published or "").startswith("2024") for d in docs.values())


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_truncated_warc_fails_after_keeping_what_came_before(tmp_path: Path, suffix: str) -> None:
    data = warc_bytes(gzip_records=suffix.endswith(".gz"))
    archive = tmp_path / f"cut{suffix}"
    archive.write_bytes(data[: len(data) - 300])  # the archive ends inside the last page
    report, docs = ingest(tmp_path, [str(archive)])
    assert list(docs) == [f"{archive}#https://courier.example/harbour"]
    assert len(report.failed) == 1
    assert re.match(rf"\[E_UNSUPPORTED\] {re.escape(str(archive))}: (truncated|broken) WARC archive", report.failed[0])


@pytest.mark.parametrize("gzip_records", [True, False])
def test_warc_cut_anywhere_never_gives_a_partial_page(tmp_path: Path, gzip_records: bool) -> None:
    data = warc_bytes(gzip_records=gzip_records)
    complete = {raw.source.split("#")[1]: raw.content for raw in warc_records(write(tmp_path / "all.warc", data))}
    outcomes = set()
    for length in range(len(data) - 1, len(data) // 2, -3):
        archive = write(tmp_path / f"cut-{length}.warc", data[:length])
        got: list[RawInput] = []
        try:
            got.extend(warc_records(archive))
            outcomes.add("complete")  # a cut exactly between records leaves a shorter, valid archive
        except UnsupportedInput:
            outcomes.add("failed")
        for raw in got:
            assert raw.content == complete[raw.source.split("#")[1]], f"partial page from a cut at {length}"
    assert "failed" in outcomes


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_warc_without_html_is_named(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            "https://x.example/robots.txt", "resource", payload=io.BytesIO(b"ok"), warc_content_type="text/plain"
        )
    )
    archive = tmp_path / "robots.warc.gz"
    archive.write_bytes(buffer.getvalue())
    report, _ = ingest(tmp_path, [str(archive)])
    assert report.failed == [f"[E_UNSUPPORTED] {archive}: no HTML responses found in this WARC archive"]


# --- URLs ------------------------------------------------------------------------------------------------------------


def test_url_article_through_an_injected_client(tmp_path: Path) -> None:
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "https://courier.example/2023/harbour-wall"})
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=ARTICLE.read_bytes())

    client = httpx.Client(transport=httpx.MockTransport(serve), follow_redirects=True)
    report, docs = ingest(tmp_path, ["https://courier.example/old"], client=client)
    assert report.failed == []
    doc = docs["https://courier.example/old"]  # the source is the URL as given
    assert doc.url == "https://courier.example/2023/harbour-wall"
    assert doc.format == "html"
    assert doc.authors == ["Marta Okonkwo"]
    assert doc.published == "2023-03-14"
    assert "Tomas Reyes" in doc.text
    assert seen == ["https://courier.example/old", "https://courier.example/2023/harbour-wall"]


def test_url_serving_an_image_is_named(tmp_path: Path) -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "image/jpeg"}, content=b"\xff\xd8\xff" + b"\x00" * 100)

    report, _ = ingest(
        tmp_path, ["https://courier.example/p.jpg"], client=httpx.Client(transport=httpx.MockTransport(serve))
    )
    assert report.failed == ["[E_FETCH] https://courier.example/p.jpg: not an article (image/jpeg)"]
