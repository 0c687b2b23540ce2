"""The one read/write layer over the store, used by the CLI, exports and (later) the web app and API."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from dossier.records import Article, Comment

Outcome = Literal["ingested", "new-version", "unchanged"]
SNIPPET_TOKENS = 24  # enough context around a hit to judge it without opening the document
HIGHLIGHT = ("\x02", "\x03")  # control characters never found in clean text; each interface styles them


class QueryError(ValueError):
    """The user's search query is not valid FTS5 syntax."""


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    doc_id: str
    version: int
    note: str = ""


def _text_sha(article: Article) -> str:
    return hashlib.sha256(f"{article.title}\n{article.text}".encode()).hexdigest()


def store_article(db: sqlite3.Connection, article: Article) -> StoreResult:
    """Write one article and its comments in one transaction; the same content twice is a no-op."""
    db.execute("BEGIN IMMEDIATE")  # checks and writes under one lock, so two ingests cannot race
    try:
        result = _checked_insert(db, article)
        db.execute("COMMIT" if result.outcome != "unchanged" else "ROLLBACK")
    except BaseException:
        _rolled_back(db)
        raise
    return result


def _rolled_back(db: sqlite3.Connection) -> None:
    """Roll back if SQLite has not already done so (it does on SQLITE_FULL), keeping the original error."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _checked_insert(db: sqlite3.Connection, article: Article) -> StoreResult:
    same = db.execute("SELECT id, source, version FROM documents WHERE id = ?", (article.id,)).fetchone()
    if same:
        note = "" if same["source"] == article.source else f"same content as {same['source']}"
        return StoreResult("unchanged", same["id"], same["version"], note)
    latest = db.execute(
        "SELECT id, version, text_sha256 FROM documents WHERE source = ? ORDER BY version DESC LIMIT 1",
        (article.source,),
    ).fetchone()
    text_sha = _text_sha(article)
    if latest and latest["text_sha256"] == text_sha:
        return StoreResult("unchanged", latest["id"], latest["version"], "page changed, article text did not")
    version = latest["version"] + 1 if latest else 1
    db.execute(
        """INSERT INTO documents (id, source, version, format, url, title, authors, outlet, published, language,
                                  flags, text, text_sha256, extractor, ingested_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            article.id,
            article.source,
            version,
            article.format,
            article.url,
            article.title,
            json.dumps(article.authors, ensure_ascii=False),
            article.outlet,
            article.published,
            article.language,
            json.dumps(article.flags),
            article.text,
            text_sha,
            article.extractor,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
    db.executemany(
        "INSERT INTO comments (doc_id, position, author, date, text, parent) VALUES (?, ?, ?, ?, ?, ?)",
        [(article.id, i, c.author, c.date, c.text, c.parent) for i, c in enumerate(article.comments)],
    )
    return StoreResult("new-version" if latest else "ingested", article.id, version)


def delete_document(db: sqlite3.Connection, doc_id: str) -> bool:
    """Delete a document and everything derived from it (comments, index entries)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        deleted = db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
        db.execute("COMMIT")
    except BaseException:
        _rolled_back(db)
        raise
    return deleted > 0


def _article(row: sqlite3.Row, comments: list[Comment]) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        version=row["version"],
        format=row["format"],
        url=row["url"],
        title=row["title"],
        authors=json.loads(row["authors"]),
        outlet=row["outlet"],
        published=row["published"],
        language=row["language"],
        flags=json.loads(row["flags"]),
        text=row["text"],
        comments=comments,
        extractor=row["extractor"],
    )


def _comments(db: sqlite3.Connection, doc_id: str) -> list[Comment]:
    rows = db.execute(
        "SELECT author, date, text, parent FROM comments WHERE doc_id = ? ORDER BY position", (doc_id,)
    ).fetchall()
    return [Comment(author=r["author"], date=r["date"], text=r["text"], parent=r["parent"]) for r in rows]


LATEST = "version = (SELECT MAX(version) FROM documents AS d2 WHERE d2.source = documents.source)"


def documents(db: sqlite3.Connection, *, all_versions: bool = False, limit: int | None = None) -> list[Article]:
    """Stored documents, newest publication first (undated last); only the latest version of each source."""
    where = "" if all_versions else f"WHERE {LATEST}"
    sql = f"SELECT * FROM documents {where} ORDER BY published IS NULL, published DESC, source LIMIT ?"
    rows = db.execute(sql, (limit if limit is not None else -1,)).fetchall()
    return [_article(r, []) for r in rows]


def document(db: sqlite3.Connection, doc_id: str) -> Article | None:
    """One document by id, or by a unique id prefix of at least 4 characters."""
    row = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None and len(doc_id) >= 4:
        rows = db.execute("SELECT * FROM documents WHERE id LIKE ? || '%' LIMIT 2", (doc_id,)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return _article(row, _comments(db, row["id"])) if row else None


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    score: float


QUOTED = re.compile(r'("[^"]*")')
JOINED_WORD = re.compile(r"(?<!\w)\w+(?:[-'’./]\w+)+\.?")  # no-confidence, it's, U.S., 9/11: FTS5 syntax errors bare


def fts_query(query: str) -> str:
    """The user's query with hyphenated and apostrophised words quoted as phrases; FTS5 syntax otherwise kept."""
    parts = QUOTED.split(query)
    return "".join(p if i % 2 else JOINED_WORD.sub(lambda m: f'"{m.group(0)}"', p) for i, p in enumerate(parts))


def search(db: sqlite3.Connection, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Full-text search of the latest versions, ranked by BM25 (title weighted over body), with highlighted snippets."""
    sql = """
        SELECT d.id, d.title, d.outlet, d.published,
               snippet(documents_fts, 1, ?, ?, '…', ?) AS snippet,
               bm25(documents_fts, 4.0, 1.0) AS score
        FROM documents_fts JOIN documents AS d ON d.rowid = documents_fts.rowid
        WHERE documents_fts MATCH ?
          AND d.version = (SELECT MAX(version) FROM documents AS d2 WHERE d2.source = d.source)
        ORDER BY score LIMIT ?
    """
    try:
        rows = db.execute(sql, (*HIGHLIGHT, SNIPPET_TOKENS, fts_query(query), limit)).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"invalid search query {query!r}: {exc}") from exc
    return [SearchHit(r["id"], r["title"], r["outlet"], r["published"], r["snippet"], r["score"]) for r in rows]


EXPORT_SCHEMA = "dossier.export/1"


def export_records(db: sqlite3.Connection, *, all_versions: bool = False) -> Iterator[dict[str, object]]:
    """One dict per document following the export contract in DESIGN.md (document-level fields)."""
    for doc in documents(db, all_versions=all_versions):
        comments = _comments(db, doc.id)
        yield {
            "schema": EXPORT_SCHEMA,
            "id": doc.id,
            "source": doc.source,
            "version": doc.version,
            "url": doc.url,
            "title": doc.title,
            "authors": doc.authors,
            "outlet": doc.outlet,
            "published": doc.published,
            "language": doc.language,
            "flags": doc.flags,
            "format": doc.format,
            "extractor": doc.extractor,
            "text": doc.text,
            "comments": [c.model_dump() for c in comments],
        }


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        "documents": db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
        "comments": db.execute("SELECT COUNT(*) FROM comments").fetchone()[0],
    }
