"""The indexes incremental resolution reads and the rows it rewrites: resolution order, entity keys and person
tokens, event blocking keys, the claim vectors and syndicated document pairs. Persistence only: every decision
is made in resolve/ and handed in. The caller holds the transaction for every write here."""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np

from dossier.records import Claim, ClaimCluster, DocEntity, Entity, EventCluster, EventMention, Origin
from dossier.store.annotations import _event_mention, _write_entity_rows
from dossier.store.claims import Vectors, _host, claim_from_row, write_cluster_rows
from dossier.store.db import Database, is_postgres
from dossier.store.events import participants_json

DERIVED = ("entities", "events", "event_keys", "person_tokens", "claim_links", "claim_clusters", "syndicated")


def begin(db: Database) -> None:
    db.execute("BEGIN IMMEDIATE")


def data_version(db: Database) -> int:
    """Changes when another connection commits to the database (never for this connection's own commits)."""
    if is_postgres(db):
        from dossier.store.postgres import PgConnection

        assert isinstance(db, PgConnection)
        return db.data_version()
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def commit(db: Database) -> None:
    db.execute("COMMIT")


def rollback(db: Database) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")


def resolution_sequence(db: Database) -> list[str]:
    """Documents in the order they were first resolved: the order a full re-run replays."""
    return [r[0] for r in db.execute("SELECT doc_id FROM resolution_order ORDER BY seq")]


def is_resolved(db: Database, doc_id: str) -> bool:
    return db.execute("SELECT 1 FROM resolution_order WHERE doc_id = ?", (doc_id,)).fetchone() is not None


def record_resolved(db: Database, doc_id: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO resolution_order (doc_id, seq) "
        "VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM resolution_order))",
        (doc_id,),
    )


def clear_resolution(db: Database) -> None:
    """Forget every cross-document decision (the resolution order stays: a full re-run replays it)."""
    for table in DERIVED:
        db.execute(f"DELETE FROM {table}")  # table names are constants
    db.execute("UPDATE doc_entities SET entity_id = NULL, own_id = NULL, single_token = NULL")
    db.execute("UPDATE event_mentions SET event_id = NULL")
    db.execute("UPDATE claims SET cluster_id = NULL")


# entities


def write_entity_keys(db: Database, rows: Iterable[tuple[str, str | None, str, str]]) -> None:
    """(own id, single token, doc_id, key) of each document entity."""
    db.executemany("UPDATE doc_entities SET own_id = ?, single_token = ? WHERE doc_id = ? AND key = ?", rows)


def add_person_tokens(db: Database, pairs: set[tuple[str, str]]) -> set[str]:
    """Record (token, full-name person id) pairs; returns the tokens that gained a new owner."""
    changed = set()
    for token, eid in sorted(pairs):
        if db.execute("INSERT OR IGNORE INTO person_tokens (token, entity_id) VALUES (?, ?)", (token, eid)).rowcount:
            changed.add(token)
    return changed


