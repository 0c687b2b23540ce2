"""The library: documents with outlet, date, authors and language; full-text search; facets to narrow them."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from dossier.records import Article
from dossier.store import queries
from dossier.store.annotations import find_entity
from dossier.web.errors import NotFound, checked_date
from dossier.web.highlight import snippet_with_offsets
from dossier.web.links import doc_href, doc_summary, with_query
from dossier.web.schemas import Facet, LibraryFacets, LibraryItem, LibraryOut, Page, SearchHitOut

SEARCH_CAP = 1000  # hits considered for facets; beyond this the query is too broad to browse anyway
ENTITY_FACETS = 15  # the entities most documents in the result name


def _in_range(published: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Prefix comparison, so 2022 matches 2022-04-10 and 2022-04 covers the whole month."""
    if not date_from and not date_to:
        return True
    if not published:
        return False
    if date_from and published[: len(date_from)] < date_from[: len(published)]:
        return False
    return not (date_to and published[: len(date_to)] > date_to[: len(published)])


def library(
    db: sqlite3.Connection,
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
) -> LibraryOut:
    """Latest documents (or search hits, best first) narrowed by the filters, one page of them, and facets."""
    date_from, date_to = checked_date("from", date_from), checked_date("to", date_to)
    docs = {d.id: d for d in queries.documents(db)}
    hits: dict[str, queries.SearchHit] = {}
    if query:
        hits = {h.doc_id: h for h in queries.search(db, query, limit=SEARCH_CAP)}
        ordered = [docs[i] for i in hits if i in docs]
    else:
        ordered = list(docs.values())
    entity_docs: set[str] | None = None
    if entity:
        found = find_entity(db, entity)
        if found is None:
            raise NotFound(f"no entity named {entity!r}")
        entity_docs = set(found.doc_ids)
    kept = [
        d
        for d in ordered
        if (not outlet or d.outlet == outlet)
        and (not language or d.language == language)
        and (entity_docs is None or d.id in entity_docs)
        and _in_range(d.published, date_from, date_to)
    ]
    filters = {"q": query, "outlet": outlet, "entity": entity, "language": language, "from": date_from, "to": date_to}
    items = [_item(d, hits.get(d.id)) for d in kept[offset : offset + limit]]
    more = offset + limit < len(kept)
    page = Page[LibraryItem](
        items=items, total=len(kept), limit=limit, offset=offset,
        next=with_query(base, {**filters, "limit": limit, "offset": offset + limit}) if more else None,
    )  # fmt: skip
    return LibraryOut(
        query=query or None,
        filters={k: v for k, v in filters.items() if v},
        documents=page,
        facets=_facets(db, kept),
    )


def _item(doc: Article, hit: queries.SearchHit | None) -> LibraryItem:
    summary = doc_summary(doc).model_dump()
    if hit is None:
        return LibraryItem(**summary)
    snippet, highlights = snippet_with_offsets(hit.snippet, queries.HIGHLIGHT)
    return LibraryItem(**summary, snippet=snippet, highlights=highlights, score=hit.score)


def _facets(db: sqlite3.Connection, docs: list[Article]) -> LibraryFacets:
    outlets = Counter(d.outlet for d in docs if d.outlet)
    years = Counter(d.published[:4] for d in docs if d.published)
    rows = db.execute(
        "SELECT e.entity_id, e.name, e.type, COUNT(DISTINCT de.doc_id) AS n FROM doc_entities de "
        "JOIN entities e ON e.entity_id = de.entity_id "
        "WHERE de.doc_id IN (SELECT value FROM json_each(?)) GROUP BY e.entity_id "
        "ORDER BY n DESC, e.mentions DESC, e.name LIMIT ?",
        (json.dumps([d.id for d in docs]), ENTITY_FACETS),
    ).fetchall()
    return LibraryFacets(
        outlets=[Facet(value=o, label=o, count=n) for o, n in sorted(outlets.items(), key=lambda x: (-x[1], x[0]))],
        entities=[Facet(value=r["entity_id"], label=f"{r['name']} ({r['type']})", count=r["n"]) for r in rows],
        years=[Facet(value=y, label=y, count=n) for y, n in sorted(years.items(), reverse=True)],
    )


def search_hits(db: sqlite3.Connection, query: str, *, limit: int, offset: int) -> Page[SearchHitOut]:
    """Full-text search hits as API records (plain snippet plus highlight offsets)."""
    hits = queries.search(db, query, limit=SEARCH_CAP)
    items = []
    for h in hits[offset : offset + limit]:
        snippet, highlights = snippet_with_offsets(h.snippet, queries.HIGHLIGHT)
        items.append(
            SearchHitOut(
                doc_id=h.doc_id, title=h.title, outlet=h.outlet, published=h.published, snippet=snippet,
                highlights=highlights, score=h.score, href=doc_href(h.doc_id),
            )
        )  # fmt: skip
    more = len(hits) > offset + limit
    next_url = with_query("/api/v1/search", {"q": query, "limit": limit, "offset": offset + limit}) if more else None
    return Page[SearchHitOut](items=items, total=len(hits), limit=limit, offset=offset, next=next_url)
