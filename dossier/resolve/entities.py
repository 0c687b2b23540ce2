"""Across documents: one entity record for every document that names the same person, place or organization."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from dossier.records import DocEntity, Entity
from dossier.resolve.gazetteer import key


def entity_id(kind: str, name: str) -> str:
    """A stable id from type and canonical name, so re-running resolution never renames an entity."""
    return "e" + hashlib.sha256(f"{kind}:{key(name)}".encode()).hexdigest()[:12]


def own_id(de: DocEntity) -> str:
    """The entity a document entity's own type and name make, before any one-word person joins a full name."""
    return entity_id(de.type, de.name)


def single_token(de: DocEntity) -> str | None:
    """The one word a document names a person by ("Putin"), when that is all it gives."""
    tokens = key(de.name).split() if de.type == "PERSON" else []
    return tokens[0] if len(tokens) == 1 else None


def person_tokens(de: DocEntity) -> set[str]:
    """First and last word of a person's full name: what a one-word mention of them can be."""
    tokens = key(de.name).split() if de.type == "PERSON" else []
    return {tokens[0], tokens[-1]} if len(tokens) > 1 else set()


def assigned_id(de: DocEntity, owners: set[str]) -> str:
    """A one-word person joins the one full-name person it can be (`owners`), when there is exactly one."""
    if single_token(de) is not None and len(owners) == 1:
        return next(iter(owners))
    return own_id(de)


def resolved_entities(doc_entities: Iterable[DocEntity]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Cross-document entities, and the map (doc_id, document entity key) → entity id.

    Same type and canonical name merge; a person a document only names by one word ("Putin") joins the
    one person in the collection whose full name ends (or starts) with it, when there is exactly one.
    The result does not depend on the order of the documents, so adding them one at a time gives the same.
    """
    members = list(doc_entities)
    owners: dict[str, set[str]] = defaultdict(set)
    for de in members:
        for token in person_tokens(de):
            owners[token].add(own_id(de))
    groups: dict[str, list[DocEntity]] = defaultdict(list)
    for de in members:
        groups[assigned_id(de, owners.get(single_token(de) or "", set()))].append(de)
    entities: list[Entity] = []
    assignment: dict[tuple[str, str], str] = {}
    for eid, group in groups.items():
        entities.append(merged_entity(eid, group)[0])
        for de in group:
            assignment[(de.doc_id, de.key)] = eid
    return entities, assignment


NameRank = tuple[int, int, str]  # words in the name, mentions in its document, the name: the fullest wins


def name_rank(de: DocEntity) -> NameRank:
    return (len(de.name.split()), len(de.mentions), de.name)


def merged_entity(eid: str, members: list[DocEntity]) -> tuple[Entity, NameRank]:
    """One entity from its document entities, and the rank of the name it took (to grow it later)."""
    longest = max(members, key=name_rank)
    aliases = sorted({a for d in members for a in d.aliases} | {d.name for d in members})
    entity = Entity(
        entity_id=eid,
        name=longest.name,
        type=longest.type,
        aliases=aliases,
        doc_ids=sorted({d.doc_id for d in members}),
        mentions=sum(len(d.mentions) for d in members),
    )
    return entity, name_rank(longest)


def grown_entity(entity: Entity, rank: NameRank, added: list[DocEntity]) -> tuple[Entity, NameRank]:
    """The same entity with more document entities: what `merged_entity` gives over old and new members."""
    best = max([rank, *(name_rank(d) for d in added)])
    grown = Entity(
        entity_id=entity.entity_id,
        name=best[2],
        type=entity.type,
        aliases=sorted(set(entity.aliases) | {a for d in added for a in d.aliases} | {d.name for d in added}),
        doc_ids=sorted(set(entity.doc_ids) | {d.doc_id for d in added}),
        mentions=entity.mentions + sum(len(d.mentions) for d in added),
    )
    return grown, best