def token_owners(db: Database, tokens: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {t: set() for t in tokens}
    for t in tokens:
        found[t] = {r[0] for r in db.execute("SELECT entity_id FROM person_tokens WHERE token = ?", (t,))}
    return found


def singles_named(db: Database, tokens: set[str]) -> list[tuple[str, str, str, str | None, str]]:
    """(doc_id, key, token, entity id, own id) of every one-word person named by one of `tokens`."""
    rows = []
    for t in sorted(tokens):
        rows += db.execute(
            "SELECT doc_id, key, single_token, entity_id, own_id FROM doc_entities WHERE single_token = ? "
            "ORDER BY doc_id, key",
            (t,),
        ).fetchall()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def entity_members(db: Database, eid: str) -> list[DocEntity]:
    """The document entities resolved to one entity, with their mention spans."""
    found = []
    for r in db.execute("SELECT * FROM doc_entities WHERE entity_id = ? ORDER BY doc_id, key", (eid,)).fetchall():
        sql = "SELECT start, end FROM mentions WHERE doc_id = ? AND entity_key = ? ORDER BY start"
        spans = db.execute(sql, (r["doc_id"], r["key"])).fetchall()
        found.append(
            DocEntity(
                doc_id=r["doc_id"], key=r["key"], name=r["name"], type=r["type"], aliases=json.loads(r["aliases"]),
                mentions=[(m[0], m[1]) for m in spans], entity_id=r["entity_id"],
            )
        )  # fmt: skip
    return found


def unresolved_annotated(db: Database) -> list[str]:
    """Annotated documents not yet linked to the collection, in the order they were annotated."""
    rows = db.execute(
        "SELECT a.doc_id FROM annotations a LEFT JOIN resolution_order r ON r.doc_id = a.doc_id "
        "WHERE r.doc_id IS NULL ORDER BY a.rowid"
    )
    return [r[0] for r in rows]


def has_unindexed_resolution(db: Database) -> bool:
    """Entities written by a release before incremental resolution: a full re-run rebuilds the indexes."""
    indexed = db.execute("SELECT 1 FROM resolution_order LIMIT 1").fetchone()
    return indexed is None and db.execute("SELECT 1 FROM entities LIMIT 1").fetchone() is not None


def write_speaker_ids(db: Database, doc_id: str, assignment: dict[str, str]) -> None:
    """Cross-document ids on one document's quote speakers and relays (`assignment`: entity key → id)."""
    rows = db.execute("SELECT id, speaker_key, via FROM quotes WHERE doc_id = ?", (doc_id,)).fetchall()
    updates = []
    for r in rows:
        via = json.loads(r["via"])
        for v in via:
            v["entity_id"] = assignment.get(v.get("entity_key") or "")
        updates.append((assignment.get(r["speaker_key"] or ""), json.dumps(via, ensure_ascii=False), r["id"]))
    db.executemany("UPDATE quotes SET speaker_entity_id = ?, via = ? WHERE id = ?", updates)


def write_claim_entity_ids(db: Database, claims: list[Claim]) -> None:
    db.executemany(
        "UPDATE claims SET holder_entity_id = ?, entities = ? WHERE id = ?",
        [
            (c.holder.entity_id if c.holder else None,
             json.dumps([e.model_dump() for e in c.entities], ensure_ascii=False), c.claim_id)
            for c in claims
        ],
    )  # fmt: skip


def assign_entities(db: Database, rows: Iterable[tuple[str, str, str]]) -> None:
    """(entity id, doc_id, key)."""
    db.executemany("UPDATE doc_entities SET entity_id = ? WHERE doc_id = ? AND key = ?", rows)


def stored_entities(db: Database, ids: set[str]) -> dict[str, tuple[Entity, int]]:
    """Entities by id with the mention count of the member that gave the name."""
    found = {}
    for eid in ids:
        r = db.execute("SELECT * FROM entities WHERE entity_id = ?", (eid,)).fetchone()
        if r is not None:
            entity = Entity(
                entity_id=r["entity_id"], name=r["name"], type=r["type"], aliases=json.loads(r["aliases"]),
                doc_ids=json.loads(r["doc_ids"]), mentions=r["mentions"],
            )  # fmt: skip
            found[eid] = (entity, r["name_mentions"])
    return found


def write_entities(db: Database, entities: list[tuple[Entity, int]], removed: set[str]) -> None:
    """Upsert entities (with their name's mention count); delete those left with no member."""
    db.executemany("DELETE FROM entities WHERE entity_id = ?", [(e,) for e in sorted(removed)])
    _write_entity_rows(db, entities)


# events


def event_slots(
    db: Database, kind: str, date: str | None, keys: set[tuple[str, str]], *, min_shared: int
) -> list[tuple[str, str, str | None, int]]:
    """(event id, type, date, seq) of events of this type sharing at least `min_shared` of the (role, entity id)
    blocking keys whose date can fit `date` (the same prefix test as resolve.events.dates_compatible, done in SQL
    so a long-running collection's many events with a popular participant never reach Python)."""
    if not keys:
        return []
    pairs = sorted(keys)
    held = " OR ".join("(k.role = ? AND k.entity_id = ?)" for _ in pairs)
    sql = (
        "SELECT e.event_id, e.type, e.date, e.seq FROM event_keys k JOIN events e ON e.event_id = k.event_id "
        f"WHERE k.type = ? AND ({held}) AND (e.date IS NULL OR ? IS NULL OR substr(?, 1, length(e.date)) = e.date "
        "OR substr(e.date, 1, length(?)) = ?) GROUP BY e.event_id HAVING COUNT(*) >= ?"
    )
    args = [kind, *(x for pair in pairs for x in pair), date, date, date, date, min_shared]
    return [(r[0], r[1], r[2], r[3]) for r in db.execute(sql, args)]


def event_rows(db: Database, event_ids: set[str]) -> list[tuple[str, str, str | None, int]]:
    """(event id, type, date, seq) of stored events."""
    rows = [
        db.execute("SELECT event_id, type, date, seq FROM events WHERE event_id = ?", (e,)).fetchone()
        for e in event_ids
    ]
    return [(r[0], r[1], r[2], r[3]) for r in rows if r is not None]


def event_key_sets(db: Database, event_ids: set[str]) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {e: set() for e in event_ids}
    for e in event_ids:
        found[e] = {(r[0], r[1]) for r in db.execute("SELECT role, entity_id FROM event_keys WHERE event_id = ?", (e,))}
    return found


def next_event_seq(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0])


