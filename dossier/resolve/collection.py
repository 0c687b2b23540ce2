"""Across the whole collection at once: entities, then events (with entity ids), then claim clusters.

Pure: the driver (`dossier/collection.py`) feeds it what the store returns and writes back what it decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dossier.records import Claim, ClaimCluster, DocEntity, Entity, EventCluster, EventMention, Origin
from dossier.resolve.claims import Vectors, embeddings, resolved_claims
from dossier.resolve.claimtext import embedding_text
from dossier.resolve.entities import resolved_entities
from dossier.resolve.events import resolved_events

Assignment = dict[tuple[str, str], str]  # (doc_id, document entity key) → cross-document entity id


@dataclass
class ResolvedCollection:
    entities: list[Entity]
    assignment: Assignment
    events: list[EventCluster]
    clusters: list[ClaimCluster]
    fresh: dict[str, Vectors]  # claim embeddings computed this time, to be kept


def with_entity_ids(mentions: list[EventMention], claims: list[Claim], assignment: Assignment) -> None:
    """Give event participants, claim holders and claimed entities their cross-document entity ids."""
    for m in mentions:
        for p in m.participants:
            p.entity_id = assignment.get((m.doc_id, p.entity_key or ""))
    for c in claims:
        if c.holder is not None:
            c.holder.entity_id = assignment.get((c.doc_id, c.holder.entity_key or ""))
        for e in c.entities:
            e.entity_id = assignment.get((c.doc_id, e.entity_key))


def reported_events(claims: list[Claim], events: list[EventCluster]) -> dict[str, set[str]]:
    """Claim id → the cross-document events (reported by more than one document) whose trigger it contains."""
    triggers: dict[str, list[tuple[int, str]]] = {}
    for e in events:
        if len(e.doc_ids) > 1:
            for m in e.mentions:
                triggers.setdefault(m.doc_id, []).append((m.trigger[0], e.event_id))
    return {c.claim_id or "": {eid for at, eid in triggers.get(c.doc_id, []) if c.start <= at < c.end} for c in claims}


def resolved_collection(
    doc_entities: list[DocEntity],
    mentions: list[EventMention],
    claims: list[Claim],
    *,
    origins: dict[str, Origin],
    vectors: dict[str, Vectors],
    embed: Callable[[Sequence[str]], Vectors] = embeddings,
) -> ResolvedCollection:
    """Every cross-document decision from every stored document; only claims without a vector are embedded."""
    entities, assignment = resolved_entities(doc_entities)
    with_entity_ids(mentions, claims, assignment)
    events = resolved_events(mentions)
    missing = [c for c in claims if c.claim_id not in vectors]
    fresh: dict[str, Vectors] = {}
    if missing:
        fresh = dict(zip([c.claim_id or "" for c in missing], embed([embedding_text(c) for c in missing]), strict=True))
    clusters = resolved_claims(
        claims, vectors={**vectors, **fresh}, origins=origins, embed=embed, events=reported_events(claims, events)
    )
    return ResolvedCollection(entities, assignment, events, clusters, fresh)
