"""What every cross-document step shares: entity ids applied to the records that name entities."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dossier.records import Claim, EventMention
from dossier.resolve.claims import Vectors

Assignment = dict[tuple[str, str], str]  # (doc_id, document entity key) → cross-document entity id
Embed = Callable[[Sequence[str]], Vectors]


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
