"""Reading documents a page at a time: the library list, search hits and facets, counted and cut in SQL.

Lists never read the `text` column (a page of 50 must not load every article); snippets are made only for the
rows a page shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from dossier.records import ArticleMeta
from dossier.store.db import Database, Row, is_postgres
from dossier.store.fts import POSTGRES_SEARCH, SQLITE_SEARCH, matching_rows, search_terms, text_search

META_COLUMNS = (
    "d.id, d.source, d.version, d.format, d.url, d.title, d.authors, d.outlet, d.published, d.language, d.flags, "
    "d.extractor"
)
LATEST_D = "d.version = (SELECT MAX(version) FROM documents AS d2 WHERE d2.source = d.source)"
SNIPPET_TOKENS = 24  # enough context around a hit to judge it without opening the document
HIGHLIGHT = ("\x02", "\x03")  # control characters never found in clean text; each interface styles them
PREFIX_CUT = "substr(d.published, 1, length(?))"  # dates compared at the coarser of the two granularities
ENTITY_FACETS = 15  # the entities most documents in the result name
ENTITY_FACET_DOCS = 1000  # a narrowed list's entity facet counts its first 1000 documents, as a reader would


@dataclass(frozen=True)
class DocFilter:
    """What narrows a document list; every field is optional and they combine with AND."""

    query: str | None = None  # full-text query as the user typed it
    outlet: str | None = None
    language: str | None = None
    entity_id: str | None = None  # documents naming this cross-document entity
    date_from: str | None = None  # prefix comparison: 2022 matches 2022-04-10, 2022-04 covers the month
    date_to: str | None = None
    all_versions: bool = False
    sort: str | None = None  # newest (the default), oldest, title, outlet; with a query, relevance by default


ORDERS = {  # sort name → ORDER BY (undated and untitled last whichever way)
    "newest": "d.published IS NULL, d.published DESC, d.source, d.version",
    "oldest": "d.published IS NULL, d.published, d.source, d.version",
    "title": "d.title IS NULL, lower(d.title), d.published DESC",
    "outlet": "d.outlet IS NULL, lower(d.outlet), d.published IS NULL, d.published DESC",
}


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str  # matched words between HIGHLIGHT marks
    score: float  # BM25: lower is better


@dataclass(frozen=True)
class Listed:
    """One row of a document list: the metadata, and the hit when the list is a search."""

    doc: ArticleMeta
    hit: SearchHit | None = None


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    outlets: list[FacetCount]
    entities: list[FacetCount]
    years: list[FacetCount]


def meta_from_row(r: Row) -> ArticleMeta:
    return ArticleMeta(
        id=r["id"], source=r["source"], version=r["version"], format=r["format"], url=r["url"], title=r["title"],
        authors=json.loads(r["authors"]), outlet=r["outlet"], published=r["published"], language=r["language"],
        flags=json.loads(r["flags"]), extractor=r["extractor"],
    )  # fmt: skip


def _where(db: Database, f: DocFilter, *extra: str) -> tuple[str, list[object]]:
    """The WHERE clause (over `documents AS d`) and its parameters for a filter, with `extra` conditions first
    (they take no parameters, or the caller puts theirs before these)."""
    clauses: list[str] = [*extra] + ([] if f.all_versions else [LATEST_D])
    args: list[object] = []
    if f.query:
        clauses.append(text_search(db).doc_filter)
        args.append(search_terms(db, f.query))
    if f.outlet:
        clauses.append("d.outlet = ?")
        args.append(f.outlet)
    if f.language:
        clauses.append("d.language = ?")
        args.append(f.language)
    if f.entity_id:
        clauses.append("d.id IN (SELECT value FROM json_each((SELECT doc_ids FROM entities WHERE entity_id = ?)))")
        args.append(f.entity_id)
    if f.date_from:
        clauses.append(f"d.published IS NOT NULL AND {PREFIX_CUT} >= substr(?, 1, length(d.published))")
        args += [f.date_from, f.date_from]
    if f.date_to:
        clauses.append(f"d.published IS NOT NULL AND {PREFIX_CUT} <= substr(?, 1, length(d.published))")
        args += [f.date_to, f.date_to]
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), args


def _rows(db: Database, sql: str, args: list[object], f: DocFilter) -> list[Row]:
    return matching_rows(db, sql, args, f.query) if f.query else db.execute(sql, args).fetchall()


def _as_stored(db: Database, f: DocFilter) -> DocFilter:
    """The filter without the per-row latest-version check when no stored document has a newer version (every
    row is then the latest; the check is a lookup per document)."""
    return f if f.all_versions or _superseded(db) else replace(f, all_versions=True)


def document_count(db: Database, f: DocFilter = DocFilter()) -> int:
    """How many documents the filter keeps (COUNT in SQL, nothing loaded)."""
    where, args = _where(db, _as_stored(db, f))
    return int(_rows(db, f"SELECT COUNT(*) FROM documents d {where}", args, f)[0][0])


def document_page(db: Database, f: DocFilter = DocFilter(), *, limit: int = 50, offset: int = 0) -> list[Listed]:
    """One page of documents: newest publication first (undated last), or best match first with a query."""
    f = _as_stored(db, f)
    if f.query:
        return _search_page(db, f, limit=limit, offset=offset)
    where, args = _where(db, f)
    order = ORDERS.get(f.sort or "newest", ORDERS["newest"])
    sql = f"SELECT {META_COLUMNS} FROM documents d {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return [Listed(meta_from_row(r)) for r in _rows(db, sql, [*args, limit, offset], f)]


def _search_page(db: Database, f: DocFilter, *, limit: int, offset: int) -> list[Listed]:
    """Rank in one statement, then make snippets for the page's rows only (a snippet reads the whole text)."""
    fts = text_search(db)
    where, args = _where(db, replace(f, query=None), fts.ranked_match)
    rank_sql = (
        f"SELECT {META_COLUMNS}, {fts.score} AS score FROM {fts.ranked_from} {where} "
        f"ORDER BY {ORDERS.get(f.sort or '', 'score')}, score, d.id LIMIT ? OFFSET ?"
    )
    query = f.query or ""
    ranked = matching_rows(db, rank_sql, [search_terms(db, query), *args, limit, offset], query)
    snippets = _snippets(db, query, [r["id"] for r in ranked])
    return [
        Listed(meta, SearchHit(meta.id, meta.title, meta.outlet, meta.published, snippets.get(meta.id, ""), r["score"]))
        for r, meta in ((r, meta_from_row(r)) for r in ranked)
    ]


