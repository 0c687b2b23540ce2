"""HTML pages, each with a .json twin returning the same data: library, reader, timeline, graph, entities,
entity, claims board, and the API reference. Pages render server-side; the timeline and the graph draw
themselves from their .json twin (scripts are files, never inline, so the CSP can forbid inline code)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from dossier.filters import DOC_SORTS
from dossier.records import Entity
from dossier.store import queries
from dossier.store.graph import dated_years
from dossier.web import highlight, reader
from dossier.web.app import DB, HERE
from dossier.web.checks import claim_checks_for, semantic_hits
from dossier.web.claims import claims_board
from dossier.web.entities import ENTITY_TYPES, entity_detail, entity_list
from dossier.web.errors import checked_date
from dossier.web.graph import actor_graph
from dossier.web.guards import MAX_COUNT, MAX_OFFSET
from dossier.web.libexport import view_export
from dossier.web.library import library
from dossier.web.links import PLOVER_TYPES, with_query
from dossier.web.places import MapOut, places_map
from dossier.web.schemas import ClaimsOut, EntityDetail, GraphOut, LibraryOut, Page, ReaderOut, TimelineOut
from dossier.web.timeline import resolved_entity, timeline_data

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Part = Annotated[int, Query(ge=1, le=MAX_OFFSET, description="part of a long document's text")]
DateFrom = Annotated[str | None, Query(alias="from")]
DateTo = Annotated[str | None, Query(alias="to")]
Types = Annotated[list[str] | None, Query(alias="type")]


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("json_href", _json_twin(request))
    response = request.app.state.templates.TemplateResponse(request, name, context)
    assert isinstance(response, HTMLResponse)
    return response


def _json_twin(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}.json{query}"


def _blank(value: str | None) -> str | None:
    """Empty form fields mean "no filter"."""
    return value.strip() or None if value else None


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/library", status_code=307)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


def _library(
    db: DB, *, base: str, q: str | None, outlet: str | None, entity: str | None, language: str | None,
    date_from: str | None, date_to: str | None, offset: int, sort: str | None = None, limit: int = PAGE_SIZE,
) -> LibraryOut:  # fmt: skip
    return library(
        db, query=_blank(q), outlet=_blank(outlet), entity=_blank(entity), language=_blank(language),
        date_from=_blank(date_from), date_to=_blank(date_to), limit=limit, offset=offset, base=base,
        sort=_blank(sort),
    )  # fmt: skip


@router.get("/library.json", response_model=LibraryOut)
def library_json(
    db: DB, request: Request, q: str | None = None, outlet: str | None = None, entity: str | None = None,
    language: str | None = None, date_from: DateFrom = None, date_to: DateTo = None, offset: Offset = 0,
    sort: str | None = None,
) -> LibraryOut:  # fmt: skip
    return _library(
        db, base="/library.json", q=q, outlet=outlet, entity=entity, language=language, date_from=date_from,
        date_to=date_to, offset=offset, sort=sort,
    )  # fmt: skip


@router.get("/library/export.{fmt}")
def library_export(
    db: DB, fmt: str, q: str | None = None, outlet: str | None = None, entity: str | None = None,
    language: str | None = None, date_from: DateFrom = None, date_to: DateTo = None, sort: str | None = None,
) -> Response:  # fmt: skip
    """Every document of the current library view (all pages), as CSV or JSON lines."""
    data = _library(
        db, base="/library", q=q, outlet=outlet, entity=entity, language=language, date_from=date_from,
        date_to=date_to, offset=0, sort=sort, limit=-1,
    )  # fmt: skip
    return view_export(data, fmt)


@router.get("/library", response_class=HTMLResponse)
def library_page(
    db: DB, request: Request, q: str | None = None, outlet: str | None = None, entity: str | None = None,
    language: str | None = None, date_from: DateFrom = None, date_to: DateTo = None, offset: Offset = 0,
    mode: str | None = None, sort: str | None = None,
) -> HTMLResponse:  # fmt: skip
    semantic = mode == "semantic" and _blank(q) is not None
    data = _library(
        db, base="/library", q=None if semantic else q, outlet=outlet, entity=entity, language=language,
        date_from=date_from, date_to=date_to, offset=offset, sort=sort,
    )  # fmt: skip
    if semantic:  # by meaning: the closest sentences, claims and quotes instead of matching documents
        data.query = _blank(q)
        hits = semantic_hits(request.app.state, db, q or "", limit=PAGE_SIZE)
        return render(request, "library.html", data=data, snippets={}, entity_label=None, semantic=hits,
                      link=lambda **changes: with_query("/library", {**data.filters, **changes}),
                      export=lambda fmt: with_query(f"/library/export.{fmt}", {**data.filters}),
                      sorts=DOC_SORTS)  # fmt: skip
    ref = resolved_entity(db, _blank(entity))
    entity_label = ref.name if ref else None
    snippets = {d.id: highlight.marked_snippet(_remarked(d.snippet, d.highlights), queries.HIGHLIGHT)
                for d in data.documents.items if d.snippet}  # fmt: skip
    return render(request, "library.html", data=data, snippets=snippets, entity_label=entity_label,
                  link=lambda **changes: with_query("/library", {**data.filters, **changes}),
                  export=lambda fmt: with_query(f"/library/export.{fmt}", {**data.filters}),
                  sorts=DOC_SORTS)  # fmt: skip


def _remarked(snippet: str | None, spans: list[tuple[int, int]]) -> str:
    """Put the highlight markers back into a plain snippet (the JSON twin carries offsets instead)."""
    text = snippet or ""
    start, end = queries.HIGHLIGHT
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + start + text[s:e] + end + text[e:]
    return text


@router.get("/documents/{doc_id}.json", response_model=ReaderOut)
def reader_json(db: DB, doc_id: str) -> ReaderOut:
    return reader.reader_data(db, doc_id)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def reader_page(db: DB, request: Request, doc_id: str, part: Part = 1) -> HTMLResponse:
    data = reader.reader_data(db, doc_id)
    shown = reader.reader_part(data.document.text, part)  # a long document is read a part at a time
    return render(
        request,
        "reader.html",
        data=data,
        doc=data.document,
        part=shown,
        article=reader.article_html(data, shown),
        quotes=[q for q in data.quotes if shown.holds(q.start)],
        comments=reader.comment_thread(data.document.comments),
        events=[e for e in reader.sorted_events(data.events) if shown.holds(e.trigger[0])],
        event_title=reader.event_title,
        quote_who=reader.who,
        json_href=f"/documents/{data.document.id}.json",
    )


@router.get("/timeline.json", response_model=TimelineOut)
def timeline_json(
    db: DB, entity: str | None = None, types: Types = None, date_from: DateFrom = None, date_to: DateTo = None
) -> TimelineOut:
    return timeline_data(db, entity=_blank(entity), types=types, date_from=_blank(date_from), date_to=_blank(date_to))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    db: DB, request: Request, entity: str | None = None, types: Types = None, date_from: DateFrom = None,
    date_to: DateTo = None,
) -> HTMLResponse:  # fmt: skip
    data = timeline_data(db, entity=_blank(entity), types=types, date_from=_blank(date_from), date_to=_blank(date_to))
    return render(request, "timeline.html", data=data, plover=PLOVER_TYPES, source=_json_twin(request))


@router.get("/map.json", response_model=MapOut)
def map_json(db: DB) -> MapOut:
    return places_map(db)


@router.get("/map", response_class=HTMLResponse)
def map_page(db: DB, request: Request) -> HTMLResponse:
    return render(request, "map.html", data=places_map(db))


def _graph(
    db: DB, entity: str | None, min_weight: int, max_nodes: int, quotes: bool, window: tuple[str | None, str | None]
) -> GraphOut:
    ref = resolved_entity(db, _blank(entity))
    date_from, date_to = (checked_date(k, _blank(v)) for k, v in zip(("from", "to"), window, strict=True))
    return actor_graph(
        db, min_weight=min_weight, max_nodes=max_nodes, quotes=quotes, entity=ref.entity_id if ref else None,
        date_from=date_from, date_to=date_to,
    )  # fmt: skip


MinWeight = Annotated[int, Query(ge=1, le=MAX_COUNT)]
WindowFrom = Annotated[str | None, Query(alias="from")]  # the graph's time window: YYYY, YYYY-MM or YYYY-MM-DD
WindowTo = Annotated[str | None, Query(alias="to")]
MaxNodes = Annotated[int, Query(ge=1, le=300)]


@router.get("/graph.json", response_model=GraphOut)
def graph_json(
    db: DB, entity: str | None = None, min_weight: MinWeight = 1, max_nodes: MaxNodes = 40, quotes: bool = True,
    date_from: WindowFrom = None, date_to: WindowTo = None,
) -> GraphOut:  # fmt: skip
    return _graph(db, entity, min_weight, max_nodes, quotes, (date_from, date_to))


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    db: DB, request: Request, entity: str | None = None, min_weight: MinWeight = 1, max_nodes: MaxNodes = 40,
    quotes: bool = True, date_from: WindowFrom = None, date_to: WindowTo = None,
) -> HTMLResponse:  # fmt: skip
    data = _graph(db, entity, min_weight, max_nodes, quotes, (date_from, date_to))
    names = {n.id: n.name for n in data.nodes}
    years = dated_years(db)
    return render(
        request, "graph.html", data=data, names=names, entity=_blank(entity) or "", source=_json_twin(request),
        years=years, window=(_blank(date_from) or "", _blank(date_to) or ""),
    )  # fmt: skip


@router.get("/entities.json", response_model=Page[Entity])
def entities_json(db: DB, kind: Annotated[str | None, Query(alias="type")] = None, q: str | None = None,
                  offset: Offset = 0) -> Page[Entity]:  # fmt: skip
    return entity_list(db, kind=_blank(kind), query=_blank(q), limit=50, offset=offset)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(db: DB, request: Request, kind: Annotated[str | None, Query(alias="type")] = None,
                  q: str | None = None, offset: Offset = 0) -> HTMLResponse:  # fmt: skip
    data = entity_list(db, kind=_blank(kind), query=_blank(q), limit=50, offset=offset)
    filters = {"type": _blank(kind), "q": _blank(q)}
    return render(request, "entities.html", data=data, types=ENTITY_TYPES, filters=filters,
                  link=lambda **changes: with_query("/entities", {**filters, **changes}))  # fmt: skip


@router.get("/entities/{entity_id}.json", response_model=EntityDetail)
def entity_json(db: DB, entity_id: str) -> EntityDetail:
    return entity_detail(db, entity_id)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(db: DB, request: Request, entity_id: str) -> HTMLResponse:
    data = entity_detail(db, entity_id)
    return render(request, "entity.html", data=data, json_href=f"{data.href}.json")


def _claims(db: DB, about: str | None, contested: bool, min_docs: int | None, offset: int, base: str,
            member: dict[str, str | None] | None = None) -> ClaimsOut:  # fmt: skip
    found = {k: _blank(v) for k, v in (member or {}).items()}
    return claims_board(db, about=_blank(about), contested=contested, min_docs=min_docs, limit=PAGE_SIZE,
                        offset=offset, base=base, **found)  # fmt: skip


MinDocs = Annotated[int | None, Query(ge=1, le=MAX_COUNT)]


def _checked(request: Request, db: DB, data: ClaimsOut, check: str | None) -> ClaimsOut:
    """The board with the "Check a claim" box answered, when a claim was given."""
    claim = _blank(check)
    if claim:
        data.check = claim_checks_for(request.app.state, db, [claim])[0]
    return data


@router.get("/claims.json", response_model=ClaimsOut)
def claims_json(
    db: DB, request: Request, about: str | None = None, contested: bool = False, min_docs: MinDocs = None,
    offset: Offset = 0, check: str | None = None, q: str | None = None, outlet: str | None = None,
    date_from: DateFrom = None, date_to: DateTo = None,
) -> ClaimsOut:  # fmt: skip
    member = {"text": q, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    return _checked(request, db, _claims(db, about, contested, min_docs, offset, "/claims.json", member), check)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    db: DB, request: Request, about: str | None = None, contested: bool = False, min_docs: MinDocs = None,
    offset: Offset = 0, check: str | None = None, q: str | None = None, outlet: str | None = None,
    date_from: DateFrom = None, date_to: DateTo = None,
) -> HTMLResponse:  # fmt: skip
    member = {"text": q, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    data = _checked(request, db, _claims(db, about, contested, min_docs, offset, "/claims", member), check)
    shown = {k: v or "" for k, v in member.items()}
    return render(request, "claims.html", data=data, about=_blank(about) or "", contested=contested,
                  min_docs=min_docs, check=_blank(check) or "", board_filter=shown)  # fmt: skip


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, **op}
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "apidocs.html", schema=schema, operations=operations, json_href=request.app.openapi_url)
