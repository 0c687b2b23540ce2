"""Deleting a document removes it, everything derived from it, and its place in cross-document records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from spacy.language import Language

from dossier import collection
from dossier.cli import cli
from dossier.store import queries
from dossier.store.annotations import find_entity
from dossier.store.db import connect
from dossier.web.app import create_app
from tests.conftest import shared_path

TOKEN = "Zq8-rT3xLw0pVb7NcE2uYk9aHs"
SEEDS = ["000_932b70249ad4c344.txt", "001_22184e40453b0288.txt"]  # both about Imran Khan


@pytest.fixture
def two_docs(tmp_path: Path, nlp: Language) -> tuple[Path, list[str]]:
    path = tmp_path / "d.db"
    db = connect(path)
    run = collection.ingest(db, [str(shared_path("seeds", name)) for name in SEEDS], nlp=nlp)
    assert not run.ingest.failed
    ids = [r.doc_id for _, r in run.ingest.stored]
    db.close()
    return path, ids


def khan_docs(path: Path) -> list[str]:
    db = connect(path, readonly=True)
    try:
        found = find_entity(db, "Imran Khan")
        assert found is not None
        return sorted(found.doc_ids)
    finally:
        db.close()


def rows(path: Path, table: str, doc_id: str) -> int:
    db = connect(path, readonly=True)
    try:
        return int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id = ?", (doc_id,)).fetchone()[0])
    finally:
        db.close()


def test_dossier_delete_removes_derived_records_and_updates_entities(two_docs: tuple[Path, list[str]]) -> None:
    path, (gone, kept) = two_docs
    assert khan_docs(path) == sorted([gone, kept])
    assert rows(path, "mentions", gone) and rows(path, "quotes", gone)
    result = CliRunner().invoke(cli, ["delete", gone[:8], "nosuchdoc", "--db", str(path)])
    assert result.exit_code == 1
    assert f"deleted {gone}" in " ".join(result.output.split())
    assert "[E_NOT_FOUND] nosuchdoc" in result.stderr
    assert khan_docs(path) == [kept]  # the entity no longer lists the deleted document
    for table in ("mentions", "quotes", "claims", "timexes", "event_mentions", "comments", "annotations"):
        assert rows(path, table, gone) == 0, table
    db = connect(path, readonly=True)
    assert [d.id for d in queries.documents(db)] == [kept]
    assert all(h.doc_id != gone for h in queries.search(db, "Khan"))
    events = db.execute("SELECT COUNT(*) FROM event_mentions WHERE doc_id = ?", (gone,)).fetchone()[0]
    assert events == 0


@pytest.fixture
def app_client(two_docs: tuple[Path, list[str]]) -> Iterator[TestClient]:
    with TestClient(create_app(str(two_docs[0]), allow_ingest=True, token=TOKEN)) as c:
        yield c


def test_api_delete_needs_the_token_and_removes_the_document(
    app_client: TestClient, two_docs: tuple[Path, list[str]]
) -> None:
    path, (gone, kept) = two_docs
    assert app_client.delete(f"/api/v1/documents/{gone}").status_code == 401
    assert app_client.delete(f"/api/v1/documents/{gone}", headers={"Authorization": "Bearer wrong"}).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    done = app_client.delete(f"/api/v1/documents/{gone}", headers=auth)
    assert done.status_code == 200 and done.json() == {"deleted": [gone]}
    assert app_client.get(f"/api/v1/documents/{gone}").status_code == 404
    assert app_client.delete(f"/api/v1/documents/{gone}", headers=auth).status_code == 404
    assert khan_docs(path) == [kept]
