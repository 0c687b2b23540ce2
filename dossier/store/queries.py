"""The one read/write layer over the store, used by the CLI, the web app, the API and exports alike.

Document lists and search live in `store.library`, the query escaping in `store.fts`; both are re-exported here."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from dossier.records import Article, Comment, RawInput
from dossier.store.db import Database, Row
from dossier.store.fts import QueryError, fts_query
from dossier.store.library import HIGHLIGHT, SearchHit, search
from dossier.store.sources import insert_source, replace_extraction

__all__ = [
    "HIGHLIGHT", "LATEST", "QueryError", "SearchHit", "StoreResult", "counts", "delete_document", "document",
    "documents", "export_records", "fts_query", "replaced_extraction", "search", "store_article",
]  # fmt: skip

Outcome = Literal["ingested", "new-version", "unchanged"]


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    doc_id: str
    version: int
    note: str = ""


def _text_sha(article: Article) -> str:
    return hashlib.sha256(f"{article.title}\n{article.text}".encode()).hexdigest()


def store_article(db: Database, article: Article, *, raw: RawInput | None = None) -> StoreResult:
    """Write one article and its comments (and its raw source, for re-extraction) in one transaction; the same
    content twice is a no-op."""
    db.execute("BEGIN IMMEDIATE")  # checks and writes under one lock, so two ingests cannot race
    try:
        result = _checked_insert(db, article)
        if raw is not None and result.outcome != "unchanged":
            insert_source(db, article.id, raw)
        db.execute("COMMIT" if result.outcome != "unchanged" else "ROLLBACK")
    except BaseException:
        _rolled_back(db)
        raise
    return result


def _rolled_back(db: Database) -> None:
    """Roll back if SQLite has not already done so (it does on SQLITE_FULL), keeping the original error."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _same_metadata(row: Row, article: Article) -> bool:
    """A new date, byline or outlet with the same text is still a change: the current version must carry it."""
    return (row["published"], json.loads(row["authors"]), row["outlet"]) == (
        article.published,
        article.authors,
        article.outlet,
    )


def _checked_insert(db: Database, article: Article) -> StoreResult:
    same = db.execute("SELECT id, source, version FROM documents WHERE id = ?", (article.id,)).fetchone()
    latest = db.execute(
        "SELECT id, version, text_sha256, published, authors, outlet FROM documents WHERE source = ? "
        "ORDER BY version DESC LIMIT 1",
        (article.source,),
    ).fetchone()
    if same and same["source"] == article.source and latest and latest["id"] != same["id"]:
        # the source says again what an older version said: that version is what it says now, so it is current
        version = latest["version"] + 1
        db.execute("UPDATE documents SET version = ? WHERE id = ?", (version, same["id"]))
        return StoreResult("new-version", same["id"], version, f"restored: same content as version {same['version']}")
    if same:
        note = "" if same["source"] == article.source else f"same content as {same['source']}"
        return StoreResult("unchanged", same["id"], same["version"], note)
    text_sha = _text_sha(article)
    if latest and latest["text_sha256"] == text_sha and _same_metadata(latest, article):
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


def replaced_extraction(db: Database, article: Article) -> None:
    """A stored document's text, metadata, comments and extractor replaced by a new extraction, in place."""
    replace_extraction(db, article, _text_sha(article))


def delete_document(db: Database, doc_id: str) -> bool:
    """Delete a document and everything derived from it (comments, index entries)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        deleted = db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
        db.execute("COMMIT")
    except BaseException:
        _rolled_back(db)
        raise
    return deleted > 0


def _article(row: Row, comments: list[Comment]) -> Article:
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


def _comments(db: Database, doc_id: str) -> list[Comment]:
    rows = db.execute(
        "SELECT author, date, text, parent FROM comments WHERE doc_id = ? ORDER BY position", (doc_id,)
    ).fetchall()
    return [Comment(author=r["author"], date=r["date"], text=r["text"], parent=r["parent"]) for r in rows]


LATEST = "version = (SELECT MAX(version) FROM documents AS d2 WHERE d2.source = documents.source)"


def documents(db: Database, *, all_versions: bool = False, limit: int | None = None) -> list[Article]:
    """Stored documents, newest publication first (undated last); only the latest version of each source."""
    where = "" if all_versions else f"WHERE {LATEST}"
    sql = f"SELECT * FROM documents {where} ORDER BY published IS NULL, published DESC, source LIMIT ?"
    rows = db.execute(sql, (limit if limit is not None else -1,)).fetchall()
    return [_article(r, []) for r in rows]


def document(db: Database, doc_id: str) -> Article | None:
    """One document by id, or by a unique id prefix of at least 4 characters."""
    row = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None and len(doc_id) >= 4:
        rows = db.execute("SELECT * FROM documents WHERE id LIKE ? || '%' LIMIT 2", (doc_id,)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return _article(row, _comments(db, row["id"])) if row else None


EXPORT_SCHEMA = "dossier.export/1"


def export_records(db: Database, *, all_versions: bool = False) -> Iterator[dict[str, object]]:
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


COUNTED = ("documents", "comments", "entities", "events", "quotes", "claims")  # what a summary line reports


def counts(db: Database) -> dict[str, int]:
    """Rows per table of the collection (documents, comments, entities, events, quotes, claims)."""
    return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in COUNTED}  # constants
