"""Annotation leases: a document another live process is annotating is skipped, a dead owner's lease is taken."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.ingest.batch import ingested
from dossier.store import leases
from dossier.store.db import connect
from tests.conftest import RESOURCES, shared_path

PIPELINE = "test-pipeline"
DOSSIER = Path(sys.executable).parent / "dossier"


def stored_doc(path: str) -> tuple[str, str]:
    db = connect(path)
    ((_, result),) = ingested(db, [str(RESOURCES / "bad" / "article.html")]).stored
    db.close()
    return path, result.doc_id


def lease_as(path: str, doc_id: str, owner: str) -> None:
    db = connect(path)
    db.execute(
        "INSERT OR REPLACE INTO annotation_leases (doc_id, owner, claimed_at) VALUES (?, ?, ?)",
        (doc_id, owner, time.time()),
    )
    db.close()


def test_a_live_owners_lease_is_respected_and_a_dead_owners_taken(store_target: str) -> None:
    path, doc_id = stored_doc(store_target)
    other = subprocess.Popen(["sleep", "60"])
    try:
        lease_as(path, doc_id, f"{leases.HOST}:{other.pid}")
        db = connect(path)
        assert not leases.leased(db, doc_id, pipeline=PIPELINE)  # the other process is still at it
    finally:
        other.kill()
        other.wait()
    assert leases.leased(db, doc_id, pipeline=PIPELINE)  # killed mid-run: its work is taken over
    assert db.execute("SELECT owner FROM annotation_leases").fetchone()[0] == leases.owner_name()
    leases.released(db)
    assert db.execute("SELECT COUNT(*) FROM annotation_leases").fetchone()[0] == 0


def test_an_annotated_document_is_not_leased_again(store_target: str) -> None:
    path, doc_id = stored_doc(store_target)
    db = connect(path)
    db.execute("INSERT INTO annotations (doc_id, pipeline, anchor, annotated_at) VALUES (?, ?, NULL, 'now')",
               (doc_id, PIPELINE))  # fmt: skip
    assert not leases.leased(db, doc_id, pipeline=PIPELINE)
    assert leases.leased(db, doc_id, pipeline=PIPELINE, recheck=False)  # `annotate --all` re-annotates


def annotated_count(output: str) -> int:
    found = re.search(r"(\d+) annotated", output)
    assert found, output[-500:]
    return int(found.group(1))


@pytest.mark.slow
def test_two_concurrent_ingests_of_one_folder_annotate_each_document_once(tmp_path: Path, store_target: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(shared_path("seeds").iterdir())[:6]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    db = store_target
    connect(db).close()
    env = {**os.environ, "COLUMNS": "200"}
    runs = [
        subprocess.Popen(
            [str(DOSSIER), "ingest", "-q", str(folder), "--db", db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=900) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err[-2000:]
    check = connect(db, readonly=True)
    docs = check.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert docs >= 4
    assert sum(annotated_count(out) for out, _ in outputs) == docs  # before: twice that, each annotated by both
    assert check.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == docs
    assert check.execute("SELECT COUNT(*) FROM annotation_leases").fetchone()[0] == 0