def _snippets(db: Database, query: str, doc_ids: list[str]) -> dict[str, str]:
    if not doc_ids:
        return {}
    if is_postgres(db):
        options = (
            f'StartSel="{HIGHLIGHT[0]}", StopSel="{HIGHLIGHT[1]}", MaxWords={SNIPPET_TOKENS}, '
            f'MinWords={SNIPPET_TOKENS // 2}, MaxFragments=1, FragmentDelimiter="…"'
        )
        sql = (
            f"SELECT d.id, ts_headline('english', d.text, tq, ?) AS snippet FROM {POSTGRES_SEARCH.ranked_from} "
            f"WHERE {POSTGRES_SEARCH.ranked_match} AND d.id IN (SELECT value FROM json_each(?))"
        )
        pg_rows = matching_rows(db, sql, [options, search_terms(db, query), json.dumps(doc_ids)], query)
        return {r["id"]: _whole_words_marked(r["snippet"]) for r in pg_rows}
    sql = (
        f"SELECT d.id, snippet(documents_fts, 1, ?, ?, '…', ?) AS snippet FROM {SQLITE_SEARCH.ranked_from} "
        f"WHERE {SQLITE_SEARCH.ranked_match} AND d.id IN (SELECT value FROM json_each(?))"
    )
    rows = matching_rows(db, sql, [*HIGHLIGHT, SNIPPET_TOKENS, search_terms(db, query), json.dumps(doc_ids)], query)
    return {r["id"]: r["snippet"] for r in rows}


def _whole_words_marked(snippet: str) -> str:
    """PostgreSQL marks the lexeme inside a joined word (no-<confidence>); mark the word, as SQLite does."""
    start, end = HIGHLIGHT
    widened = re.sub(rf"((?:\w+[-'’./])*){start}([^{end}]*){end}((?:[-'’./]\w+)*)", rf"{start}\1\2\3{end}", snippet)
    return widened.replace(f"{end}{start}", "")


