"""Entity pages: one entity's aliases, documents, quotes by and about it, events, neighbours and claims."""

from __future__ import annotations

from dossier.records import Entity, Quote
from dossier.store import annotations as notes
from dossier.store.db import Database
from dossier.store.entities import entity_count, entity_page
from dossier.store.library import Titles, doc_titles, document_metas
from dossier.store.quotes import find_quotes
from dossier.web import claimstore
from dossier.web.claims import cluster_out
from dossier.web.errors import NotFound, checked_entity_type
from dossier.web.links import doc_href, doc_summary, entity_href, entity_ref, with_query
from dossier.web.schemas import CoOccurring, EntityDetail, EventOut, Page, QuoteOut
from dossier.web.timeline import events_page

QUOTES_SHOWN = 50
EVENTS_SHOWN = 200
CLAIMS_SHOWN = 20
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")


def found_entity(db: Database, name: str) -> Entity:
    found = notes.find_entity(db, name)
    if found is None:
        raise NotFound(f"no entity named {name!r}")
    return found


def quote_out(q: Quote, titles: Titles) -> QuoteOut:
    title, outlet, published = titles.get(q.doc_id, (None, None, None))
    return QuoteOut(
        doc_id=q.doc_id, title=title, outlet=outlet, published=published, start=q.start, end=q.end, text=q.text,
        kind=q.kind, cue=q.cue, speaker=q.speaker, via=q.via, hedges=q.hedges, sourcing=q.sourcing,
        href=doc_href(q.doc_id, f"q-{q.start}"),
    )  # fmt: skip


def entity_detail(db: Database, name: str) -> EntityDetail:
    """Everything the entity page shows, for an entity id, canonical name or alias."""
    entity = found_entity(db, name)
    docs = document_metas(db, entity.doc_ids)
    docs.sort(key=lambda d: (d.published or "", d.id), reverse=True)  # newest first, undated last
    events: list[EventOut] = events_page(db, entity=entity.entity_id, limit=EVENTS_SHOWN).items
    clusters = claimstore.claim_clusters(db, about_id=entity.entity_id, min_docs=1, limit=CLAIMS_SHOWN) or []
    quotes_by = find_quotes(db, speaker_id=entity.entity_id, limit=QUOTES_SHOWN)
    quotes_about = find_quotes(db, about_id=entity.entity_id, limit=QUOTES_SHOWN)
    shown = [q.doc_id for q in quotes_by + quotes_about] + [c.doc_id for k in clusters for c in k.members]
    titles = doc_titles(db, shown)
    return EntityDetail(
        entity=entity,
        href=entity_href(entity.entity_id),
        documents=[doc_summary(d) for d in docs],
        quotes_by=[quote_out(q, titles) for q in quotes_by],
        quotes_about=[quote_out(q, titles) for q in quotes_about],
        events=events,
        co_occurring=[
            CoOccurring(entity=entity_ref(other), shared_documents=shared)
            for other, shared in notes.co_occurring(db, entity.entity_id)
        ],
        claims=[cluster_out(k, titles) for k in clusters],
    )


def entity_list(
    db: Database, *, kind: str | None = None, query: str | None = None, limit: int = 50, offset: int = 0
) -> Page[Entity]:
    """Entities ranked by documents and mentions, optionally of one type or matching a name or alias."""
    kind = checked_entity_type(kind)
    total = entity_count(db, kind=kind, query=query)
    more = offset + limit < total
    params = {"type": kind, "q": query, "limit": limit, "offset": offset + limit}
    return Page[Entity](
        items=entity_page(db, kind=kind, query=query, limit=limit, offset=offset), total=total, limit=limit,
        offset=offset, next=with_query("/api/v1/entities", params) if more else None,
    )  # fmt: skip