def add_event_keys(db: Database, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """(type, role, entity id, event id)."""
    db.executemany("INSERT OR IGNORE INTO event_keys (type, role, entity_id, event_id) VALUES (?, ?, ?, ?)", rows)


def mentions_of_events(db: Database, event_ids: set[str]) -> list[EventMention]:
    found = []
    for e in sorted(event_ids):
        sql = "SELECT * FROM event_mentions WHERE event_id = ? ORDER BY doc_id, trigger_start"
        found += [_event_mention(r) for r in db.execute(sql, (e,))]
    return found


def write_event_mentions(db: Database, mentions: list[EventMention]) -> None:
    """Each mention's event id and participants (with cross-document entity ids)."""
    db.executemany(
        "UPDATE event_mentions SET event_id = ?, participants = ? WHERE doc_id = ? AND trigger_start = ?",
        [(m.event_id, participants_json(m.participants), m.doc_id, m.trigger[0]) for m in mentions],
    )


def write_events(db: Database, events: list[tuple[EventCluster, int]]) -> None:
    """Upsert event rows (with their creation order) from all their mentions."""
    db.executemany(
        "INSERT OR REPLACE INTO events (event_id, type, date, doc_count, mention_count, participants, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (e.event_id, e.type, e.date, len(e.doc_ids), len(e.mentions), participants_json(e.participants()), seq)
            for e, seq in events
        ],
    )


def multi_document_events(db: Database, doc_ids: set[str]) -> dict[str, list[tuple[int, str]]]:
    """doc_id → (trigger offset, event id) of its mentions of events that more than one document reports."""
    found: dict[str, list[tuple[int, str]]] = {d: [] for d in doc_ids}
    for d in doc_ids:
        rows = db.execute(
            "SELECT m.trigger_start, m.event_id FROM event_mentions m JOIN events e ON e.event_id = m.event_id "
            "WHERE m.doc_id = ? AND e.doc_count > 1",
            (d,),
        )
        found[d] = [(r[0], r[1]) for r in rows]
    return found


def claims_reporting(db: Database, event_ids: set[str], *, exclude_doc: str) -> set[str]:
    """Resolved claims of other documents whose span holds a trigger of one of these events."""
    found: set[str] = set()
    for e in event_ids:
        rows = db.execute(
            "SELECT c.id FROM event_mentions m JOIN claims c ON c.doc_id = m.doc_id "
            "AND c.start <= m.trigger_start AND m.trigger_start < c.end "
            "WHERE m.event_id = ? AND m.doc_id != ? AND c.cluster_id IS NOT NULL",
            (e, exclude_doc),
        )
        found |= {r[0] for r in rows}
    return found


# claims


