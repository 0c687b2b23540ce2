"""Annotating stored documents: records stored with provenance, re-runs idempotent, export per the contract."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from spacy.language import Language

from dossier.annotate.run import PIPELINE, annotate_stored
from dossier.export.contract import document_records, entity_records, event_records
from dossier.ingest.batch import ingested
from dossier.store.annotations import find_entity, timeline, unannotated_ids
from dossier.store.queries import delete_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="module")
def annotated_store(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> sqlite3.Connection:
    from dossier.store.db import connect
    from tests.conftest import shared_path

    db = connect(tmp_path_factory.mktemp("run") / "annotated.db")
    report = ingested(db, [str(shared_path("seeds")), str(EXAMPLES)])
    assert not report.failed
    assert annotate_stored(db, nlp=nlp).done == len(report.stored)
    return db


def test_run_every_record_carries_provenance(annotated_store: sqlite3.Connection) -> None:
    db = annotated_store
    for table, extractor in (("mentions", "dossier.entities.v3"), ("timexes", "dossier.timex.v5")):
        rows = db.execute(
            f"SELECT m.start, m.end, m.text, d.text, m.extractor FROM {table} m JOIN documents d ON d.id = m.doc_id"
        ).fetchall()
        assert rows and all(text[s:e] == surface and ex == extractor for s, e, surface, text, ex in rows)
    events = db.execute(
        "SELECT m.trigger_start, m.trigger_end, m.trigger_text, d.text FROM event_mentions m JOIN documents d ON d.id = m.doc_id"
    ).fetchall()
    assert events and all(text[s:e] == trigger for s, e, trigger, text in events)


def test_run_is_idempotent_and_knows_what_is_done(annotated_store: sqlite3.Connection, nlp: Language) -> None:
    db = annotated_store
    before = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("mentions", "entities", "events")]
    assert unannotated_ids(db, PIPELINE) == []
    assert annotate_stored(db, nlp=nlp).done == 0
    one = db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    assert annotate_stored(db, doc_ids=[one], nlp=nlp).done == 1
    after = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("mentions", "entities", "events")]
    assert before == after


def test_run_cross_document_entity_and_timeline(annotated_store: sqlite3.Connection) -> None:
    khan = find_entity(annotated_store, "Khan")
    assert khan is not None and khan.name == "Imran Khan" and len(khan.doc_ids) == 3
    entries = timeline(annotated_store, entity_id=khan.entity_id, date_from="2022-04", date_to="2022-12")
    # the ouster; and on November 3 "a gunman tried to murder Iman Khan … as he marched through Wazirabad in a protest"
    assert [(e.date, e.type) for e in entries] == [
        ("2022-04-10", "COERCE"),
        ("2022-11-03", "ASSAULT"),
        ("2022-11-03", "PROTEST"),
    ]
    assert any(p.name == "Imran Khan" and p.role == "actor" for p in entries[2].participants)
    assert entries[0].doc_count == 2  # the ouster is reported by two seeds


def test_run_export_follows_the_contract(annotated_store: sqlite3.Connection) -> None:
    records = list(document_records(annotated_store))
    seed = next(r for r in records if str(r["source"]).endswith("000_932b70249ad4c344.txt"))
    text = str(seed["text"])
    assert {"entities", "timexes", "events"} <= set(seed)
    khan = next(e for e in seed["entities"] if e["name"] == "Imran Khan")  # type: ignore[union-attr]
    assert all(text[s:e].startswith(("Imran", "Khan")) for s, e in khan["mentions"])
    august = next(t for t in seed["timexes"] if t["text"] == "last August")  # type: ignore[union-attr]
    assert (august["type"], august["value"]) == ("DATE", "2021-08") and text[
        august["start"] : august["end"]
    ] == "last August"
    ouster = next(e for e in seed["events"] if e["date"] == "2022-04-10")  # type: ignore[union-attr]
    assert (
        ouster["type"] == "COERCE"
        and ouster["event_id"]
        and text[ouster["trigger"][0] : ouster["trigger"][1]] == "ouster"
    )
    assert any(p["name"] == "Imran Khan" and p["role"] == "target" and p["entity_id"] for p in ouster["participants"])
    entities = list(entity_records(annotated_store))
    assert any(e["name"] == "Imran Khan" and len(e["doc_ids"]) == 3 for e in entities)  # type: ignore[arg-type]
    events = list(event_records(annotated_store))
    assert any(e["date"] == "2022-04-10" and e["documents"] == 2 and len(e["mentions"]) >= 2 for e in events)  # type: ignore[arg-type]


def test_run_deleting_a_document_deletes_its_annotations(annotated_store: sqlite3.Connection) -> None:
    db = annotated_store
    doc_id = db.execute("SELECT id FROM documents ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert delete_document(db, doc_id)
    for table in ("mentions", "timexes", "event_mentions", "doc_entities", "annotations"):
        assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id = ?", (doc_id,)).fetchone()[0] == 0


def test_run_claims_reporting_one_event_cluster_across_seeds(annotated_store: sqlite3.Connection) -> None:
    from dossier.store.claims import claim_clusters

    sources = {r[0]: r[1] for r in annotated_store.execute("SELECT id, source FROM documents")}
    seeds_of = [
        {sources[c.doc_id].rsplit("/", 1)[-1][:3] for c in k.members}
        for k in claim_clusters(annotated_store, min_docs=2)
    ]
    # the ouster is one resolved event reported by seeds 000 and 002, so claims about it meet across the two
    assert any({"000", "002"} <= seeds for seeds in seeds_of), seeds_of
