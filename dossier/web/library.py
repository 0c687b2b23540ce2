"""The library: documents with outlet, date, authors and language; full-text search; facets to narrow them."""

from __future__ import annotations

from dossier import filters
from dossier.store import library as reading
from dossier.store.annotations import find_entity
from dossier.store.db import Database
from dossier.store.library import DocFilter, Listed
from dossier.web.errors import NotFound, checked, checked_date
from dossier.web.highlight import snippet_with_offsets
from dossier.web.links import doc_href, doc_summary, with_query
from dossier.web.schemas import Facet, LibraryFacets, LibraryItem, LibraryOut, Page, SearchHitOut


def library(
    db: Database,
    *,
    query: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    language: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 25,
    offset: int = 0,
    base: str = "/library.json",
    sort: str | None = None,
) -> LibraryOut:
    """Latest documents (or search hits, best first) narrowed by the filters, one page of them, and facets."""
    date_from, date_to = checked_date("from", date_from), checked_date("to", date_to)
    entity_id = None
    if entity:
        found = find_entity(db, entity)
        if found is None:
            raise NotFound(f"no entity named {entity!r}")
        entity_id = found.entity_id
    sort = checked(lambda _, v: filters.doc_sort(v), "sort", sort)
    wanted = DocFilter(
        query=query, outlet=outlet, language=language, entity_id=entity_id, date_from=date_from, date_to=date_to,
        sort=sort,
    )  # fmt: skip
    total = reading.document_count(db, wanted)
    items = [_item(x) for x in reading.document_page(db, wanted, limit=limit, offset=offset)]
    shown = {"q": query, "outlet": outlet, "entity": entity, "language": language, "from": date_from, "to": date_to,
             "sort": sort}  # fmt: skip
    more = offset + limit < total
    page = Page[LibraryItem](
        items=items, total=total, limit=limit, offset=offset,
        next=with_query(base, {**shown, "limit": limit, "offset": offset + limit}) if more else None,
    )  # fmt: skip
    return LibraryOut(
        query=query or None,
        filters={k: v for k, v in shown.items() if v},
        documents=page,
        facets=_facets(reading.facets(db, wanted)),
    )


def _item(listed: Listed) -> LibraryItem:
    summary = doc_summary(listed.doc).model_dump()
    hit = listed.hit
    if hit is None:
        return LibraryItem(**summary)
    snippet, highlights = snippet_with_offsets(hit.snippet, reading.HIGHLIGHT)
    return LibraryItem(**summary, snippet=snippet, highlights=highlights, score=hit.score)


def _facets(found: reading.Facets) -> LibraryFacets:
    def out(counts: list[reading.FacetCount]) -> list[Facet]:
        return [Facet(value=c.value, label=c.label, count=c.count) for c in counts]

    return LibraryFacets(outlets=out(found.outlets), entities=out(found.entities), years=out(found.years))


def search_hits(db: Database, query: str, *, limit: int, offset: int) -> Page[SearchHitOut]:
    """Full-text search hits as API records (plain snippet plus highlight offsets), one page counted in SQL."""
    total = reading.document_count(db, DocFilter(query=query))
    items = []
    for h in reading.search(db, query, limit=limit, offset=offset):
        snippet, highlights = snippet_with_offsets(h.snippet, reading.HIGHLIGHT)
        items.append(
            SearchHitOut(
                doc_id=h.doc_id, title=h.title, outlet=h.outlet, published=h.published, snippet=snippet,
                highlights=highlights, score=h.score, href=doc_href(h.doc_id),
            )
        )  # fmt: skip
    more = total > offset + limit
    next_url = with_query("/api/v1/search", {"q": query, "limit": limit, "offset": offset + limit}) if more else None
    return Page[SearchHitOut](items=items, total=total, limit=limit, offset=offset, next=next_url)
