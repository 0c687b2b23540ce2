"""Writing and reading the annotation layer: mentions, document entities, time expressions, events.

Each document's annotations are replaced in one transaction; cross-document resolution rewrites the
entities and events tables in one transaction, so a crash leaves either the old or the new state.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from dossier.dateranges import iso_range
from dossier.records import Claim, DocEntity, Entity, EventMention, Mention, Participant, Quote, Technique, TimeExpr
from dossier.store.claims import write_claims
from dossier.store.db import Database, Row
from dossier.store.events import participants_from_json
from dossier.store.quotes import write_quotes
from dossier.store.techniques import write_techniques


def _transaction(db: Database) -> None:
    db.execute("BEGIN IMMEDIATE")


def store_annotations(
    db: Database,
    doc_id: str,
    *,
    pipeline: str,
    anchor: str | None,
    entities: list[DocEntity],
    mentions: list[Mention],
    timexes: list[TimeExpr],
    events: list[EventMention],
    quotes: list[Quote] | None = None,
    voices: list[tuple[int, int, str]] | None = None,
    claims: list[Claim] | None = None,
    techniques: list[Technique] | None = None,
) -> None:
    """Replace one document's annotations atomically."""
    _transaction(db)
    try:
        for table in ("doc_entities", "mentions", "timexes", "event_mentions", "annotations"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))  # table names are constants
        db.executemany(
            "INSERT INTO doc_entities (doc_id, key, name, type, aliases) VALUES (?, ?, ?, ?, ?)",
            [(doc_id, e.key, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False)) for e in entities],
        )
        db.executemany(
            "INSERT OR IGNORE INTO mentions (doc_id, start, end, text, label, entity_key, extractor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, m.start, m.end, m.text, m.label, m.entity_key, m.extractor) for m in mentions],
        )
        db.executemany(
            "INSERT OR IGNORE INTO timexes (doc_id, start, end, text, type, value, mod, anchor, extractor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchor, t.extractor) for t in timexes],
        )
        db.executemany(
            "INSERT INTO event_mentions (doc_id, type, mode, trigger_start, trigger_end, trigger_text, "
            "sentence_start, sentence_end, date, date_start, date_end, participants, extractor, date_source, "
            "date_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_event_row(doc_id, e) for e in events],
        )
        write_quotes(db, doc_id, quotes or [], voices or [])
        write_claims(db, doc_id, claims or [])
        write_techniques(db, doc_id, techniques or [])
        db.execute(
            "INSERT INTO annotations (doc_id, pipeline, anchor, annotated_at) VALUES (?, ?, ?, ?)",
            (doc_id, pipeline, anchor, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _event_row(doc_id: str, e: EventMention) -> tuple[object, ...]:
    date_start, date_end = e.date_span if e.date_span else (None, None)
    participants = json.dumps([p.model_dump() for p in e.participants], ensure_ascii=False)
    return (
        doc_id,
        e.type,
        e.mode,
        *e.trigger,
        e.trigger_text,
        *e.sentence,
        e.date,
        date_start,
        date_end,
        participants,
        e.extractor,
        e.date_source,
        e.date_confidence,
    )


def unannotated_ids(db: Database, pipeline: str) -> list[str]:
    """Documents never annotated, or annotated by another pipeline version."""
    rows = db.execute(
        "SELECT d.id FROM documents d LEFT JOIN annotations a ON a.doc_id = d.id "
        "WHERE a.doc_id IS NULL OR a.pipeline != ? ORDER BY d.rowid",
        (pipeline,),
    ).fetchall()
    return [r[0] for r in rows]


def doc_entities(db: Database, doc_id: str | None = None) -> list[DocEntity]:
    sql = "SELECT * FROM doc_entities" + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, key"
    rows = db.execute(sql, (doc_id,) if doc_id else ()).fetchall()
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    mention_sql = (
        "SELECT doc_id, entity_key, start, end FROM mentions" + (" WHERE doc_id = ?" if doc_id else "")
    ) + " ORDER BY doc_id, start, end"
    for m in db.execute(mention_sql, (doc_id,) if doc_id else ()):
        spans.setdefault((m[0], m[1]), []).append((m[2], m[3]))
    return [
        DocEntity(
            doc_id=r["doc_id"],
            key=r["key"],
            name=r["name"],
            type=r["type"],
            aliases=json.loads(r["aliases"]),
            mentions=sorted(spans.get((r["doc_id"], r["key"]), [])),
            entity_id=r["entity_id"],
        )
        for r in rows
    ]


def event_mentions(db: Database, doc_id: str | None = None) -> list[EventMention]:
    sql = (
        "SELECT * FROM event_mentions" + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, trigger_start, id"
    )
    return [_event_mention(r) for r in db.execute(sql, (doc_id,) if doc_id else ())]


def _event_mention(r: Row) -> EventMention:
    date_span = (r["date_start"], r["date_end"]) if r["date_start"] is not None else None
    return EventMention(
        doc_id=r["doc_id"],
        type=r["type"],
        mode=r["mode"],
        trigger=(r["trigger_start"], r["trigger_end"]),
        trigger_text=r["trigger_text"],
        sentence=(r["sentence_start"], r["sentence_end"]),
        date=r["date"],
        date_span=date_span,
        date_source=r["date_source"],
        date_confidence=r["date_confidence"],
        participants=[Participant(**p) for p in json.loads(r["participants"])],
        event_id=r["event_id"],
        extractor=r["extractor"],
    )


def timexes(db: Database, doc_id: str) -> list[TimeExpr]:
    rows = db.execute("SELECT * FROM timexes WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
    return [TimeExpr(**dict(r)) for r in rows]  # the table's columns are the record's fields


def _write_entity_rows(db: Database, entities: Iterable[tuple[Entity, int]]) -> None:
    """Upsert entities with the mention count of the member whose name they carry; the caller holds the transaction."""
    db.executemany(
        "INSERT OR REPLACE INTO entities (entity_id, name, type, aliases, doc_ids, mentions, name_mentions) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (e.entity_id, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False), json.dumps(e.doc_ids), e.mentions,
             rank)
            for e, rank in entities
        ],
    )  # fmt: skip


def ranked_entities(db: Database, *, kind: str | None = None, limit: int = 50) -> list[Entity]:
    """Entities ranked by how many documents name them, then by mentions."""
    where, args = ("WHERE type = ?", [kind]) if kind else ("", [])
    order = "json_array_length(doc_ids) DESC, mentions DESC, name, entity_id"
    sql = f"SELECT * FROM entities {where} ORDER BY {order} LIMIT ?"
    return [_entity(r) for r in db.execute(sql, [*args, limit])]


def _entity(r: Row) -> Entity:
    return Entity(
        entity_id=r["entity_id"],
        name=r["name"],
        type=r["type"],
        aliases=json.loads(r["aliases"]),
        doc_ids=json.loads(r["doc_ids"]),
        mentions=r["mentions"],
    )


def find_entity(db: Database, name: str) -> Entity | None:
    """An entity by id, canonical name or any alias (case-insensitive); the most documented one wins."""
    row = db.execute(
        "SELECT e.* FROM entities e WHERE e.entity_id = ? OR lower(e.name) = lower(?) "
        "OR EXISTS (SELECT 1 FROM json_each(e.aliases) a WHERE lower(a.value) = lower(?)) "
        "ORDER BY e.entity_id = ? DESC, json_array_length(e.doc_ids) DESC, e.mentions DESC LIMIT 1",
        (name, name, name, name),
    ).fetchone()
    return _entity(row) if row else None


def co_occurring(db: Database, entity_id: str, *, limit: int = 15) -> list[tuple[Entity, int]]:
    """Entities that share documents with this one, with how many documents they share."""
    rows = db.execute(
        "SELECT other.entity_id, COUNT(DISTINCT other.doc_id) AS shared FROM doc_entities mine "
        "JOIN doc_entities other ON other.doc_id = mine.doc_id AND other.entity_id != mine.entity_id "
        "WHERE mine.entity_id = ? GROUP BY other.entity_id ORDER BY shared DESC, other.entity_id LIMIT ?",
        (entity_id, limit),
    ).fetchall()
    found = []
    for r in rows:
        row = db.execute("SELECT * FROM entities WHERE entity_id = ?", (r[0],)).fetchone()
        if row:
            found.append((_entity(row), r[1]))
    return found


@dataclass(frozen=True)
class TimelineEntry:
    event_id: str
    type: str
    date: str
    participants: list[Participant]
    doc_count: int
    evidence: str  # the sentence of the first dated mention
    doc_id: str
    trigger: tuple[int, int]
    modes: list[str]


def timeline(
    db: Database, *, entity_id: str | None = None, date_from: str | None = None, date_to: str | None = None
) -> list[TimelineEntry]:
    """Dated events in chronological order (coarser dates first within their period), optionally filtered."""
    rows = db.execute("SELECT * FROM events WHERE date IS NOT NULL AND date GLOB '[0-9]*' ORDER BY event_id").fetchall()
    entries = []
    for r in rows:
        participants = participants_from_json(r["participants"])
        if entity_id and not any(p.entity_id == entity_id for p in participants):
            continue
        if (date_from and r["date"][: len(date_from)] < date_from[: len(r["date"])]) or (
            date_to and r["date"][: len(date_to)] > date_to[: len(r["date"])]
        ):
            continue
        first = db.execute(
            "SELECT m.doc_id, m.trigger_start, m.trigger_end, m.mode, "
            "substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence "
            "FROM event_mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ? "
            "ORDER BY m.date IS NULL, length(m.date) DESC, m.doc_id, m.trigger_start LIMIT 1",
            (r["event_id"],),
        ).fetchone()
        modes = [
            m[0]
            for m in db.execute(
                "SELECT DISTINCT mode FROM event_mentions WHERE event_id = ? ORDER BY mode", (r["event_id"],)
            )
        ]
        entries.append(
            TimelineEntry(
                event_id=r["event_id"],
                type=r["type"],
                date=r["date"],
                participants=participants,
                doc_count=r["doc_count"],
                evidence=first["sentence"],
                doc_id=first["doc_id"],
                trigger=(first["trigger_start"], first["trigger_end"]),
                modes=modes,
            )
        )
    return sorted(entries, key=lambda e: (_sort_key(e.date), e.type))


def _sort_key(value: str) -> tuple[str, int]:
    """By the first day a date covers (a decade, a season at the start of its span), the coarser first on a tie."""
    first, last = iso_range(value)
    if first is None or last is None:
        return value, 0
    return first, -date.fromisoformat(last).toordinal()
