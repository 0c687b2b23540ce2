"""Schema migrations: small functions, applied in order, each recorded in the `migrations` table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

Migration = Callable[[], str]  # returns the SQL script of one schema step
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((version, name, fn))
        return fn

    return register


@migration(1, "documents, comments and full-text search")
def _documents() -> str:
    return """
        CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            version INTEGER NOT NULL,
            format TEXT NOT NULL,
            url TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            outlet TEXT,
            published TEXT,
            language TEXT,
            flags TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            extractor TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            UNIQUE (source, version)
        );
        CREATE INDEX documents_source ON documents (source);
        CREATE INDEX documents_published ON documents (published);

        CREATE TABLE comments (
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            author TEXT,
            date TEXT,
            text TEXT NOT NULL,
            parent INTEGER,
            PRIMARY KEY (doc_id, position)
        );

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
    """


def applied_versions(db: sqlite3.Connection) -> set[int]:
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in db.execute("SELECT version FROM migrations")}


def migrate(db: sqlite3.Connection) -> list[int]:
    """Apply every migration not yet recorded, each with its record in one transaction; returns what ran."""
    done = applied_versions(db)
    applied = []
    for version, name, step in sorted(MIGRATIONS, key=lambda m: m[0]):
        if version in done:
            continue
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        label = name.replace("'", "''")
        try:
            # executescript would commit an open transaction first, so the script carries its own
            db.executescript(
                f"BEGIN IMMEDIATE;\n{step()}\n"
                f"INSERT INTO migrations (version, name, applied_at) VALUES ({version:d}, '{label}', '{stamp}');\n"
                "COMMIT;"
            )
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and version in applied_versions(db):
                continue  # another process opening the same new file applied it while we waited for the lock
            raise
        applied.append(version)
    return applied
