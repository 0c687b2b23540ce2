"""Open the store: a SQLite file (WAL mode, foreign keys on) or a PostgreSQL database URL, schema migrated.

Both give a `Database`: the few sqlite3.Connection methods the store calls. Everything else in dossier/store is
written once for both (postgres.py rewrites SQLite's spellings for the server).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import psycopg

from dossier.errors import StoreError
from dossier.store.migrations import migrate


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...
    @property
    def rowcount(self) -> int: ...


class Database(Protocol):
    """A store connection: sqlite3.Connection, or postgres.PgConnection with the same methods."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...
    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Cursor: ...
    @property
    def in_transaction(self) -> bool: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...


Row = Any  # sqlite3.Row or postgres.Row: read by position or by column name

DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)  # whichever backend runs it


STORE_FAILURES: tuple[type[Exception], ...] = (StoreError, *DATABASE_ERRORS)  # what opening or reading may raise


def is_postgres(db: Database) -> bool:
    return not isinstance(db, sqlite3.Connection)


BUSY_TIMEOUT_MS = 10_000  # a second writer (another ingest) waits rather than failing at once
WAIT_S = BUSY_TIMEOUT_MS / 1000  # sqlite3's busy timeout, set before the first statement: the WAL switch waits too


URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def connect(path: str | Path, *, readonly: bool = False) -> Database:
    """A connection with the schema up to date; autocommit mode so transactions are explicit."""
    target = str(path)
    if target.startswith(("postgresql://", "postgres://")):
        from dossier.store.postgres import connect_postgres

        return connect_postgres(target, readonly=readonly)
    if URL.match(target):  # "mysql://u@h/x" would otherwise become folders holding a SQLite file
        raise StoreError(target, "is a URL Dossier cannot store in: give a SQLite file path or a postgresql:// URL")
    deadline, attempt = time.monotonic() + WAIT_S, 0
    while True:
        try:
            return _opened_sqlite(target, readonly=readonly)
        except sqlite3.OperationalError as exc:
            # Opening a brand-new file while another connection switches it to WAL can report "locked" without
            # consulting the busy timeout; that state lasts milliseconds, so the open is tried again until the
            # same deadline a busy writer would get
            if "locked" in str(exc) and time.monotonic() < deadline:
                time.sleep(min(0.5, 0.02 * 2**attempt))
                attempt += 1
                continue
            raise StoreError(target, f"cannot open the database ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(target, f"cannot open the database ({exc})") from exc
        except OSError as exc:
            raise StoreError(target, f"cannot create the database ({exc.strerror or exc})") from exc


def _opened_sqlite(target: str, *, readonly: bool) -> sqlite3.Connection:
    """One attempt at opening a SQLite store; the connection is closed again when the attempt fails."""
    if readonly:
        if not Path(target).exists():
            raise StoreError(target, "no database here yet (run `dossier ingest` first)")
        db = sqlite3.connect(
            f"file:{target}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=WAIT_S
        )
    else:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=WAIT_S)
    try:
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.row_factory = sqlite3.Row
        db.create_function("casefold", 1, _casefold, deterministic=True)  # lower() knows ASCII only
        if readonly:
            check_schema(db, target)
        else:
            migrate(db)
        return db
    except BaseException:
        db.close()
        raise


def check_schema(db: Database, target: str) -> None:
    """A read-only open migrates nothing, so refuse a database that is not (yet) a Dossier store."""
    if not has_table(db, "documents"):
        db.close()
        raise StoreError(target, "not a Dossier database (no documents table; run `dossier ingest` first)")


def has_table(db: Database, name: str) -> bool:
    """Whether the database has this table (a read-only open of an older store migrates nothing)."""
    if is_postgres(db):
        found = db.execute("SELECT to_regclass(?)", (name,)).fetchone()
        return found is not None and found[0] is not None
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return found is not None


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value
