"""Incremental resolution, part of the driver: link one new document to the collection through the indexes
(entity keys and person tokens, event blocking keys, the claim vector index) and rewrite only what it touches.

A full re-run (`dossier resolve --all`) forgets every decision and replays the same steps over every document in
the order they were first resolved, so it gives exactly what the incremental path gave. The decisions are made by
resolve/ (pure functions); the reads and writes are store/ functions; each document is one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from dossier.records import Claim, DocEntity, Entity, EventCluster, EventMention
from dossier.resolve.claimindex import ClaimIndex
from dossier.resolve.claims import EMBEDDING_MODEL, Vectors, embeddings, reclustered
from dossier.resolve.claimtext import embedding_text
from dossier.resolve.collection import Embed, with_entity_ids
from dossier.resolve.entities import assigned_id, grown_entity, merged_entity, own_id, person_tokens, single_token
from dossier.resolve.events import EventSlot, linked_mentions, mention_keys
from dossier.resolve.stance import stance_model
from dossier.store import resolution as rs
from dossier.store.annotations import doc_entities, event_mentions
from dossier.store.claims import write_embeddings
from dossier.store.db import Database


class Linker:
    """Links documents one at a time; holds the claim vector index for the life of the process."""

    def __init__(self, db: Database, *, embed: Embed = embeddings) -> None:
        self.db = db
        self.embed = embed
        self._index: ClaimIndex | None = None
        self._index_version = -1  # the store's data_version the index was loaded at

    @property
    def index(self) -> ClaimIndex:
        if self._index is None:
            self._index_version = rs.data_version(self.db)
            ids, docs, matrix = rs.resolved_claim_vectors(self.db, embedding_model=EMBEDDING_MODEL)
            self._index = ClaimIndex()
            self._index.add(ids, docs, matrix)
        return self._index

    def _drop_stale_index(self) -> None:
        """Another process linked documents since the index was loaded (two ingests of one store): reload it,
        or this one would miss their clusters and write a cluster id they already hold."""
        if self._index is not None and rs.data_version(self.db) != self._index_version:
            self._index = None

    def pending(self) -> list[str]:
        return rs.unresolved_annotated(self.db)

    def rebuild(self, *, on_done: Callable[[str], None] | None = None) -> int:
        """Forget every cross-document decision and replay every annotated document in resolution order."""
        order = rs.resolution_sequence(self.db)
        order += [d for d in rs.unresolved_annotated(self.db) if d not in set(order)]
        rs.begin(self.db)
        try:
            rs.clear_resolution(self.db)
            rs.commit(self.db)
        except BaseException:
            rs.rollback(self.db)
            raise
        self._index = ClaimIndex()
        for doc_id in order:
            self.add(doc_id, replay=True)
            if on_done:
                on_done(doc_id)
        return len(order)

    def add(self, doc_id: str, *, replay: bool = False) -> bool:
        """Link one annotated document: entities, then its events, then its claims, in one transaction.

        Returns False, changing nothing, when the document is linked already (another ingest of the same store
        linked it between its annotation and now), unless `replay` (a full re-run after clearing)."""
        claims, vectors = rs.claims_with_vectors(self.db, "doc_id = ?", (doc_id,), embedding_model=EMBEDDING_MODEL)
        missing = [c for c in claims if c.claim_id not in vectors]
        fresh = dict(zip([c.claim_id or "" for c in missing], self._embedded(missing), strict=True))
        vectors.update(fresh)  # embedded before the write lock is taken, so the transaction stays short
        rs.begin(self.db)
        try:
            if not replay and rs.is_resolved(self.db, doc_id):
                rs.rollback(self.db)
                return False
            self._drop_stale_index()
            write_embeddings(self.db, fresh, embedding_model=EMBEDDING_MODEL)
            assignment = self._entities(doc_id)
            self._events(doc_id, assignment)
            self._claims(doc_id, claims, vectors, assignment)
            rs.write_speaker_ids(self.db, doc_id, assignment)
            rs.record_resolved(self.db, doc_id)
            rs.commit(self.db)
        except BaseException:
            rs.rollback(self.db)
            self._index = None  # reloaded from the store, which the rollback left as it was
            raise
        self.index.add([c.claim_id or "" for c in claims], [doc_id] * len(claims), _stacked(claims, vectors))
        return True

    def _embedded(self, claims: list[Claim]) -> list[Vectors]:
        return list(self.embed([embedding_text(c) for c in claims])) if claims else []

    def _entities(self, doc_id: str) -> dict[str, str]:
        """Assign the document's entities; move one-word persons elsewhere whose full-name owner changed."""
        db = self.db
        des = doc_entities(db, doc_id)
        rs.write_entity_keys(db, [(own_id(d), single_token(d), d.doc_id, d.key) for d in des])
        changed = rs.add_person_tokens(db, {(t, own_id(d)) for d in des for t in person_tokens(d)})
        owners = rs.token_owners(db, {t for d in des if (t := single_token(d))} | changed)
        assignment = {d.key: assigned_id(d, owners.get(single_token(d) or "", set())) for d in des}
        moved = []
        for other, key, token, current, own in rs.singles_named(db, changed):
            target = next(iter(owners[token])) if len(owners[token]) == 1 else own
            if other != doc_id and current != target:
                moved.append((other, key, current, target))
        rs.assign_entities(db, [(eid, doc_id, k) for k, eid in assignment.items()])
        rs.assign_entities(db, [(target, other, key) for other, key, _, target in moved])
        rebuilt = {eid for _, _, current, target in moved for eid in (current, target) if eid}
        self._write_entities(des, assignment, rebuilt)
        if moved:
            self._propagate({other for other, *_ in moved})
        return assignment

    def _write_entities(self, des: list[DocEntity], assignment: dict[str, str], rebuilt: set[str]) -> None:
        added: dict[str, list[DocEntity]] = defaultdict(list)
        for d in des:
            added[assignment[d.key]].append(d)
        stored = rs.stored_entities(self.db, set(added) - rebuilt)
        rows: list[tuple[Entity, int]] = []
        for eid, members in added.items():
            if eid in stored and eid not in rebuilt:
                entity, (_, rank, _) = grown_entity(stored[eid][0], _rank(stored[eid]), members)
            else:
                rebuilt.add(eid)
                continue
            rows.append((entity, rank))
        removed = set()
        for eid in sorted(rebuilt):
            members = rs.entity_members(self.db, eid)
            if members:
                entity, (_, rank, _) = merged_entity(eid, members)
                rows.append((entity, rank))
            else:
                removed.add(eid)
        rs.write_entities(self.db, rows, removed)

    def _propagate(self, docs: set[str]) -> None:
        """New entity ids reach the event participants, speakers and claims of documents whose persons moved."""
        touched: set[str] = set()
        for doc in sorted(docs):
            assignment = {d.key: d.entity_id or "" for d in doc_entities(self.db, doc)}
            mentions = event_mentions(self.db, doc)
            claims, _ = rs.claims_with_vectors(self.db, "doc_id = ?", (doc,), embedding_model=EMBEDDING_MODEL)
            with_entity_ids(mentions, claims, {(doc, k): v for k, v in assignment.items()})
            rs.write_event_mentions(self.db, mentions)
            rs.write_claim_entity_ids(self.db, claims)
            rs.write_speaker_ids(self.db, doc, assignment)
            touched |= {m.event_id for m in mentions if m.event_id}
        self._rewrite_events({e: None for e in touched})

    def _events(self, doc_id: str, assignment: dict[str, str]) -> None:
        db = self.db
        mentions = event_mentions(db, doc_id)
        with_entity_ids(mentions, [], {(doc_id, k): v for k, v in assignment.items()})

        def lookup(m: EventMention) -> list[EventSlot]:
            # across documents an undated report needs two shared participants (resolve.events.fits): ask for two
            shared = 2 if m.date is None else 1
            found = rs.event_slots(db, m.type, m.date, mention_keys(m), min_shared=shared)
            keys = rs.event_key_sets(db, {r[0] for r in found})
            return [EventSlot(eid, kind, date, seq, keys=keys[eid]) for eid, kind, date, seq in found]

        touched = linked_mentions(mentions, lookup, rs.next_event_seq(db))
        rs.write_event_mentions(db, mentions)
        rs.add_event_keys(
            db, [(m.type, role, eid, m.event_id or "") for m in mentions for role, eid in mention_keys(m)]
        )
        self._rewrite_events({s.event_id: s for s in touched})

    def _rewrite_events(self, slots: dict[str, EventSlot | None]) -> None:
        """Event rows recomputed from all their mentions (only the events this document touched)."""
        by_event: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
        for m in rs.mentions_of_events(self.db, set(slots)):
            by_event[m.event_id or ""].append(m)
        current = {r[0]: r for r in rs.event_rows(self.db, set(slots))}
        rows = []
        for eid, mentions in by_event.items():
            slot = slots[eid]
            kind, date, seq = (slot.type, slot.date, slot.seq) if slot else current[eid][1:4]
            rows.append((EventCluster(eid, kind, date, mentions), seq))
        rs.write_events(self.db, rows)

    def _claims(
        self, doc_id: str, claims: list[Claim], vectors: dict[str, Vectors], assignment: dict[str, str]
    ) -> None:
        """Recluster only the clusters this document's claims can join (or that its earlier version leaves)."""
        db = self.db
        with_entity_ids([], claims, {(doc_id, k): v for k, v in assignment.items()})
        superseded = rs.earlier_versions(db, doc_id)
        dropped = self.index.drop_documents(superseded)
        near = self.index.near(_stacked(claims, vectors), exclude_doc=doc_id)
        reported = {e for at, e in rs.multi_document_events(db, {doc_id})[doc_id] if any(_holds(c, at) for c in claims)}
        near |= {c for c in rs.claims_reporting(db, reported, exclude_doc=doc_id) if self.index.is_live(c)}
        touched = rs.cluster_of(db, near | set(dropped))
        members, known = rs.claims_in_clusters(db, touched, embedding_model=EMBEDDING_MODEL)
        subset = [m for m in members if m.doc_id not in superseded] + claims
        docs = {c.doc_id for c in subset}
        triggers = rs.multi_document_events(db, docs)
        events = {c.claim_id or "": {e for at, e in triggers[c.doc_id] if _holds(c, at)} for c in subset}
        clusters, found = reclustered(
            subset, vectors={**known, **vectors}, origins=rs.origins_of(db, docs), embed=self.embed, events=events,
            syndicated=rs.syndicated_among(db, docs), stance=stance_model(),
        )  # fmt: skip
        rs.add_syndicated(db, found)
        rs.replace_clusters(db, touched, clusters, unclustered=dropped)


def _holds(claim: Claim, offset: int) -> bool:
    return claim.start <= offset < claim.end


def _rank(stored: tuple[Entity, int]) -> tuple[int, int, str]:
    entity, name_mentions = stored
    return (len(entity.name.split()), name_mentions, entity.name)


def _stacked(claims: list[Claim], vectors: dict[str, Vectors]) -> Vectors:
    if not claims:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([vectors[c.claim_id or ""] for c in claims]).astype(np.float32)
