"""Page addresses and the small conversions every view shares (records → summaries, PLOVER polarity)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from dossier.records import ArticleMeta, Entity, Participant
from dossier.web.schemas import DocumentSummary, EntityRef, ParticipantOut, Polarity

# PLOVER's quad classes: verbal and material cooperation vs verbal and material conflict
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset(
    {"INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "CRIME", "SANCTION", "MOBILIZE",
     "COERCE", "ASSAULT"}
)  # fmt: skip
PLOVER_TYPES = sorted(COOPERATIVE | CONFLICTUAL)


def polarity(event_type: str) -> Polarity:
    return "cooperative" if event_type in COOPERATIVE else "conflictual"


def doc_href(doc_id: str, anchor: str | None = None) -> str:
    return f"/documents/{quote(doc_id, safe='')}" + (f"#{quote(anchor, safe='')}" if anchor else "")


def entity_href(entity_id: str) -> str:
    return f"/entities/{quote(entity_id, safe='')}"


def with_query(path: str, params: dict[str, str | int | None]) -> str:
    """path?query with the empty parameters left out."""
    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def doc_summary(doc: ArticleMeta) -> DocumentSummary:
    return DocumentSummary(
        id=doc.id, title=doc.title, outlet=doc.outlet, published=doc.published, authors=doc.authors,
        language=doc.language, flags=doc.flags, source=doc.source, url=doc.url, version=doc.version,
        href=doc_href(doc.id),
    )  # fmt: skip


def entity_ref(entity: Entity) -> EntityRef:
    return EntityRef(entity_id=entity.entity_id, name=entity.name, type=entity.type, href=entity_href(entity.entity_id))


def participants(found: list[Participant]) -> list[ParticipantOut]:
    """An event's participants as typed records with links to their entity pages."""
    return [
        ParticipantOut(
            role=p.role, entity_id=p.entity_id, name=p.name, href=entity_href(p.entity_id) if p.entity_id else None
        )
        for p in found
    ]
