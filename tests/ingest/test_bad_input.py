"""Bad inputs: each one gives one line naming the input and the reason, the batch goes on, the store keeps its data."""

from __future__ import annotations

import gzip
import http.server
import os
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from dossier.cli import cli
from dossier.ingest.batch import ingested
from dossier.ingest.decode import MAX_INPUT_BYTES, decoded_text
from dossier.records import Article
from dossier.store import queries
from dossier.store.db import connect
from tests.conftest import RESOURCES

BAD = RESOURCES / "bad"
DOSSIER = Path(sys.executable).parent / "dossier"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["ingest", "-q", *map(str, args)])


def lines_naming(result: Result, name: str | Path) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if str(name) in ln]


def stored(db_path: Path) -> dict[str, Article]:
    db = connect(db_path, readonly=True)
    try:
        return {doc.source: doc for doc in queries.documents(db)}
    finally:
        db.close()


def png_bytes() -> bytes:
    """A real 1×1 PNG image, built chunk by chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.html"
    path.write_bytes((BAD / "article.html").read_bytes())
    return path


def assert_refused_alone(tmp_path: Path, good: Path, bad: Path, reason: str) -> None:
    """The bad input fails with one line naming it and the reason; the good one in the same batch is stored."""
    db = tmp_path / "t.db"
    result = run(good, bad, "--db", db)
    assert result.exit_code == 1, result.output
    lines = lines_naming(result, bad)
    assert len(lines) == 1, result.stderr
    assert reason in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert str(good) in stored(db)


def test_binary_png_is_refused(tmp_path: Path, good: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(png_bytes())
    assert_refused_alone(tmp_path, good, image, "binary file (PNG image)")


def test_binary_with_text_suffix_is_refused(tmp_path: Path, good: Path) -> None:
    disguised = tmp_path / "notes.txt"
    disguised.write_bytes(png_bytes()[:8] + os.urandom(2000))
    assert_refused_alone(tmp_path, good, disguised, "binary file")


def test_empty_file_is_refused(tmp_path: Path, good: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.touch()
    assert_refused_alone(tmp_path, good, empty, "empty file (0 bytes)")


def test_whitespace_only_file_is_refused(tmp_path: Path, good: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n\t  \r\n   \n")
    assert_refused_alone(tmp_path, good, blank, "only whitespace")


def test_50mb_file_is_refused_quickly_without_reading_it(tmp_path: Path, good: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:
        block = (b"<p>Lorem ipsum dolor sit amet.</p>\n" * 40_000)[: 1024 * 1024]  # 1 MiB of page
        for _ in range(50):
            fh.write(block)
    db = connect(tmp_path / "t.db")
    tracemalloc.start()
    started = time.monotonic()
    report = ingested(db, [str(good), str(huge)])
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.failed == [f"[E_UNSUPPORTED] {huge}: too large (50.0 MB; the limit is 20 MB per article)"]
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB: the file was read"
    assert elapsed < 5
    assert_refused_alone(tmp_path, good, huge, "too large")


def test_gzip_bomb_is_refused(tmp_path: Path, good: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as fh:
        for _ in range(30):
            fh.write(b" " * (1024 * 1024))
    assert bomb.stat().st_size < 200_000
    assert_refused_alone(tmp_path, good, bomb, "too large once decompressed")


def test_truncated_gzip_is_refused(tmp_path: Path, good: Path) -> None:
    packed = gzip.compress((BAD / "article.html").read_bytes())
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    assert_refused_alone(tmp_path, good, cut, "truncated gzip stream")


def test_html_cut_mid_tag_keeps_the_body(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = run(BAD / "truncated.html", "--db", db)
    assert result.exit_code == 0, result.output
    doc = stored(db)[str(BAD / "truncated.html")]
    assert doc.title == "Harbour council approves flood wall after two-year dispute"
    assert "Fishermen who opposed the plan" in doc.text
    assert doc.text.endswith("The council will hold")  # the cut paragraph, without the half tag
    assert "<a" not in doc.text


def test_html_cut_before_the_body_fails_cleanly(tmp_path: Path, good: Path) -> None:
    assert_refused_alone(tmp_path, good, BAD / "truncated-head.html", "[E_NO_TEXT]")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cp1252.txt", ["single bus fares will rise from €2.50 to €3.00 in April – the first", "“We held fares"]),
        ("latin1.html", ["Café du Port in Saint-Valéry", "more than £18,000", "about ½ of", "«We served crème brûlée"]),
        ("utf16.html", ["the city’s culture department", "about €40,000", "“This is the simplest thing"]),
    ],
)
def test_non_utf8_encodings_are_decoded(tmp_path: Path, name: str, expected: list[str]) -> None:
    db = tmp_path / "t.db"
    result = run(BAD / name, "--db", db)
    assert result.exit_code == 0, result.output
    doc = stored(db)[str(BAD / name)]
    for phrase in expected:
        assert phrase in doc.text
    assert "mojibake-fixed" not in doc.flags
    assert "\ufffd" not in doc.text


def test_latin1_label_with_windows_quotes_decodes_as_cp1252() -> None:
    # pages labelled iso-8859-1 are written with cp1252 quotes; latin-1 would turn them into C1 controls
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>It’s “done” – café.</p></body></html>'
    decoded = decoded_text("page.html", page.encode("cp1252"))
    assert "It’s “done” – café." in decoded.text
    assert decoded.encoding == "cp1252"
    assert not decoded.mojibake_fixed


def test_mojibake_is_repaired_and_flagged(tmp_path: Path) -> None:
    assert "Itâ€™s a small change" in (BAD / "mojibake.txt").read_text(encoding="utf-8")
    db = tmp_path / "t.db"
    assert run(BAD / "mojibake.txt", "--db", db).exit_code == 0
    doc = stored(db)[str(BAD / "mojibake.txt")]
    assert "It’s a small change" in doc.text
    assert "autumn – tickets" in doc.text and "the café on board" in doc.text
    assert "â€" not in doc.text
    assert "mojibake-fixed" in doc.flags


def test_windows_line_endings_are_not_flagged_as_mojibake() -> None:
    decoded = decoded_text("notes.txt", "First line.\r\nSecond line, in café style.\r\n".encode())
    assert decoded.text == "First line.\nSecond line, in café style.\n"
    assert not decoded.mojibake_fixed


def test_non_english_page_is_stored_flagged_and_warned(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = run(BAD / "german.html", "--db", db)
    assert result.exit_code == 0, result.output  # a warning, not a failure
    doc = stored(db)[str(BAD / "german.html")]
    assert doc.language == "de"
    assert "non-english" in doc.flags
    assert "Radwege anzulegen" in doc.text
    warnings = lines_naming(result, BAD / "german.html")
    assert len(warnings) == 1
    assert "[W_LANGUAGE]" in warnings[0] and "de" in warnings[0]


def test_nonexistent_path_is_named(tmp_path: Path, good: Path) -> None:
    assert_refused_alone(tmp_path, good, tmp_path / "missing.html", "no such file or directory")


def test_broken_symlink_is_named(tmp_path: Path, good: Path) -> None:
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "gone.html")
    assert_refused_alone(tmp_path, good, link, "broken symbolic link")


def test_broken_symlink_inside_a_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "story.html").write_bytes((BAD / "article.html").read_bytes())
    (folder / "old.html").symlink_to(folder / "deleted.html")
    db = tmp_path / "t.db"
    result = run(folder, "--db", db)
    assert result.exit_code == 1
    assert len(lines_naming(result, folder / "old.html")) == 1
    assert "broken symbolic link" in result.stderr
    assert str(folder / "story.html") in stored(db)


def test_named_pipe_in_a_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    # root can read any file, so the unreadable thing here is a FIFO: opening it would wait for a writer forever
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "story.html").write_bytes((BAD / "article.html").read_bytes())
    os.mkfifo(folder / "feed.html")
    db = tmp_path / "t.db"
    proc = subprocess.run(
        [DOSSIER, "ingest", "-q", folder, "--db", db], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 1, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "feed.html" in ln]
    assert lines == [f"failed: [E_UNREADABLE] {folder / 'feed.html'}: not a regular file (a pipe, socket or device)"]
    assert str(folder / "story.html") in stored(db)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_named(tmp_path: Path, good: Path) -> None:
    locked = tmp_path / "locked.html"
    locked.write_bytes((BAD / "article.html").read_bytes())
    locked.chmod(0)
    assert_refused_alone(tmp_path, good, locked, "permission denied")


def test_unreadable_subfolder_is_named_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "archive"
    (folder / "private").mkdir(parents=True)
    (folder / "story.html").write_bytes((BAD / "article.html").read_bytes())
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # what a folder with mode 000 does for a non-root user
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(folder, "--db", tmp_path / "t.db")
    assert result.exit_code == 1
    lines = lines_naming(result, folder / "private")
    assert len(lines) == 1 and "permission denied" in lines[0]
    assert str(folder / "story.html") in stored(tmp_path / "t.db")


def test_empty_folder_is_named(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / ".hidden.html").write_text("<p>hidden</p>")
    assert_refused_alone(tmp_path, good, folder, "folder contains no files")


# --- URLs -----------------------------------------------------------------------------------------------------------


def mock_client(transport: httpx.MockTransport) -> httpx.Client:
    return httpx.Client(transport=transport, follow_redirects=True)


def test_unreachable_url_through_the_injected_client(tmp_path: Path, good: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    db = connect(tmp_path / "t.db")
    report = ingested(db, ["https://news.example/down", str(good)], client=mock_client(httpx.MockTransport(refuse)))
    assert len(report.failed) == 1
    assert report.failed[0].startswith("[E_FETCH] https://news.example/down: cannot connect (offline or host")
    assert [source for source, _ in report.stored] == [str(good)]


def test_http_404_is_named(tmp_path: Path) -> None:
    def missing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, text="<html><body><h1>Not found</h1></body></html>")

    report = ingested(
        connect(tmp_path / "t.db"), ["https://news.example/gone"], client=mock_client(httpx.MockTransport(missing))
    )
    assert report.failed == ["[E_FETCH] https://news.example/gone: HTTP 404 Not Found"]


def test_url_declaring_a_huge_body_is_refused(tmp_path: Path) -> None:
    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html", "content-length": str(60 * 1024 * 1024)})

    report = ingested(
        connect(tmp_path / "t.db"), ["https://news.example/big"], client=mock_client(httpx.MockTransport(huge))
    )
    assert report.failed == ["[E_FETCH] https://news.example/big: too large (60.0 MB declared)"]


def test_url_streaming_past_the_cap_is_cut_off(tmp_path: Path) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            sent.append(1)
            yield b"<p>" + b"x" * (1024 * 1024) + b"</p>"

    def endless(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=chunks())

    report = ingested(
        connect(tmp_path / "t.db"), ["https://news.example/endless"], client=mock_client(httpx.MockTransport(endless))
    )
    assert report.failed == ["[E_FETCH] https://news.example/endless: too large (over 20 MB)"]
    assert len(sent) <= MAX_INPUT_BYTES // (1024 * 1024) + 2  # it stopped reading at the cap


class Site(http.server.BaseHTTPRequestHandler):
    """A tiny real web server: one article, one 404, one body that never stops."""

    def do_GET(self) -> None:
        if self.path == "/story":
            body = (BAD / "article.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>" + b"y" * (1024 * 1024) + b"</p>")
            except OSError:
                pass  # the client hung up at the cap, as it should
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_urls_through_the_cli(tmp_path: Path, site: str) -> None:
    down = f"http://127.0.0.1:{closed_port()}/story"
    db = tmp_path / "t.db"
    result = run(f"{site}/story", down, f"{site}/missing", f"{site}/endless", "--db", db)
    assert result.exit_code == 1
    assert "cannot connect" in lines_naming(result, down)[0]
    assert "HTTP 404" in lines_naming(result, f"{site}/missing")[0]
    assert "too large" in lines_naming(result, f"{site}/endless")[0]
    assert len(result.stderr.strip().splitlines()) == 3
    assert stored(db)[f"{site}/story"].title == "Harbour council approves flood wall after two-year dispute"


# --- one batch with everything ---------------------------------------------------------------------------------------


def test_mixed_batch_keeps_the_good_and_what_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first = run(BAD / "article.html", BAD / "cp1252.txt", "--db", db)
    assert first.exit_code == 0
    before = {source: doc.id for source, doc in stored(db).items()}

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "image.png").write_bytes(png_bytes())
    (bad / "empty.txt").touch()
    (bad / "blank.md").write_text("\n   \n")
    (bad / "dangling.html").symlink_to(bad / "nowhere.html")
    named = [BAD / "article.html", bad, BAD / "latin1.html", tmp_path / "missing.txt", BAD / "truncated-head.html"]
    result = run(*named, BAD / "mojibake.txt", "--db", db)

    assert result.exit_code == 1
    failures = [ln for ln in result.stderr.splitlines() if ln.startswith("failed:")]
    assert len(failures) == 6, result.stderr
    for name in ("image.png", "empty.txt", "blank.md", "dangling.html", "missing.txt", "truncated-head.html"):
        assert sum(name in ln for ln in failures) == 1, name
    now = stored(db)
    assert {source: now[source].id for source in before} == before
    assert str(BAD / "latin1.html") in now and str(BAD / "mojibake.txt") in now
    plain = sqlite3.connect(db)
    assert plain.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4
    plain.close()
