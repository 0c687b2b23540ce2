"""The store the web tests read: the seeds plus a hostile page, ingested and annotated once per test session.

A plain helper module (the project keeps one conftest.py): each test module's fixture calls `seeded_database`,
which builds the store the first time and hands back the same file after that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from dossier.annotate.run import annotate_stored
from dossier.ingest.batch import ingested
from dossier.store.db import connect
from tests.conftest import RESOURCES, shared_path

HOSTILE = RESOURCES / "web" / "hostile.html"
OUSTER_DOC = "ee42f13f7d57f7b9"  # seed 000: Imran Khan's ouster, Donald Lu quoted via Shireen Mazari
COMMENTED_DOC = "d78a26ce4faba50d"  # seed 002: two reader comments, one a reply
_built: dict[str, Path] = {}


def seeded_database(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    if "db" not in _built:
        path = tmp_path_factory.mktemp("web") / "web.db"
        db = connect(path)
        try:
            report = ingested(db, [str(shared_path("seeds")), str(HOSTILE)])
            assert not report.failed, report.failed
            assert annotate_stored(db, nlp=nlp).done == len(report.stored)
        finally:
            db.close()
        _built["db"] = path
    return _built["db"]


def hostile_id(db_path: Path) -> str:
    db = connect(db_path, readonly=True)
    try:
        row = db.execute("SELECT id FROM documents WHERE source LIKE ?", ("%hostile.html",)).fetchone()
        return str(row["id"])
    finally:
        db.close()
