"""Re-ingest: the current version of a source is what the source says now, whatever it said before."""

from __future__ import annotations

from pathlib import Path

from dossier.ingest.batch import ingested
from dossier.store import queries
from dossier.store.db import connect
from tests.conftest import RESOURCES

ORIGINAL = (RESOURCES / "bad" / "article.html").read_text(encoding="utf-8")
EDITED = ORIGINAL.replace("Fishermen who opposed the plan", "Fishermen who fought the plan for months")


def ingest_page(db_path: Path, page: Path, html: str) -> str:
    page.write_text(html, encoding="utf-8")
    db = connect(db_path)
    try:
        report = ingested(db, [str(page)])
        assert not report.failed, report.failed
        ((_, result),) = report.stored
        return result.outcome
    finally:
        db.close()


def current(db_path: Path, source: Path) -> tuple[int, str, str | None]:
    db = connect(db_path, readonly=True)
    try:
        (doc,) = [d for d in queries.documents(db) if d.source == str(source)]
        full = queries.document(db, doc.id)
        assert full is not None
        return doc.version, full.text, doc.published
    finally:
        db.close()


def test_restoring_a_page_makes_the_original_current_again(tmp_path: Path) -> None:
    db, page = tmp_path / "t.db", tmp_path / "quay.html"
    assert ingest_page(db, page, ORIGINAL) == "ingested"
    assert ingest_page(db, page, EDITED) == "new-version"
    assert "fought the plan for months" in current(db, page)[1]
    assert ingest_page(db, page, ORIGINAL) == "new-version"
    version, text, _ = current(db, page)
    assert version == 3 and "Fishermen who opposed the plan" in text and "fought" not in text
    assert ingest_page(db, page, ORIGINAL) == "unchanged"


def test_a_page_whose_only_change_is_its_date_is_a_new_version_with_that_date(tmp_path: Path) -> None:
    assert "2023-03-14T09:30:00Z" in ORIGINAL
    db, page = tmp_path / "t.db", tmp_path / "quay.html"
    ingest_page(db, page, ORIGINAL)
    assert current(db, page)[2] == "2023-03-14"
    assert ingest_page(db, page, ORIGINAL.replace("2023-03-14T09:30:00Z", "2023-03-21T09:30:00Z")) == "new-version"
    version, _, published = current(db, page)
    assert (version, published) == (2, "2023-03-21")
