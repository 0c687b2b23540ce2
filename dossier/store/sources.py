"""The raw source of each document, kept compressed, so a better extractor can read it again (`dossier reextract`)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from dossier.records import Article, RawInput
from dossier.store.db import Database

COMPRESSION = "zlib"
LEVEL = 6  # zlib's default: HTML shrinks to a fifth; higher levels buy little for the time
# what annotation derived from the old text: its offsets point into text that is gone (cross-document tables are
# rebuilt by the resolver afterwards)
DERIVED_TABLES = ("doc_entities", "mentions", "timexes", "event_mentions", "quotes", "voices", "claims", "annotations")


@dataclass(frozen=True)
class StoredSource:
    """A document's raw input as it came in, and the extractor that made the stored text from it."""

    doc_id: str
    extractor: str
    raw: RawInput | None  # None when the document was stored before sources were kept


def insert_source(db: Database, doc_id: str, raw: RawInput) -> None:
    """Keep the raw input of a newly stored document; called inside store_article's transaction."""
    db.execute(
        """INSERT OR REPLACE INTO document_sources (doc_id, kind, url, content_type, hints, compression, raw_bytes, raw)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            doc_id,
            raw.kind,
            raw.url,
            raw.content_type,
            json.dumps(raw.hints, ensure_ascii=False),
            COMPRESSION,
            len(raw.content),
            zlib.compress(raw.content, LEVEL),
        ),
    )


def stored_sources(db: Database, doc_ids: list[str] | None = None) -> Iterator[StoredSource]:
    """Every document's source (or the named ones'), read one at a time; latest versions first come as stored."""
    where, params = ("WHERE d.id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids),)) if doc_ids else ("", ())
    rows = db.execute(
        f"""SELECT d.id, d.source, d.extractor, s.kind, s.url, s.content_type, s.hints, s.raw
            FROM documents d LEFT JOIN document_sources s ON s.doc_id = d.id {where} ORDER BY d.rowid""",
        params,
    )
    for row in rows.fetchall():
        raw = None
        if row["raw"] is not None:
            raw = RawInput(
                source=row["source"],
                content=zlib.decompress(row["raw"]),
                kind=row["kind"],
                url=row["url"],
                content_type=row["content_type"],
                hints=json.loads(row["hints"]),
            )
        yield StoredSource(row["id"], row["extractor"], raw)


def replace_extraction(db: Database, article: Article, text_sha: str) -> None:
    """The document's text, metadata, comments and extractor replaced in place (same id, same version); its
    annotations go, because their offsets point into the old text, and annotation runs again."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(
            """UPDATE documents SET url = ?, title = ?, authors = ?, outlet = ?, published = ?, language = ?,
                                    flags = ?, text = ?, text_sha256 = ?, extractor = ? WHERE id = ?""",
            (
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
                article.id,
            ),
        )
        db.execute("DELETE FROM comments WHERE doc_id = ?", (article.id,))
        db.executemany(
            "INSERT INTO comments (doc_id, position, author, date, text, parent) VALUES (?, ?, ?, ?, ?, ?)",
            [(article.id, i, c.author, c.date, c.text, c.parent) for i, c in enumerate(article.comments)],
        )
        for table in DERIVED_TABLES:
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (article.id,))  # table names are constants
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