def search(db: Database, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Full-text search of the latest versions, ranked by BM25 (title weighted over body), with highlighted snippets."""
    return [x.hit for x in _search_page(db, DocFilter(query=query), limit=limit, offset=offset) if x.hit]


def facets(db: Database, f: DocFilter = DocFilter()) -> Facets:
    """Outlets and years over everything the filter keeps, and the most named entities, counted in SQL."""
    stored = _as_stored(db, f)
    _, args = _where(db, stored)
    outlet_where, _ = _where(db, stored, "d.outlet != ''")
    year_where, _ = _where(db, stored, "d.published != ''")
    outlets = _rows(
        db, f"SELECT d.outlet, COUNT(*) FROM documents d {outlet_where} GROUP BY d.outlet "
        "ORDER BY COUNT(*) DESC, d.outlet", args, f,
    )  # fmt: skip
    years = _rows(
        db, f"SELECT substr(d.published, 1, 4) AS y, COUNT(*) FROM documents d {year_where} GROUP BY y "
        "ORDER BY y DESC", args, f,
    )  # fmt: skip
    return Facets(
        outlets=[FacetCount(r[0], r[0], r[1]) for r in outlets],
        entities=[FacetCount(r[0], f"{r[1]} ({r[2]})", r[3]) for r in _entity_facets(db, f)],
        years=[FacetCount(r[0], r[0], r[1]) for r in years],
    )


def _entity_facets(db: Database, f: DocFilter) -> list[Row]:
    """The entities most documents name: over the whole collection from the resolved counts (when every stored
    document is the latest of its source), else over the first ENTITY_FACET_DOCS documents of the list."""
    if f == DocFilter() and not _superseded(db):
        sql = (
            "SELECT e.entity_id, e.name, e.type, json_array_length(e.doc_ids) AS n FROM entities e "
            "ORDER BY n DESC, e.mentions DESC, e.name LIMIT ?"
        )
        return db.execute(sql, (ENTITY_FACETS,)).fetchall()
    f = _as_stored(db, f)
    if f.query:
        fts = text_search(db)
        where, args = _where(db, replace(f, query=None), fts.ranked_match)
        args = [search_terms(db, f.query), *args]
        kept = f"SELECT d.id FROM {fts.ranked_from} {where} ORDER BY {fts.score}"
    else:
        where, args = _where(db, f)
        kept = f"SELECT d.id FROM documents d {where} ORDER BY d.published IS NULL, d.published DESC, d.source"
    sql = (
        "SELECT e.entity_id, e.name, e.type, g.n FROM (SELECT de.entity_id, COUNT(DISTINCT de.doc_id) AS n "
        f"FROM doc_entities de WHERE de.entity_id IS NOT NULL AND de.doc_id IN ({kept} LIMIT ?) "
        "GROUP BY de.entity_id) AS g JOIN entities e ON e.entity_id = g.entity_id "
        "ORDER BY g.n DESC, e.mentions DESC, e.name LIMIT ?"
    )  # grouped before the join: one entity lookup per group, not per mention
    return _rows(db, sql, [*args, ENTITY_FACET_DOCS, ENTITY_FACETS], f)


def _superseded(db: Database) -> bool:
    """Whether any stored document has a newer version (the resolved counts then include old versions)."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM documents WHERE version > 1)").fetchone()[0])


def document_metas(db: Database, doc_ids: Iterable[str]) -> list[ArticleMeta]:
    """The metadata of the given documents (in no particular order; unknown ids are skipped)."""
    sql = f"SELECT {META_COLUMNS} FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))"
    return [meta_from_row(r) for r in db.execute(sql, (json.dumps(list(doc_ids)),))]


Titles = dict[str, tuple[str | None, str | None, str | None]]  # doc id → (title, outlet, published)


def doc_titles(db: Database, doc_ids: Iterable[str]) -> Titles:
    """(title, outlet, published) of the given documents, for labelling evidence without a query per sentence."""
    sql = "SELECT id, title, outlet, published FROM documents WHERE id IN (SELECT value FROM json_each(?))"
    rows = db.execute(sql, (json.dumps(sorted(set(doc_ids))),)).fetchall()
    return {r["id"]: (r["title"], r["outlet"], r["published"]) for r in rows}
