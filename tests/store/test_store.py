"""The SQLite store: WAL, migrations, plain-sqlite readability, search, content-hash ids, versions, deletes, crashes."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.errors import StoreError
from dossier.ingest.batch import ingested
from dossier.records import Article
from dossier.store import db as db_module
from dossier.store import queries
from dossier.store.db import connect
from dossier.store.migrations import MIGRATIONS
from tests.conftest import RESOURCES

ARTICLE = RESOURCES / "bad" / "article.html"
DOSSIER = Path(sys.executable).parent / "dossier"
TOWNS = ["Port Ellery", "Brennock", "Aldmouth", "Kestle", "Wyncombe", "Tarrow", "Millbeck", "Orrin Bay"]
PLANS = [
    ("library", "opening hours"),
    ("harbour", "flood wall"),
    ("school", "new roof"),
    ("bus depot", "night routes"),
    ("hospital", "car park"),
    ("market", "Sunday stalls"),
    ("reservoir", "hosepipe ban"),
    ("bridge", "weight limit"),
]
PEOPLE = ["Ines Carvalho", "Tomas Reyes", "Marta Okonkwo", "Colm Feeney", "Priya Nandakumar", "Odile Fournier"]
KILL_PARAGRAPHS = 12  # 40 such stories take over a second to ingest, so the kill lands mid-batch
COMMENTS = "3 Comments\n\nRuth Aldous\nMarch 4, 2023\nFix the leaks first.\n\nDev Patel\nMarch 5, 2023\nAbout time.\n"


def fictional_article(n: int, *, paragraphs: int = 6) -> str:
    """A varied, made-up local news story as a scraped text page; every third one has two reader comments."""
    rnd = random.Random(n)
    town, (place, plan) = rnd.choice(TOWNS), rnd.choice(PLANS)
    author, speaker = rnd.sample(PEOPLE, 2)
    body = [
        f"Officials in {town} said on day {k + 1} of the review that the {place} plan for the {plan} would cost "
        f"{rnd.randint(2, 90)} thousand pounds more than forecast, and that residents would be asked again before "
        f'any work started. "We want to get this right," said {speaker}, who chairs committee {n}-{k}.'
        for k in range(paragraphs)
    ]
    header = f"{town} {place} review number {n} reaches the {plan}\n\nBy {author}\n\nMarch {n % 28 + 1}, 2023\n\n"
    return header + "\n\n".join(body) + ("\n\n" + COMMENTS if n % 3 == 0 else "\n")


def write_articles(folder: Path, count: int, *, paragraphs: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:02d}.txt"
        path.write_text(fictional_article(n, paragraphs=paragraphs))
        paths.append(path)
    return paths


def table_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("documents", "comments", "documents_fts_docsize", "migrations")
    }


# --- the file --------------------------------------------------------------------------------------------------------


def test_store_is_in_wal_mode(tmp_path: Path) -> None:
    connect(tmp_path / "t.db").close()
    plain = sqlite3.connect(tmp_path / "t.db")
    assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plain.close()


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    for _ in range(3):
        connect(tmp_path / "t.db").close()
    plain = sqlite3.connect(tmp_path / "t.db")
    rows = plain.execute("SELECT version, name, applied_at FROM migrations ORDER BY version").fetchall()
    plain.close()
    assert [(v, n) for v, n, _ in rows] == sorted((v, n) for v, n, _ in MIGRATIONS)
    assert all(re.match(r"\d{4}-\d\d-\d\dT", stamp) for _, _, stamp in rows)


def test_many_connections_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    errors: list[Exception] = []

    def open_store() -> None:
        try:
            connect(path).close()
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    plain = sqlite3.connect(path)
    assert plain.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    plain.close()


def test_a_store_reported_locked_while_it_opens_is_opened_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the WAL switch of a brand-new file can report "locked" without the busy timeout: a passing state
    real, calls = db_module._opened_sqlite, []

    def locked_once(target: str, *, readonly: bool) -> sqlite3.Connection:
        calls.append(target)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(target, readonly=readonly)

    monkeypatch.setattr(db_module, "_opened_sqlite", locked_once)
    connect(tmp_path / "new.db").close()
    assert len(calls) == 2

    def always_corrupt(target: str, *, readonly: bool) -> sqlite3.Connection:
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(db_module, "_opened_sqlite", always_corrupt)
    with pytest.raises(StoreError, match="not a database"):
        connect(tmp_path / "bad.db")


def test_store_opens_with_plain_sqlite(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    ingested(db, [str(ARTICLE)])
    db.close()
    plain = sqlite3.connect(tmp_path / "t.db")
    title, authors, published = plain.execute("SELECT title, authors, published FROM documents").fetchone()
    plain.close()
    assert (title, authors, published) == (
        "Harbour council approves flood wall after two-year dispute",
        '["Marta Okonkwo"]',
        "2023-03-14",
    )
    if shell := shutil.which("sqlite3"):
        out = subprocess.run([shell, tmp_path / "t.db", "SELECT outlet FROM documents"], capture_output=True, text=True)
        assert out.stdout.strip() == "The Lakeside Courier"


def test_reading_a_file_that_is_not_a_store_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("shopping list: eggs, flour")
    (tmp_path / "empty.db").touch()
    with pytest.raises(StoreError, match="cannot open the database"):
        connect(tmp_path / "notes.db", readonly=True)
    with pytest.raises(StoreError, match="not a Dossier database"):
        connect(tmp_path / "empty.db", readonly=True)
    result = CliRunner().invoke(cli, ["search", "flood", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"error: [E_STORE] {tmp_path / 'empty.db'}: not a Dossier database (no documents table; run `dossier ingest` first)"
    )


# --- search ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(tmp_path: Path) -> sqlite3.Connection:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "flood.html").write_bytes(ARTICLE.read_bytes())
    write_articles(folder, 6)
    (folder / "ferry.txt").write_text(
        "Ferry crew votes on a strike over the flood of overtime\n\nBy Colm Feeney\n\n"
        "The crew of the island ferry will vote next week on a strike over overtime, their union said on Monday, "
        "after months in which short staffing left deckhands working fourteen-hour days.\n\n"
        "The operator said it had hired six new deckhands and that the overtime would ease by the summer. The union "
        "said the promise had been made before and asked for it in writing before the no-confidence vote.\n"
    )
    db = connect(tmp_path / "t.db")
    report = ingested(db, [str(folder)])
    assert report.failed == []
    return db


def test_search_ranks_by_bm25_with_highlighted_snippets(store: sqlite3.Connection) -> None:
    filler = "Volunteers walked the estuary path from dawn and counted every bird they could see. "
    for n, herons in ((1, 1), (3, 3), (2, 2)):
        text = filler * 4 + " ".join(
            ["A grey heron stood in the shallows."] * herons + ["The tide turned."] * (3 - herons)
        )
        article = Article(
            id=f"{n:016d}", source=f"{n}.txt", format="text", title=f"Count {n}", text=text, extractor="t"
        )
        queries.store_article(store, article)
    hits = queries.search(store, "heron")
    assert [h.doc_id for h in hits] == [f"{n:016d}" for n in (3, 2, 1)]  # more occurrences, same length: higher
    assert [h.score for h in hits] == sorted(h.score for h in hits) and hits[0].score < 0  # bm25: lower is better
    start, end = queries.HIGHLIGHT
    assert all(f"grey {start}heron{end} stood" in h.snippet for h in hits)
    assert all(h.snippet.count(start) <= 3 for h in hits)


def test_search_finds_stored_pages(searchable: sqlite3.Connection) -> None:
    hits = queries.search(searchable, "quay")
    assert [h.title for h in hits] == ["Harbour council approves flood wall after two-year dispute"]
    assert (hits[0].outlet, hits[0].published) == ("The Lakeside Courier", "2023-03-14")
    start, end = queries.HIGHLIGHT
    assert f"{start}quay{end}" in hits[0].snippet
    assert len(queries.search(searchable, "review", limit=3)) == 3


def test_search_weighs_titles_over_bodies(store: sqlite3.Connection) -> None:
    filler = "The count ran from dawn until noon along the estuary path and the old sea wall. " * 4
    in_title = Article(id="a" * 16, source="a.txt", format="text", title="Kestrel returns", text=filler, extractor="t")
    in_body = Article(
        id="b" * 16,
        source="b.txt",
        format="text",
        title="Birdwatchers count",
        text=f"{filler} One kestrel was seen, then a second kestrel.",
        extractor="t",
    )
    queries.store_article(store, in_body)
    queries.store_article(store, in_title)
    # two body hits outscore one title hit with equal weights; the title weight turns that round
    assert [h.doc_id for h in queries.search(store, "kestrel")] == ["a" * 16, "b" * 16]


def test_search_accepts_fts_syntax_and_hyphenated_words(searchable: sqlite3.Connection) -> None:
    assert [h.title for h in queries.search(searchable, "no-confidence")] == [
        "Ferry crew votes on a strike over the flood of overtime"
    ]
    assert len(queries.search(searchable, "title:review AND reservoir")) >= 1
    assert [h.title for h in queries.search(searchable, '"fourteen-hour days"')] == [
        "Ferry crew votes on a strike over the flood of overtime"
    ]
    assert queries.search(searchable, "zeppelin") == []
    assert queries.search(searchable, "U.S. OR 9/11 OR it's OR title:e-mail") == []  # valid, if fruitless


@pytest.mark.parametrize("query", ["AND OR", '"unclosed', "NEAR(flood wall", "(flood", "nosuchcolumn:flood"])
def test_invalid_search_query_raises_query_error(searchable: sqlite3.Connection, query: str) -> None:
    with pytest.raises(queries.QueryError, match="invalid search query"):
        queries.search(searchable, query)


def test_invalid_search_query_on_the_cli_is_one_line_and_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "-q", str(ARTICLE), "--db", str(tmp_path / "t.db")]).exit_code == 0
    result = runner.invoke(cli, ["search", "flood AND", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: invalid search query 'flood AND'")
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


# --- ids, re-ingest, versions, deletes -------------------------------------------------------------------------------


def test_ids_are_hashes_of_the_normalized_source(tmp_path: Path, store_target: str) -> None:
    text = fictional_article(1)
    unix, windows = tmp_path / "unix.txt", tmp_path / "windows.txt"
    unix.write_text(text)
    windows.write_bytes(text.replace("\n", "   \r\n").encode())  # CRLF and trailing spaces: the same source
    db = connect(store_target)
    report = ingested(db, [str(unix), str(windows)])
    expected = hashlib.sha256(text.strip("\n").encode()).hexdigest()[:16]
    assert [(r.outcome, r.doc_id) for _, r in report.stored] == [("ingested", expected), ("unchanged", expected)]


def test_reingesting_the_same_input_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    write_articles(folder, 5)
    db = connect(tmp_path / "t.db")
    first = ingested(db, [str(folder), str(ARTICLE)])
    before = table_counts(db), db.execute("SELECT id, version, ingested_at FROM documents ORDER BY id").fetchall()
    time.sleep(1.1)  # ingested_at has one-second resolution
    second = ingested(db, [str(folder), str(ARTICLE)])
    after = table_counts(db), db.execute("SELECT id, version, ingested_at FROM documents ORDER BY id").fetchall()
    assert first.count("ingested") == 6
    assert second.count("unchanged") == 6 and second.failed == []
    assert [r.doc_id for _, r in second.stored] == [r.doc_id for _, r in first.stored]
    assert [tuple(r) for r in after[1]] == [tuple(r) for r in before[1]]
    assert after[0] == before[0]


def test_changed_file_at_the_same_path_is_a_new_version(tmp_path: Path, store_target: str) -> None:
    page = tmp_path / "story.txt"
    page.write_text(fictional_article(4))
    db = connect(store_target)
    first = ingested(db, [str(page)]).stored[0][1]
    page.write_text(fictional_article(4).replace("more than forecast", "less than forecast"))
    second = ingested(db, [str(page)]).stored[0][1]
    assert (first.outcome, first.version) == ("ingested", 1)
    assert (second.outcome, second.version) == ("new-version", 2)
    assert second.doc_id != first.doc_id
    assert sorted(d.version for d in queries.documents(db, all_versions=True)) == [1, 2]
    latest = queries.documents(db)
    assert [(d.id, d.version) for d in latest] == [(second.doc_id, 2)]
    assert "less than forecast" in latest[0].text
    assert queries.document(db, first.doc_id) is not None  # version 1 is kept
    assert {h.doc_id for h in queries.search(db, "forecast")} == {second.doc_id}  # search shows the latest only
    result = CliRunner().invoke(cli, ["docs", "--json", "--db", store_target])
    assert result.exit_code == 0 and result.stdout.count('"version": 2') == 1 and '"version": 1' not in result.stdout


def test_deleting_a_document_deletes_its_comments_and_index_rows(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    write_articles(folder, 4)  # articles 0 and 3 carry two comments each
    db = connect(tmp_path / "t.db")
    report = ingested(db, [str(folder)])
    doomed = report.stored[0][1].doc_id
    assert len(queries.document(db, doomed).comments) == 2  # type: ignore[union-attr]
    before = table_counts(db)
    assert queries.delete_document(db, doomed) is True
    after = table_counts(db)
    assert after["documents"] == before["documents"] - 1
    assert after["comments"] == before["comments"] - 2
    assert after["documents_fts_docsize"] == before["documents_fts_docsize"] - 1
    assert db.execute("SELECT COUNT(*) FROM comments WHERE doc_id = ?", (doomed,)).fetchone()[0] == 0
    assert all(h.doc_id != doomed for h in queries.search(db, "review"))
    db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
    assert queries.delete_document(db, doomed) is False
    assert not db.in_transaction


def test_a_failed_write_leaves_no_partial_document(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    paths = write_articles(folder, 4)
    db = connect(tmp_path / "t.db")
    # the disk "fills up" while the comments of the first article are written
    db.execute(
        "CREATE TEMP TRIGGER full BEFORE INSERT ON comments BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    report = ingested(db, [str(folder)])
    assert report.failed == [
        f"[E_STORE] {paths[0]}: cannot store (database or disk is full)",
        f"[E_STORE] {paths[3]}: cannot store (database or disk is full)",
    ]
    assert not db.in_transaction
    assert table_counts(db) == {
        "documents": 2,
        "comments": 0,
        "documents_fts_docsize": 2,
        "migrations": len(MIGRATIONS),
    }


# --- a crash mid-batch -----------------------------------------------------------------------------------------------


def committed_documents(path: Path) -> int:
    try:
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            reader.close()
    except sqlite3.Error:
        return 0  # not created yet, or still migrating


def check_consistent(path: Path) -> int:
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")  # index matches the rows
    counts = table_counts(db)
    assert counts["documents_fts_docsize"] == counts["documents"]
    for source, text, title, doc_id in db.execute("SELECT source, text, title, id FROM documents"):
        n = int(re.search(r"article-(\d+)", source).group(1))  # type: ignore[union-attr]
        assert text.startswith("Officials in") and text.endswith(f"who chairs committee {n}-{KILL_PARAGRAPHS - 1}.")
        assert title == fictional_article(n).split("\n")[0]
        positions = [
            p for (p,) in db.execute("SELECT position FROM comments WHERE doc_id = ? ORDER BY position", (doc_id,))
        ]
        assert positions == ([0, 1] if n % 3 == 0 else [])
    assert db.execute("SELECT COUNT(*) FROM comments WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
    db.close()
    return counts["documents"]


@pytest.mark.slow
def test_killed_ingest_leaves_a_consistent_store_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, 40, paragraphs=KILL_PARAGRAPHS)
    path = tmp_path / "kill.db"
    command = [str(DOSSIER), "ingest", "-q", str(folder), "--db", str(path)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while committed_documents(path) < 3:
        assert proc.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    survived = check_consistent(path)
    assert 3 <= survived < 40
    rerun = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"}, check=False)
    assert rerun.returncode == 0, rerun.stderr
    summary = re.search(r"(\d+) ingested \((\d+) new versions\), (\d+) unchanged, (\d+) failed", rerun.stdout)
    assert summary is not None, rerun.stdout
    assert tuple(map(int, summary.groups())) == (40 - survived, 0, survived, 0)
    assert check_consistent(path) == 40


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://root@127.0.0.1:3306/x", "is a URL Dossier cannot store in"),
        ("postgresql://postgres@127.0.0.1:1/x", "cannot connect to PostgreSQL"),  # nothing listens on port 1
    ],
)
def test_a_database_url_never_becomes_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=reason):
        connect(url)
    (tmp_path / "in.txt").write_text("Flood waters rose in the valley on Monday, officials said.\n" * 3)
    result = CliRunner().invoke(cli, ["ingest", "-q", str(tmp_path / "in.txt"), "--db", url, "--no-annotate"])
    assert result.exit_code == 2 and reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]  # no "postgresql:" folder, no SQLite file
