"""Quotes and sentence voices in the store: written inside a document's annotation transaction, read for the
CLI, the exports and (later) the web app; full-text search over what was said and by whom."""

from __future__ import annotations

import json

from dossier.records import Quote, Speaker
from dossier.store.db import Database, Row
from dossier.store.fts import matching_rows, search_terms, text_search

QUOTE_COLUMNS = (
    "doc_id, start, end, text, kind, cue, cue_start, cue_end, speaker, speaker_key, speaker_described, "
    "speaker_start, speaker_end, via, hedges, sourcing, extractor"
)


def write_quotes(db: Database, doc_id: str, quotes: list[Quote], voices: list[tuple[int, int, str]]) -> None:
    """Replace one document's quotes and voices; the caller holds the transaction."""
    db.execute("DELETE FROM quotes WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM voices WHERE doc_id = ?", (doc_id,))
    db.executemany(
        f"INSERT INTO quotes ({QUOTE_COLUMNS}) VALUES ({', '.join('?' * 17)})",
        [_row(doc_id, q) for q in quotes],
    )
    db.executemany(
        "INSERT OR IGNORE INTO voices (doc_id, start, end, voice) VALUES (?, ?, ?, ?)",
        [(doc_id, s, e, v) for s, e, v in voices],
    )


def _row(doc_id: str, q: Quote) -> tuple[object, ...]:
    cue_start, cue_end = q.cue_span or (None, None)
    speaker_start, speaker_end = q.speaker_span or (None, None)
    speaker = q.speaker
    return (
        doc_id, q.start, q.end, q.text, q.kind, q.cue, cue_start, cue_end,
        speaker.name if speaker else None, speaker.entity_key if speaker else None,
        int(bool(speaker and speaker.described)), speaker_start, speaker_end,
        json.dumps([v.model_dump() for v in q.via], ensure_ascii=False), json.dumps(q.hedges), q.sourcing, q.extractor,
    )  # fmt: skip


def resolve_speakers(db: Database, assignment: dict[tuple[str, str], str]) -> None:
    """Give speakers and relays their cross-document entity ids; the caller holds the transaction."""
    rows = db.execute("SELECT id, doc_id, speaker_key, via FROM quotes").fetchall()
    updates = []
    for r in rows:
        via = json.loads(r["via"])
        for v in via:
            v["entity_id"] = assignment.get((r["doc_id"], v.get("entity_key") or ""))
        eid = assignment.get((r["doc_id"], r["speaker_key"] or ""))
        updates.append((eid, json.dumps(via, ensure_ascii=False), r["id"]))
    db.executemany("UPDATE quotes SET speaker_entity_id = ?, via = ? WHERE id = ?", updates)


def quotes_of(db: Database, doc_id: str) -> list[Quote]:
    rows = db.execute("SELECT * FROM quotes WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
    return [quote_from_row(r) for r in rows]


def quote_from_row(r: Row) -> Quote:
    speaker = None
    if r["speaker"] is not None:
        speaker = Speaker(
            name=r["speaker"], entity_key=r["speaker_key"], entity_id=r["speaker_entity_id"],
            described=bool(r["speaker_described"]),
        )  # fmt: skip
    cue_span = (r["cue_start"], r["cue_end"]) if r["cue_start"] is not None else None
    speaker_span = (r["speaker_start"], r["speaker_end"]) if r["speaker_start"] is not None else None
    return Quote(
        doc_id=r["doc_id"], start=r["start"], end=r["end"], text=r["text"], kind=r["kind"], cue=r["cue"],
        cue_span=cue_span, speaker=speaker, speaker_span=speaker_span,
        via=[Speaker(**v) for v in json.loads(r["via"])], hedges=json.loads(r["hedges"]), sourcing=r["sourcing"],
        extractor=r["extractor"],
    )  # fmt: skip


def voices_of(db: Database, doc_id: str) -> list[tuple[int, int, str]]:
    rows = db.execute("SELECT start, end, voice FROM voices WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def find_quotes(
    db: Database,
    *,
    speaker_id: str | None = None,
    about_id: str | None = None,
    query: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Quote]:
    """Quotes by a speaker (or relayed through them), about an entity (named inside the quote), or matching text
    (the user's full-text query, escaped like every other search)."""
    clauses, args = _quote_filter(db, speaker_id=speaker_id, about_id=about_id, query=query)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT q.* FROM quotes q {where} ORDER BY q.doc_id, q.start LIMIT ? OFFSET ?"
    return [quote_from_row(r) for r in matching_rows(db, sql, [*args, limit, offset], query or "")]


def quote_count(
    db: Database, *, speaker_id: str | None = None, about_id: str | None = None, query: str | None = None
) -> int:
    """How many quotes `find_quotes` would return without a limit."""
    clauses, args = _quote_filter(db, speaker_id=speaker_id, about_id=about_id, query=query)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return int(matching_rows(db, f"SELECT COUNT(*) FROM quotes q {where}", args, query or "")[0][0])


def _quote_filter(
    db: Database, *, speaker_id: str | None, about_id: str | None, query: str | None
) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if speaker_id:
        clauses.append("(q.speaker_entity_id = ? OR EXISTS (SELECT 1 FROM json_each(q.via) v "
                       "WHERE json_extract(v.value, '$.entity_id') = ?))")  # fmt: skip
        args += [speaker_id, speaker_id]
    if about_id:
        clauses.append(
            "EXISTS (SELECT 1 FROM mentions m JOIN doc_entities de ON de.doc_id = m.doc_id AND de.key = m.entity_key "
            "WHERE m.doc_id = q.doc_id AND m.start >= q.start AND m.end <= q.end AND de.entity_id = ?)"
        )
        args.append(about_id)
    if query:
        clauses.append(text_search(db).quote_filter)
        args.append(search_terms(db, query))
    return clauses, args


def unknown_speaker_share(db: Database) -> float:
    """Share of quotes whose speaker could not be found: a number we track (target under 10%)."""
    sql = "SELECT COUNT(*), SUM(CASE WHEN speaker IS NULL THEN 1 ELSE 0 END) FROM quotes"
    total, unknown = db.execute(sql).fetchone()
    return (unknown or 0) / total if total else 0.0
