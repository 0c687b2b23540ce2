"""Terminal escape injection: control characters from sources are stripped at ingest and never printed raw."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dossier.cli import cli
from dossier.records import Article
from dossier.store import queries
from dossier.store.db import connect

ESC_TITLE = "Council \x1b]0;pwned\x07approves \x1b[31mflood\x1b[0m wall\x9b2J"
BODY = (
    "The harbour council voted on Tuesday to build a flood wall along the old quay, ending a dispute that has "
    "divided the town for two years. Fishermen who opposed the plan said the wall would cut them off.\x1b[2J "
)


def feed_with_escapes(tmp_path: Path) -> Path:
    feed = tmp_path / "quay.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Quay &#x1b;[5mNews</title>'
        f"<item><title>Council &#x1b;]0;pwned&#x7;approves &#x1b;[31mflood&#x1b;[0m wall</title>"
        f"<guid>q1</guid><author>Ann &#x1b;[8mLee</author><description>{BODY * 2}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    return feed


def test_ingest_strips_control_characters_from_text_and_metadata(tmp_path: Path) -> None:
    db_path = tmp_path / "t.db"
    result = CliRunner().invoke(
        cli, ["ingest", "-q", "--no-annotate", str(feed_with_escapes(tmp_path)), "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    (doc,) = queries.documents(connect(db_path, readonly=True))
    assert doc.title == "Council ]0;pwnedapproves [31mflood[0m wall"
    assert doc.outlet == "Quay [5mNews"
    assert "\x1b" not in doc.text and "\x9b" not in doc.text
    assert "Fishermen who opposed the plan" in doc.text
    for field in (doc.title, doc.outlet, doc.text, *doc.authors):
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in field or "")


def test_ingest_strips_c1_controls_from_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "quay.txt"
    path.write_text("Flood wall\u009b2J approved\n\n" + BODY.replace("two years", "two\u0085 \u009byears") * 2)
    db_path = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["ingest", "-q", "--no-annotate", str(path), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    (doc,) = queries.documents(connect(db_path, readonly=True))
    assert "Fishermen who opposed the plan" in doc.text
    assert not any(0x7F <= ord(c) <= 0x9F or c == "\x1b" for c in doc.text + (doc.title or ""))


def test_docs_show_and_search_never_print_control_characters(tmp_path: Path) -> None:
    # a store written before ingest stripped controls (or by another tool) still must not drive the terminal
    db_path = tmp_path / "t.db"
    db = connect(db_path)
    article = Article(
        id="e5c0ffee00000001", source="old\x1b[2J.html", format="html", title=ESC_TITLE, outlet="Quay\x1b[5m",
        authors=["Ann\x1b[8m Lee"], published="2022-04-20", text=BODY * 3, extractor="test",
    )  # fmt: skip
    queries.store_article(db, article)
    db.close()
    runner = CliRunner()
    for args in (["docs"], ["show", "e5c0ffee"], ["search", "flood"]):
        result = runner.invoke(cli, [*args, "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x9b" not in result.output and "\x07" not in result.output
        assert "\\x1b" in result.output  # shown, so the reader sees something was there
    shown = runner.invoke(cli, ["show", "e5c0ffee", "--db", str(db_path)]).output
    assert "Council \\x1b]0;pwned\\x07approves \\x1b[31mflood\\x1b[0m wall\\x9b2J" in shown