def resolved_claim_vectors(db: Database, *, embedding_model: str) -> tuple[list[str], list[str], Vectors]:
    """(claim ids, doc ids, embeddings) of every claim in a cluster: what the vector index is loaded from."""
    rows = db.execute(
        "SELECT id, doc_id, embedding FROM claims WHERE cluster_id IS NOT NULL AND embedding_model = ? ORDER BY rowid",
        (embedding_model,),
    ).fetchall()
    if not rows:
        return [], [], np.zeros((0, 0), dtype=np.float32)
    matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    return [r[0] for r in rows], [r[1] for r in rows], matrix


def claims_with_vectors(
    db: Database, where: str, args: tuple[object, ...], *, embedding_model: str
) -> tuple[list[Claim], dict[str, Vectors]]:
    rows = db.execute(f"SELECT * FROM claims WHERE {where} ORDER BY doc_id, start", args).fetchall()
    vectors = {
        r["id"]: np.frombuffer(r["embedding"], dtype=np.float32)
        for r in rows
        if r["embedding"] is not None and r["embedding_model"] == embedding_model
    }
    return [claim_from_row(r) for r in rows], vectors


def claims_in_clusters(
    db: Database, cluster_ids: set[str], *, embedding_model: str
) -> tuple[list[Claim], dict[str, Vectors]]:
    claims: list[Claim] = []
    vectors: dict[str, Vectors] = {}
    for k in sorted(cluster_ids):
        found, known = claims_with_vectors(db, "cluster_id = ?", (k,), embedding_model=embedding_model)
        claims += found
        vectors.update(known)
    return claims, vectors


def cluster_of(db: Database, claim_ids: set[str]) -> set[str]:
    found = set()
    for cid in claim_ids:
        r = db.execute("SELECT cluster_id FROM claims WHERE id = ?", (cid,)).fetchone()
        if r is not None and r[0] is not None:
            found.add(r[0])
    return found


def earlier_versions(db: Database, doc_id: str) -> set[str]:
    """Other stored versions of the same source as this document (they leave the claim clusters)."""
    rows = db.execute(
        "SELECT d2.id FROM documents d JOIN documents d2 ON d2.source = d.source AND d2.id != d.id "
        "WHERE d.id = ? AND d2.version < d.version",
        (doc_id,),
    )
    return {r[0] for r in rows}


def origins_of(db: Database, doc_ids: set[str]) -> dict[str, Origin]:
    found = {}
    for d in doc_ids:
        r = db.execute("SELECT outlet, url, source FROM documents WHERE id = ?", (d,)).fetchone()
        if r is not None:
            found[d] = Origin(outlet=r["outlet"], host=_host(r["url"] or r["source"]))
    return found


def syndicated_among(db: Database, doc_ids: set[str]) -> set[tuple[str, str]]:
    found = set()
    for d in doc_ids:
        for r in db.execute("SELECT doc_a, doc_b FROM syndicated WHERE doc_a = ? OR doc_b = ?", (d, d)):
            if r[0] in doc_ids and r[1] in doc_ids:
                found.add((r[0], r[1]))
    return found


def add_syndicated(db: Database, pairs: set[tuple[str, str]]) -> None:
    db.executemany("INSERT OR IGNORE INTO syndicated (doc_a, doc_b) VALUES (?, ?)", sorted(pairs))


def replace_clusters(
    db: Database, old: set[str], clusters: list[ClaimCluster], *, unclustered: Iterable[str] = ()
) -> None:
    """Rewrite only the touched clusters: drop the old ones, write the new, take `unclustered` claims out."""
    db.executemany("UPDATE claims SET cluster_id = NULL WHERE id = ?", [(c,) for c in unclustered])
    for cluster_id in sorted(old):
        db.execute("DELETE FROM claim_links WHERE cluster_id = ?", (cluster_id,))
        db.execute("UPDATE claims SET cluster_id = NULL WHERE cluster_id = ?", (cluster_id,))
        db.execute("DELETE FROM claim_clusters WHERE cluster_id = ?", (cluster_id,))
    write_cluster_rows(db, clusters)
