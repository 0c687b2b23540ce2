"""Reading what relations over time are computed from: event mentions between resolved entities, with their date
and their document's publication date, quotes whose speaker names another entity, with their cue, and the
documents' resolved mentions that stated offices (who acts for which state) are read from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dossier.records import Participant
from dossier.store.db import Database
from dossier.store.events import participants_from_json


@dataclass(frozen=True)
class RelationEventRow:
    doc_id: str
    type: str
    mode: str
    date: str | None
    published: str | None
    sentence_start: int
    sentence_end: int
    sentence: str
    participants: list[Participant]


@dataclass(frozen=True)
class RelationQuoteRow:
    doc_id: str
    cue: str | None
    published: str | None
    start: int
    end: int
    text: str
    speaker_id: str
    speaker: str
    about_id: str
    about_start: int = 0  # where the quote first names that entity


def relation_events(db: Database) -> list[RelationEventRow]:
    """Every event mention with two or more resolved participants, in document and text order."""
    rows = db.execute(
        "SELECT m.doc_id, m.type, m.mode, m.date, d.published, m.sentence_start, m.sentence_end, m.participants, "
        "substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence "
        "FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
        "WHERE json_array_length(m.participants) > 1 ORDER BY m.doc_id, m.trigger_start"
    ).fetchall()
    return [
        RelationEventRow(
            r["doc_id"], r["type"], r["mode"], r["date"], r["published"], r["sentence_start"], r["sentence_end"],
            r["sentence"], participants_from_json(r["participants"]),
        )
        for r in rows
    ]  # fmt: skip


def relation_quotes(db: Database) -> list[RelationQuoteRow]:
    """Quotes by a resolved speaker naming another resolved entity, once per (quote, entity), with the cue, in
    the order the quote names them."""
    rows = db.execute(
        "SELECT q.doc_id, q.cue, d.published, q.start, q.end, q.text, q.speaker_entity_id AS speaker_id, "
        "q.speaker AS speaker, de.entity_id AS about, min(m.start) AS about_start "
        "FROM quotes q JOIN mentions m ON m.doc_id = q.doc_id AND m.start >= q.start AND m.end <= q.end "
        "JOIN doc_entities de ON de.doc_id = m.doc_id AND de.key = m.entity_key "
        "JOIN documents d ON d.id = q.doc_id "
        "WHERE q.speaker_entity_id IS NOT NULL AND de.entity_id IS NOT NULL AND de.entity_id != q.speaker_entity_id "
        "GROUP BY q.id, de.entity_id, d.published ORDER BY q.doc_id, q.start, about_start, de.entity_id"
    ).fetchall()
    return [
        RelationQuoteRow(
            r["doc_id"], r["cue"], r["published"], r["start"], r["end"], r["text"], r["speaker_id"], r["speaker"],
            r["about"], r["about_start"],
        )
        for r in rows
    ]  # fmt: skip


def entity_names(db: Database) -> dict[str, str]:
    """entity id → canonical name, for every resolved entity."""
    return {r[0]: r[1] for r in db.execute("SELECT entity_id, name FROM entities")}


@dataclass(frozen=True)
class AffiliationMentionRow:
    start: int
    end: int
    text: str
    entity_id: str
    type: str  # the resolved entity's type: GPE, PERSON, ORG …


@dataclass(frozen=True)
class AffiliationDocumentRow:
    doc_id: str
    published: str | None
    text: str
    mentions: list[AffiliationMentionRow]  # in text order


def affiliation_documents(db: Database) -> Iterator[AffiliationDocumentRow]:
    """Each document that names both a state (GPE) and a person or organisation, with its text and its resolved
    mentions, one document at a time: what stated offices ("Russian President Vladimir Putin") are read from."""
    docs = db.execute(
        "SELECT d.id, d.published, d.text FROM documents d WHERE EXISTS (SELECT 1 FROM doc_entities de "
        "JOIN entities e ON e.entity_id = de.entity_id WHERE de.doc_id = d.id AND e.type = 'GPE') "
        "AND EXISTS (SELECT 1 FROM doc_entities de JOIN entities e ON e.entity_id = de.entity_id "
        "WHERE de.doc_id = d.id AND e.type IN ('PERSON', 'ORG')) ORDER BY d.id"
    ).fetchall()
    for doc in docs:
        rows = db.execute(
            "SELECT m.start, m.end, m.text, de.entity_id, e.type FROM mentions m "
            "JOIN doc_entities de ON de.doc_id = m.doc_id AND de.key = m.entity_key "
            "JOIN entities e ON e.entity_id = de.entity_id WHERE m.doc_id = ? ORDER BY m.start",
            (doc[0],),
        ).fetchall()
        mentions = [AffiliationMentionRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]
        yield AffiliationDocumentRow(doc[0], doc[1], doc[2], mentions)
