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


def resolved_entities(doc_entities: Iterable[DocEntity]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Cross-document entities, and the map (doc_id, document entity key) → entity id.

    Same type and canonical name merge; a person a document only names by one word ("Putin") joins the
    one person in the collection whose full name ends (or starts) with it, when there is exactly one.
    """
    groups: dict[str, list[DocEntity]] = defaultdict(list)
    singles: list[DocEntity] = []
    for de in doc_entities:
        if de.type == "PERSON" and len(key(de.name).split()) == 1:
            singles.append(de)
        else:
            groups[entity_id(de.type, de.name)].append(de)
    people = {eid: key(des[0].name).split() for eid, des in groups.items() if des[0].type == "PERSON"}
    for de in singles:
        token = key(de.name)
        owners = [eid for eid, tokens in people.items() if tokens[-1] == token or tokens[0] == token]
        target = owners[0] if len(owners) == 1 else entity_id(de.type, de.name)
        groups[target].append(de)
    entities: list[Entity] = []
    assignment: dict[tuple[str, str], str] = {}
    for eid, members in groups.items():
        entities.append(_merged(eid, members))
        for de in members:
            assignment[(de.doc_id, de.key)] = eid
    return entities, assignment


def _merged(eid: str, members: list[DocEntity]) -> Entity:
    longest = max(members, key=lambda d: (len(d.name.split()), len(d.mentions)))
    aliases = sorted({a for d in members for a in d.aliases} | {d.name for d in members})
    return Entity(
        entity_id=eid,
        name=longest.name,
        type=longest.type,
        aliases=aliases,
        doc_ids=sorted({d.doc_id for d in members}),
        mentions=sum(len(d.mentions) for d in members),
    )
