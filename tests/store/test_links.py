"""Foreign keys a tool like Datasette follows: entities ↔ documents, quotes → speakers, kept true by triggers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from dossier.cli import cli
from dossier.store.db import connect
from tests.web.corpus import OUSTER_DOC, seeded_database


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    return seeded_database(tmp_path_factory, nlp)


def references(db_path: Path, table: str) -> set[tuple[str, str, str]]:
    db = connect(db_path, readonly=True)
    try:
        return {(r["from"], r["table"], r["to"]) for r in db.execute(f"PRAGMA foreign_key_list({table})")}
    finally:
        db.close()


def test_links_are_declared_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "schema.db"
    connect(path).close()
    assert references(path, "entity_documents") == {
        ("entity_id", "entities", "entity_id"),
        ("doc_id", "documents", "id"),
    }
    assert references(path, "quote_speakers") == {("entity_id", "entities", "entity_id"), ("quote_id", "quotes", "id")}
    assert ("doc_id", "documents", "id") in references(path, "quotes")


@pytest.mark.slow
def test_links_follow_the_resolved_collection(db_path: Path) -> None:
    db = connect(db_path, readonly=True)
    khan = db.execute("SELECT entity_id, doc_ids FROM entities WHERE name = 'Imran Khan'").fetchone()
    linked = {r[0] for r in db.execute("SELECT doc_id FROM entity_documents WHERE entity_id = ?", (khan[0],))}
    assert linked == set(json.loads(khan[1])) and OUSTER_DOC in linked
    lu = db.execute(
        "SELECT q.text FROM quote_speakers s JOIN quotes q ON q.id = s.quote_id JOIN entities e "
        "ON e.entity_id = s.entity_id WHERE e.name = 'Donald Lu'"
    ).fetchall()
    assert lu  # the speaker link a Datasette user clicks from a quote
    stale = db.execute(
        "SELECT COUNT(*) FROM quotes q LEFT JOIN quote_speakers s ON s.quote_id = q.id "
        "WHERE q.speaker_entity_id IS NOT NULL AND (s.entity_id IS NULL OR s.entity_id != q.speaker_entity_id)"
    ).fetchone()[0]
    assert stale == 0
    db.close()


@pytest.mark.slow
def test_links_survive_re_annotation_and_cascade_on_delete(db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(db_path, copy)
    before = connect(copy)
    counts = [before.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("entity_documents", "quote_speakers")]
    before.close()
    result = CliRunner().invoke(cli, ["annotate", "--all", "--quiet", "--db", str(copy)])
    assert result.exit_code == 0, result.output
    db = connect(copy)
    after = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("entity_documents", "quote_speakers")]
    assert after == counts  # resolution rewrote every entity; the links came back with them
    db.execute("DELETE FROM documents WHERE id = ?", (OUSTER_DOC,))
    assert db.execute("SELECT COUNT(*) FROM entity_documents WHERE doc_id = ?", (OUSTER_DOC,)).fetchone()[0] == 0
    db.close()


def test_datasette_metadata_labels_the_linked_tables(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    connect(path).close()
    result = CliRunner().invoke(cli, ["export", "--what", "datasette", "--db", str(path)])
    assert result.exit_code == 0, result.output
    tables = json.loads(result.output)["databases"]["news"]["tables"]
    assert tables["entities"]["label_column"] == "name" and tables["documents"]["label_column"] == "title"
    assert tables["quotes"]["label_column"] == "text" and tables["documents_fts"]["hidden"]
