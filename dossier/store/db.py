"""Open the SQLite store: WAL mode, foreign keys on, schema migrated."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from dossier.errors import StoreError
from dossier.store.migrations import migrate

BUSY_TIMEOUT_MS = 10_000  # a second writer (another ingest) waits rather than failing at once
WAIT_S = BUSY_TIMEOUT_MS / 1000  # sqlite3's busy timeout, set before the first statement: the WAL switch waits too


URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the schema up to date; autocommit mode so transactions are explicit."""
    target = str(path)
    if URL.match(target):  # "postgresql://u@h:5432/x" would otherwise become folders holding a SQLite file
        raise StoreError(target, "is a URL, not a database file: this version stores in SQLite files only")
    try:
        if readonly:
            if not Path(target).exists():
                raise StoreError(target, "no database here yet (run `dossier ingest` first)")
            db = sqlite3.connect(
                f"file:{target}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=WAIT_S
            )
        else:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=WAIT_S)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.row_factory = sqlite3.Row
        db.create_function("casefold", 1, _casefold, deterministic=True)  # lower() knows ASCII only
        if readonly:
            _check_schema(db, target)
        else:
            migrate(db)
        return db
    except sqlite3.DatabaseError as exc:
        raise StoreError(target, f"cannot open the database ({exc})") from exc
    except OSError as exc:
        raise StoreError(target, f"cannot create the database ({exc.strerror or exc})") from exc


def _check_schema(db: sqlite3.Connection, target: str) -> None:
    """A read-only open migrates nothing, so refuse a file that is not (yet) a Dossier store."""
    if not has_table(db, "documents"):
        db.close()
        raise StoreError(target, "not a Dossier database (no documents table; run `dossier ingest` first)")


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """Whether the database has this table (a read-only open of an older store migrates nothing)."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return found is not None


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value
