"""The export contract (dossier.export/1): per-document records and the cross-document entity/event records."""

from __future__ import annotations

from collections.abc import Iterator

from dossier.dateranges import iso_range
from dossier.records import Claim, EventMention, Quote, Speaker
from dossier.store import annotations as notes
from dossier.store import queries
from dossier.store.claims import claim_clusters, claims_of
from dossier.store.db import Database
from dossier.store.events import all_events, mentions_in_document_order
from dossier.store.quotes import quotes_of, voices_of
from dossier.store.techniques import techniques_of


def document_records(db: Database, *, all_versions: bool = False) -> Iterator[dict[str, object]]:
    """One object per document: metadata, text and comments, then entities, time expressions and events."""
    for record in queries.export_records(db, all_versions=all_versions):
        doc_id = str(record["id"])
        record["entities"] = [
            {
                "entity_id": e.entity_id,
                "name": e.name,
                "type": e.type,
                "aliases": e.aliases,
                "mentions": [list(span) for span in e.mentions],
            }
            for e in notes.doc_entities(db, doc_id)
        ]
        record["timexes"] = [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod}
            | _iso_dates(t.value)
            for t in notes.timexes(db, doc_id)
        ]
        record["events"] = [_event(m) for m in notes.event_mentions(db, doc_id)]
        record["quotes"] = [_quote(q) for q in quotes_of(db, doc_id)]
        record["voices"] = [{"start": s, "end": e, "voice": v} for s, e, v in voices_of(db, doc_id)]
        record["claims"] = [_claim(c) for c in claims_of(db, doc_id)]
        record["techniques"] = [
            {"start": t.start, "end": t.end, "text": t.text, "technique": t.technique, "confidence": t.confidence,
             "voice": t.voice, "extractor": t.extractor}
            for t in techniques_of(db, doc_id)
        ]  # fmt: skip
        yield record


def _iso_dates(value: str | None) -> dict[str, str | None]:
    """ISO first and last day of a granular date, beside it: "2022-04" → 2022-04-01 … 2022-04-30."""
    start, end = iso_range(value)
    return {"date_start": start, "date_end": end}


def _who(s: Speaker | None) -> dict[str, object] | None:
    return None if s is None else {"name": s.name, "entity_id": s.entity_id, "described": s.described}


def _claim(c: Claim) -> dict[str, object]:
    return {
        "claim_id": c.claim_id,
        "doc_id": c.doc_id,
        "span": [c.start, c.end],
        "text": c.text,
        "holder": _who(c.holder),
        "voice": c.voice,
        "score": c.check_worthiness,
        "features": c.features,
        "cues": c.cues,
        "kind": c.kind,
        "entities": [{"name": e.name, "type": e.type, "entity_id": e.entity_id} for e in c.entities],
        "numbers": [q.model_dump() for q in c.numbers],
        "dates": c.dates,
        "negated": c.negated,
        "cluster_id": c.cluster_id,
        "extractor": c.extractor,
    }


def _quote(q: Quote) -> dict[str, object]:
    who = _who
    return {
        "start": q.start,
        "end": q.end,
        "kind": q.kind,
        "cue": q.cue,
        "cue_span": list(q.cue_span) if q.cue_span else None,
        "speaker": who(q.speaker),
        "via": [who(v) for v in q.via],
        "hedges": q.hedges,
        "sourcing": q.sourcing,
        "extractor": q.extractor,
    }


def _event(m: EventMention) -> dict[str, object]:
    return {
        "event_id": m.event_id,
        "type": m.type,
        "mode": m.mode,
        "date": m.date,
        **_iso_dates(m.date),
        "date_source": m.date_source,
        "date_confidence": m.date_confidence,
        "trigger": list(m.trigger),
        "sentence": list(m.sentence),
        "date_span": list(m.date_span) if m.date_span else None,
        "participants": [{"entity_id": p.entity_id, "name": p.name, "role": p.role} for p in m.participants],
        "extractor": m.extractor,
    }


def entity_records(db: Database) -> Iterator[dict[str, object]]:
    """Cross-document entities: every alias, type, and the documents each appears in."""
    for e in notes.ranked_entities(db, limit=-1):
        yield {"schema": "dossier.entity/1", **e.model_dump()}


def event_records(db: Database) -> Iterator[dict[str, object]]:
    """Cross-document events with their date, participants and every mention (document, trigger, mode)."""
    for event in all_events(db):
        yield {
            "schema": "dossier.event/1",
            "event_id": event.event_id,
            "type": event.type,
            "date": event.date,
            **_iso_dates(event.date),
            "participants": [{"role": p.role, "entity_id": p.entity_id, "name": p.name} for p in event.participants],
            "documents": event.doc_count,
            "mentions": [
                {
                    "doc_id": m.doc_id,
                    "trigger": list(m.trigger),
                    "sentence": list(m.sentence_span),
                    "mode": m.mode,
                    "date": m.date,
                    **_iso_dates(m.date),
                }
                for m in mentions_in_document_order(db, event.event_id)
            ],
        }


def claim_records(db: Database) -> Iterator[dict[str, object]]:
    """Claim clusters (every claim is in one; most are alone) with members and each pair's relation and reasons."""
    for k in claim_clusters(db):
        yield {
            "schema": "dossier.claim/1",
            "cluster_id": k.cluster_id,
            "kind": k.kind,
            "documents": k.doc_count,
            "independent": k.independent,
            "contested": k.contested,
            "members": [_claim(c) for c in k.members],
            "relations": [
                {"a": x.a, "b": x.b, "relation": x.relation, "similarity": x.similarity, "reasons": x.reasons}
                for x in k.links
            ],
        }


def relation_records(db: Database) -> Iterator[dict[str, object]]:
    """Relations over time: per pair of entities and month, the cooperative/conflictual balance and its evidence."""
    from dossier.relations import stored_relations

    for r in stored_relations(db):
        yield {"schema": "dossier.relation/1", **r.model_dump(), **_iso_dates(r.period)}
