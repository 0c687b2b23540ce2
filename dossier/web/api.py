"""REST API, /api/v1: documents, search, entities, events and the timeline, the graph, quotes, claims, export.

Lists are paginated with `limit` and `offset` and carry `total` and a `next` URL; errors are JSON
(`{"error": {"status": 400, "message": "…"}}`) with the matching status code.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from dossier.deletion import DeleteReport, deleted_documents
from dossier.records import Article, ClaimCheck, Entity, Relation
from dossier.store import queries
from dossier.store.db import connect
from dossier.store.library import doc_titles
from dossier.store.quotes import find_quotes, quote_count
from dossier.web import ingest
from dossier.web.app import DB
from dossier.web.checks import claim_checks_for, semantic_hits
from dossier.web.claims import claims_board
from dossier.web.entities import entity_detail, entity_list, found_entity, quote_out
from dossier.web.errors import NotFound, checked_date
from dossier.web.graph import actor_graph
from dossier.web.guards import MAX_COUNT, MAX_OFFSET
from dossier.web.library import library, search_hits
from dossier.web.links import with_query
from dossier.web.reader import reader_data
from dossier.web.schemas import (
    CheckIn,
    ClaimsOut,
    DeletedOut,
    EntityDetail,
    ErrorOut,
    EventDetail,
    EventOut,
    GraphOut,
    IngestOut,
    LibraryItem,
    Page,
    QuoteOut,
    ReaderOut,
    SearchHitOut,
    SemanticHitOut,
    TimelineOut,
)
from dossier.web.timeline import event_detail, events_page, timeline_data

ERRORS = {code: {"model": ErrorOut} for code in (400, 404, 422, 503)}
router = APIRouter(prefix="/api/v1", responses=ERRORS)  # type: ignore[arg-type]

Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
DateFrom = Annotated[str | None, Query(alias="from", description="earliest date: YYYY, YYYY-MM or YYYY-MM-DD")]
DateTo = Annotated[str | None, Query(alias="to", description="latest date: YYYY, YYYY-MM or YYYY-MM-DD")]
EntityParam = Annotated[str | None, Query(description="entity id, name or alias")]
SearchMode = Literal["fulltext", "semantic"]
Types = Annotated[list[str] | None, Query(alias="type", description="PLOVER event types (repeat or comma-separate)")]


@router.get("/documents", response_model=Page[LibraryItem], tags=["documents"], summary="List documents")
def documents(
    db: DB,
    outlet: str | None = None,
    entity: EntityParam = None,
    language: str | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    q: Annotated[str | None, Query(description="full-text query (FTS5 syntax)")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[LibraryItem]:
    """Latest version of each document, newest first (or best match first with `q`), filtered."""
    found = library(
        db, query=q, outlet=outlet, entity=entity, language=language, date_from=date_from, date_to=date_to,
        limit=limit, offset=offset, base="/api/v1/documents",
    )  # fmt: skip
    return found.documents


@router.post(
    "/documents",
    response_model=IngestOut,
    status_code=201,
    tags=["documents"],
    summary="Ingest a document (upload or URL)",
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}},
    openapi_extra=ingest.OPENAPI_BODY,
)
async def ingest_document(request: Request, response: Response) -> IngestOut:
    """Only when the server was started with `--allow-ingest`; needs `Authorization: Bearer <token>`.

    Send a file as multipart/form-data (field `file`) or `{"url": "https://…"}` as JSON. New documents are
    annotated in the background unless `annotate=false`. 201 when something new was stored, 200 when every
    article was already there, 422 when nothing could be ingested.
    """
    found = await ingest.ingest_request(request)
    if all(s.outcome == "unchanged" for s in found.stored):
        response.status_code = 200
    return found


@router.get("/documents/{doc_id}", response_model=Article, tags=["documents"], summary="One document")
def document(db: DB, doc_id: str) -> Article:
    """Metadata, clean text and reader comments (id or unique id prefix of at least 4 characters)."""
    found = queries.document(db, doc_id)
    if found is None:
        raise NotFound(f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    return found


@router.delete(
    "/documents/{doc_id}",
    response_model=DeletedOut,
    tags=["documents"],
    summary="Delete a document",
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
)
async def delete_document(request: Request, doc_id: str) -> DeletedOut:
    """Only with `--allow-ingest` and `Authorization: Bearer <token>`: the document, everything derived from it,
    and its place in cross-document entities, events and claim clusters (re-resolved) are removed."""
    ingest.check_token(request)
    db_path = request.app.state.db_path
    # one writer resolving at a time: the background annotation holds the same lock
    report = await run_in_threadpool(_deleted, db_path, doc_id, request.app.state.annotate_lock)
    if not report.deleted:
        raise NotFound(f"no document with id {doc_id!r} (or the prefix is ambiguous)")
    return DeletedOut(deleted=report.deleted)


def _deleted(db_path: str, doc_id: str, lock: threading.Lock) -> DeleteReport:
    db = connect(db_path)
    try:
        with lock:
            return deleted_documents(db, [doc_id])
    finally:
        db.close()


@router.get("/documents/{doc_id}/annotations", response_model=ReaderOut, tags=["documents"], summary="Annotations")
def document_annotations(db: DB, doc_id: str) -> ReaderOut:
    """The document with its entities, time expressions, events, quotes and claims (offsets index `text`)."""
    return reader_data(db, doc_id)


@router.get(
    "/search",
    response_model=Page[SearchHitOut] | Page[SemanticHitOut],
    tags=["documents"],
    summary="Full-text or semantic search",
)
def search(
    request: Request,
    db: DB,
    q: Annotated[str, Query(min_length=1, description='FTS5 query: words, "phrases", AND/OR/NOT, prefix*')],
    limit: Limit = 20,
    offset: Offset = 0,
    mode: Annotated[SearchMode, Query(description="fulltext (FTS5, BM25) or semantic (meaning, MiniLM)")] = "fulltext",
) -> Page[SearchHitOut] | Page[SemanticHitOut]:
    """BM25-ranked hits with a snippet; `highlights` are [start, end) offsets of matched words in the snippet.
    A query FTS5 cannot parse is a 400 naming the problem. With `mode=semantic`: the sentences, claims and quotes
    closest in meaning to `q` (plain words), best first, each with its span and cosine `score`."""
    if mode == "semantic":
        found = semantic_hits(request.app.state, db, q, limit=offset + limit)
        return Page[SemanticHitOut](items=found[offset:], total=len(found), limit=limit, offset=offset, next=None)
    return search_hits(db, q, limit=limit, offset=offset)


@router.post("/check", response_model=list[ClaimCheck], tags=["claims"], summary="Check claims")
def check(request: Request, db: DB, body: CheckIn) -> list[ClaimCheck]:
    """For each claim (in order): the documents that agree with it, dispute it or discuss it, most related first,
    each with the model's probability, outlet, date and evidence sentences (offsets into the document's text) with
    who holds them. A stored document absent from `matches` is unrelated to the claim."""
    claims = ([body.claim] if body.claim is not None else []) + list(body.claims)
    return claim_checks_for(request.app.state, db, claims)


@router.get("/entities", response_model=Page[Entity], tags=["entities"], summary="List entities")
def entities(
    db: DB,
    kind: Annotated[str | None, Query(alias="type", description="PERSON, ORG, GPE, NORP, LOC, FAC, EVENT")] = None,
    q: Annotated[str | None, Query(description="part of a name or alias")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Entity]:
    """Entities across the collection, ranked by the documents that name them."""
    return entity_list(db, kind=kind, query=q, limit=limit, offset=offset)


@router.get("/entities/{entity_id}", response_model=EntityDetail, tags=["entities"], summary="One entity")
def entity(db: DB, entity_id: str) -> EntityDetail:
    """Aliases, documents, quotes by and about it, events, co-occurring entities and claims (id, name or alias)."""
    return entity_detail(db, entity_id)


@router.get("/events", response_model=Page[EventOut], tags=["events"], summary="List events")
def events(
    db: DB,
    entity: EntityParam = None,
    types: Types = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    dated: Annotated[bool, Query(description="only events with a calendar date")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EventOut]:
    """Cross-document events: dated ones in date order, then undated ones."""
    return events_page(
        db, entity=entity, types=types, date_from=date_from, date_to=date_to, dated=dated, limit=limit, offset=offset
    )


@router.get("/events/{event_id}", response_model=EventDetail, tags=["events"], summary="One event")
def event(db: DB, event_id: str) -> EventDetail:
    """An event with every mention: document, sentence, mode and a link into the reader."""
    return event_detail(db, event_id)


@router.get("/timeline", response_model=TimelineOut, tags=["events"], summary="Timeline")
def timeline(
    db: DB, entity: EntityParam = None, types: Types = None, date_from: DateFrom = None, date_to: DateTo = None
) -> TimelineOut:
    """Dated events in order, each as a [start, end) band at the granularity the text gave, with its mentions."""
    return timeline_data(db, entity=entity, types=types, date_from=date_from, date_to=date_to)


@router.get("/graph", response_model=GraphOut, tags=["events"], summary="Actor graph")
def graph(
    db: DB,
    entity: EntityParam = None,
    min_weight: Annotated[int, Query(ge=1, le=MAX_COUNT, description="least evidence for an edge")] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=300, description="most connected actors kept")] = 80,
    quotes: Annotated[bool, Query(description="include speaker → named entity edges from quotes")] = True,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> GraphOut:
    """Actors as nodes; cooperative, conflictual (by PLOVER type) and quote edges weighted by evidence count; with
    from/to, only evidence inside that time window (events by their date, quotes by publication)."""
    entity_id = found_entity(db, entity).entity_id if entity else None
    date_from, date_to = checked_date("from", date_from), checked_date("to", date_to)
    return actor_graph(
        db, min_weight=min_weight, max_nodes=max_nodes, quotes=quotes, entity=entity_id,
        date_from=date_from, date_to=date_to,
    )  # fmt: skip


@router.get("/relations", response_model=list[Relation], tags=["events"], summary="Relations over time")
def relations(
    db: DB,
    a: EntityParam = None,
    b: EntityParam = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    period: Annotated[Literal["month", "year"], Query(description="the period each relation covers")] = "month",
) -> list[Relation]:
    """Per pair of entities and period: cooperative vs conflictual evidence (events, quotes) and the balance."""
    from dossier.relations import stored_relations

    pair = (found_entity(db, a).entity_id, found_entity(db, b).entity_id) if a and b else None
    return stored_relations(db, pair=pair, date_from=date_from, date_to=date_to, granularity=period)


@router.get("/quotes", response_model=Page[QuoteOut], tags=["quotes"], summary="Quotes")
def quotes(
    db: DB,
    speaker: Annotated[str | None, Query(description="said by (or relayed through) this entity")] = None,
    about: Annotated[str | None, Query(description="naming this entity inside what is said")] = None,
    q: Annotated[str | None, Query(description="full-text query over quoted words and speakers")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[QuoteOut]:
    """Quotes with speaker, cue, attribution chain (`via`), hedges and a link into the reader."""
    speaker_id = found_entity(db, speaker).entity_id if speaker else None
    about_id = found_entity(db, about).entity_id if about else None
    total = quote_count(db, speaker_id=speaker_id, about_id=about_id, query=q)
    found = find_quotes(db, speaker_id=speaker_id, about_id=about_id, query=q, limit=limit, offset=offset)
    titles = doc_titles(db, (x.doc_id for x in found))
    more = offset + limit < total
    params = {"speaker": speaker, "about": about, "q": q, "limit": limit, "offset": offset + limit}
    return Page[QuoteOut](
        items=[quote_out(x, titles) for x in found], total=total, limit=limit,
        offset=offset, next=with_query("/api/v1/quotes", params) if more else None,
    )  # fmt: skip


@router.get("/claims", response_model=ClaimsOut, tags=["claims"], summary="Claim clusters")
def claims(
    db: DB,
    about: EntityParam = None,
    contested: Annotated[bool, Query(description="only clusters whose reports contradict each other")] = False,
    min_docs: Annotated[
        int | None, Query(ge=1, le=MAX_COUNT, description="reported by at least this many documents")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
    q: Annotated[str | None, Query(description="only clusters with a member containing these words")] = None,
    outlet: Annotated[str | None, Query(description="only clusters with a member from this outlet")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> ClaimsOut:
    """Clusters with supporting, contradicting, same-origin and related members, and the members by outlet
    (`outlets`); `available` is false without claims."""
    return claims_board(
        db, about=about, contested=contested, min_docs=min_docs, limit=limit, offset=offset, base="/api/v1/claims",
        text=q, outlet=outlet, date_from=date_from, date_to=date_to,
    )  # fmt: skip


ExportWhat = Literal["documents", "entities", "events", "claims", "relations"]


@router.get(
    "/export",
    tags=["export"],
    summary="Export (JSON lines)",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "one JSON object per line"}},
)
def export(request: Request, what: ExportWhat = "documents") -> StreamingResponse:
    """The export contract (dossier.export/1 and the entity, event and claim records), streamed."""
    db_path = request.app.state.db_path
    connect(db_path, readonly=True).close()  # a missing database is a 503 now, not a broken stream later

    def lines() -> Iterator[str]:
        from dossier.export import contract

        db = connect(db_path, readonly=True)
        try:
            records = {
                "documents": contract.document_records,
                "entities": contract.entity_records,
                "events": contract.event_records,
                "claims": contract.claim_records,
                "relations": contract.relation_records,
            }[what](db)
            for record in records:
                yield json.dumps(record, ensure_ascii=False) + "\n"
        finally:
            db.close()

    headers = {"content-disposition": f'attachment; filename="dossier-{what}.jsonl"'}
    return StreamingResponse(lines(), media_type="application/x-ndjson", headers=headers)
