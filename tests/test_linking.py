"""Incremental resolution: documents linked one batch at a time give exactly what a full re-run gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from spacy.language import Language

from dossier import collection
from dossier.store.db import connect

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"

Memberships = dict[str, object]


def memberships(db: sqlite3.Connection) -> Memberships:
    """Every cross-document decision: who is in which entity, event and claim cluster, and how pairs relate."""
    entities: dict[str, list[tuple[str, str]]] = {}
    for eid, doc, key in db.execute("SELECT entity_id, doc_id, key FROM doc_entities ORDER BY doc_id, key"):
        entities.setdefault(eid, []).append((doc, key))
    events: dict[str, list[tuple[str, int]]] = {}
    for eid, doc, at in db.execute("SELECT event_id, doc_id, trigger_start FROM event_mentions ORDER BY 2, 3"):
        events.setdefault(eid, []).append((doc, at))
    clusters: dict[str, list[str]] = {}
    for kid, cid in db.execute("SELECT cluster_id, id FROM claims ORDER BY id"):
        clusters.setdefault(kid, []).append(cid)
    return {
        "entities": entities,
        "entity_rows": db.execute(
            "SELECT entity_id, name, aliases, doc_ids, mentions FROM entities ORDER BY 1"
        ).fetchall(),
        "events": events,
        "event_rows": db.execute(
            "SELECT event_id, type, date, doc_count, participants FROM events ORDER BY 1"
        ).fetchall(),
        "clusters": clusters,
        "links": [
            tuple(r) for r in db.execute("SELECT claim_a, claim_b, relation, reasons FROM claim_links ORDER BY 1, 2")
        ],
    }


def test_linking_incremental_equals_full_rerun(tmp_path: Path, seeds_dir: Path, nlp: Language) -> None:
    db = connect(tmp_path / "inc.db")
    seeds = sorted(str(p) for p in seeds_dir.iterdir() if p.is_file())
    examples = sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())
    for batch in (seeds[:2], examples[: len(examples) // 2], seeds[2:], examples[len(examples) // 2 :]):
        run = collection.ingest(db, batch, nlp=nlp)
        assert not run.ingest.failed and not run.annotate.failed
    incremental = memberships(db)
    assert all(v is not None for v in incremental["entities"])  # type: ignore[union-attr]
    # the collection links across documents, so the comparison has something to disagree about
    assert any(len({d for d, _ in m}) > 1 for m in incremental["entities"].values())  # type: ignore[union-attr]
    assert any(len({d for d, _ in m}) > 1 for m in incremental["events"].values())  # type: ignore[union-attr]
    assert any(len(m) > 1 for m in incremental["clusters"].values())  # type: ignore[union-attr]
    assert collection.resolve_all(db) == db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
    assert memberships(db) == incremental


def test_linking_one_word_person_joins_a_full_name_that_comes_later(tmp_path: Path) -> None:
    from dossier.linking import Linker
    from dossier.records import Article, DocEntity, Mention
    from dossier.store.annotations import store_annotations
    from dossier.store.queries import store_article

    db = connect(tmp_path / "late.db")
    names = {"d0": "Harrington", "d1": "Paul Harrington", "d2": "Harrington"}
    linker = Linker(db, embed=lambda texts: [])  # type: ignore[arg-type,return-value]
    for doc_id, name in names.items():
        text = f"{name} said on Monday that the plant would open next spring. " * 3
        store_article(db, Article(id=doc_id, source=f"{doc_id}.txt", format="text", text=text, extractor="test"))
        person = DocEntity(doc_id=doc_id, key=f"PERSON:{name.lower()}", name=name, type="PERSON",
                           mentions=[(0, len(name))])  # fmt: skip
        mention = Mention(doc_id=doc_id, start=0, end=len(name), text=name, label="PERSON", entity_key=person.key,
                          extractor="test")  # fmt: skip
        store_annotations(
            db, doc_id, pipeline="test", anchor=None, entities=[person], mentions=[mention], timexes=[], events=[]
        )
        linker.add(doc_id)
    assigned = dict(db.execute("SELECT doc_id, entity_id FROM doc_entities").fetchall())
    assert len(set(assigned.values())) == 1  # the earlier one-word mention moved to the full name
    assert [tuple(r) for r in db.execute("SELECT name, doc_ids, mentions FROM entities")] == [
        ("Paul Harrington", '["d0", "d1", "d2"]', 3)
    ]
    before = memberships(db)
    linker.rebuild()
    assert memberships(db) == before
