"""The PostgreSQL backend: the store's own SQL, run on a PostgreSQL server through psycopg 3 and a pool.

The store functions are written once, in the SQL both engines share, with SQLite's spellings where the two
differ. A statement is rewritten here, once (and cached), into PostgreSQL's: `?` placeholders, `INSERT OR
IGNORE/REPLACE` as `ON CONFLICT`, the `end` column quoted, `GLOB` as a regular expression, NULLs ordered as SQLite
orders them (first ascending), and a negative LIMIT as no limit. SQLite's JSON functions used by the store
(json_each, json_extract, json_array_length) and its `casefold`/`instr` exist on the server as SQL functions the
migrations create (postgres_schema.py), so the statements that use them run unchanged.

Writers serialize as in SQLite: `BEGIN IMMEDIATE` takes one transaction-scoped advisory lock, so two ingests
into one database queue on it instead of racing on the incremental resolution's read-then-write steps.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import pq
from psycopg.adapt import Dumper, Loader
from psycopg_pool import ConnectionPool

from dossier.errors import StoreError

WRITE_LOCK = 0x0D055_1E5  # the advisory lock every write transaction holds: one writer at a time, as in SQLite
POOL_SIZE = 10  # a web app serves requests on many threads, each holding a connection while it reads
POOL_WAIT_S = 30.0

TOKEN = re.compile(
    r"""('(?:[^']|'')*')|("(?:[^"]|"")*")|(\?)|(%)|([A-Za-z_][A-Za-z0-9_]*)|(\s+)|(.)""",
    re.DOTALL,
)
REPLACE = re.compile(r"^\s*INSERT\s+OR\s+REPLACE\b", re.IGNORECASE)
UPSERT = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE)
TERM_ENDS = {"limit", "offset", "union", "except", "intersect", "window"}


# ---------------------------------------------------------------------------------------------------------------
# statements


@lru_cache(maxsize=4096)
def translated(sql: str, conflict_targets: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()) -> str:
    """One store statement in PostgreSQL's SQL (conflict_targets: per table, its key column sets, primary first)."""
    upsert = UPSERT.match(sql)
    suffix = ""
    if upsert:
        mode, table, columns = upsert.group(1).upper(), upsert.group(2), [c.strip() for c in upsert.group(3).split(",")]
        sql = f"INSERT INTO {table} ({', '.join(columns)})" + sql[upsert.end() :]
        suffix = _conflict_clause(mode, table, columns, dict(conflict_targets))
    return _rewritten(NULL_TEST.sub(r"CAST(? AS TEXT)\1", sql)) + suffix


NULL_TEST = re.compile(r"\?(\s+IS\s+(?:NOT\s+)?NULL\b)", re.IGNORECASE)  # a bare NULL parameter has no type


def _conflict_clause(mode: str, table: str, columns: list[str], targets: dict[str, tuple[tuple[str, ...], ...]]) -> str:
    if mode == "IGNORE":
        return " ON CONFLICT DO NOTHING"
    key = next((k for k in targets.get(table, ()) if set(k) <= set(columns)), None)
    if key is None:
        raise StoreError(table, "INSERT OR REPLACE names no key of the table: cannot upsert on PostgreSQL")
    rest = [c for c in columns if c not in key]
    if not rest:
        return f" ON CONFLICT ({', '.join(_quoted(k) for k in key)}) DO NOTHING"
    sets = [f"{_quoted(c)} = EXCLUDED.{_quoted(c)}" for c in rest]
    if table in ROWID_TABLES:
        sets.append("rowid = DEFAULT")  # SQLite's REPLACE gives the row a new rowid: insertion order follows it
    return f" ON CONFLICT ({', '.join(_quoted(k) for k in key)}) DO UPDATE SET {', '.join(sets)}"


ROWID_TABLES = {"annotations", "claims"}  # tables without an id column whose insertion order the store reads


def _quoted(column: str) -> str:
    return '"end"' if column.lower() == "end" else column


class _OrderBy:
    """One ORDER BY list being copied: the current term's direction and whether it says NULLS already."""

    def __init__(self) -> None:
        self.descending = False
        self.nulls = False

    def closing(self) -> str:
        """What ends the term: SQLite's NULL order (NULLs first ascending, last descending), said explicitly."""
        said, descending = self.nulls, self.descending
        self.descending, self.nulls = False, False
        return "" if said else (" NULLS LAST" if descending else " NULLS FIRST")


def _rewritten(sql: str) -> str:
    out: list[str] = []
    depth = 0
    case_depth = 0
    order: dict[int, _OrderBy] = {}  # ORDER BY lists open, by bracket depth
    words: list[str] = []  # the last few words, lower-cased: ORDER BY, LIMIT ? and GLOB need context
    glob_next = False

    def close_term(at: int) -> None:
        ending = order[at].closing()
        if out and out[-1].isspace():  # "ORDER BY a LIMIT": the ending goes after the term, before the space
            out.insert(len(out) - 1, ending)
        else:
            out.append(ending)

    for m in TOKEN.finditer(sql):
        literal, ident, mark, percent, word, space, other = m.groups()
        if space is not None:
            out.append(space)
            continue
        if literal is not None:
            if glob_next:
                out.append(_glob_regex(literal))
                glob_next = False
            else:
                out.append(literal.replace("%", "%%"))
        elif ident is not None:
            out.append(ident.replace("%", "%%"))
        elif mark is not None:
            out.append("dossier_limit(%s)" if words[-1:] == ["limit"] else "%s")
        elif percent is not None:
            out.append("%%")
        elif word is not None:
            low = word.lower()
            if low == "case":
                case_depth += 1
                out.append(word)
            elif low == "end":
                if case_depth:
                    case_depth -= 1
                    out.append(word)
                else:
                    out.append('"end"')
            elif low == "glob":
                out.append("~")
                glob_next = True
            else:
                if depth in order and low in TERM_ENDS:
                    close_term(depth)
                    del order[depth]
                out.append(word)
                if depth in order:
                    if low == "desc":
                        order[depth].descending = True
                    elif low == "nulls":
                        order[depth].nulls = True
                if low == "by" and words[-1:] == ["order"]:
                    order[depth] = _OrderBy()
            words = [*words[-3:], low]
            continue
        else:
            if other == "(":
                depth += 1
            elif other == ")":
                if depth in order:
                    close_term(depth)
                    del order[depth]
                depth -= 1
            elif other == "," and depth in order:
                close_term(depth)
            elif other == ";" and depth in order:
                close_term(depth)
                del order[depth]
            out.append(other)
        words = [*words[-3:], ""]
    for at in sorted(order, reverse=True):
        close_term(at)
    return "".join(out)


def _glob_regex(literal: str) -> str:
    """A GLOB pattern literal as an anchored POSIX regular expression literal."""
    pattern = literal[1:-1].replace("''", "'")
    parts, i = ["^"], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            parts.append(".*")
        elif ch == "?":
            parts.append(".")
        elif ch == "[":
            end = pattern.index("]", i + 1)
            parts.append(pattern[i : end + 1])
            i = end
        else:
            parts.append(re.escape(ch))
        i += 1
    parts.append("$")
    return "'" + "".join(parts).replace("'", "''").replace("%", "%%") + "'"


# ---------------------------------------------------------------------------------------------------------------
# rows and values


class Row:
    """A result row read by position or by column name, like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    description = cursor.description or []
    index = {column.name: i for i, column in reversed(list(enumerate(description)))}
    return lambda values: Row(index, values)


class _BoolAsInt(Dumper):
    """Python booleans go into INTEGER columns as 0/1, as sqlite3 stores them."""

    oid = psycopg.adapters.types["int4"].oid

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


class _IntFromBool(Loader):
    """A boolean expression in a select list reads as 0/1, as it does from SQLite."""

    def load(self, data: Any) -> int:
        return 1 if bytes(data) == b"t" else 0


class _FloatFromNumeric(Loader):
    """AVG/SUM over integers give numeric; the store's callers expect the float SQLite gives."""

    def load(self, data: Any) -> float:
        return float(bytes(data).decode())


# ---------------------------------------------------------------------------------------------------------------
# connections


class PgCursor:
    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class PgConnection:
    """A pooled psycopg connection behind the few sqlite3.Connection methods the store calls."""

    def __init__(self, pool: ConnectionPool[psycopg.Connection[Any]], conn: psycopg.Connection[Any]) -> None:
        self._pool = pool
        self._conn: psycopg.Connection[Any] | None = conn
        self._writing = False
        self._seen_commits: int | None = None  # the write counter as this connection last saw it
        self._version = 0
        self._keys: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] | None = None
        self._trace: Callable[[str], object] | None = None
        self._lock = threading.RLock()  # one connection, shared by the web app's threads, runs one statement at once

    @property
    def conn(self) -> psycopg.Connection[Any]:
        if self._conn is None:
            raise StoreError(str(self._pool.name), "connection already closed")
        return self._conn

    def _targets(self, sql: str) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
        """The tables' keys, read from the catalog only for the statements that need them (INSERT OR REPLACE)."""
        if not REPLACE.match(sql):
            return ()
        if self._keys is None:
            self._keys = _conflict_targets(self.conn)
        return self._keys

    def set_trace_callback(self, trace: Callable[[str], object] | None) -> None:
        """Called with each statement as the store wrote it, as sqlite3's trace callback is."""
        self._trace = trace

    def _traced(self, sql: str, parameters: Sequence[Any]) -> None:
        """The statement as the server runs it, values in place (sqlite3's trace gives its expanded SQL)."""
        if self._trace is not None:
            self._trace(psycopg.ClientCursor(self.conn).mogrify(translated(sql, self._targets(sql)), list(parameters)))

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> PgCursor:
        self._traced(sql, parameters)
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        with self._lock:
            if word == "BEGIN":
                self.conn.execute("BEGIN")
                if "IMMEDIATE" in sql.upper():
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    self._writing = True
                return PgCursor(self.conn.cursor())
            if word in {"COMMIT", "END"}:
                if self._writing:
                    count = self.conn.execute("UPDATE dossier_commits SET n = n + 1 RETURNING n").fetchone()
                    self._seen_commits = int(count[0]) if count else None
                self._writing = False
                self.conn.execute("COMMIT")
                return PgCursor(self.conn.cursor())
            if word == "ROLLBACK":
                self._writing = False
                self.conn.execute("ROLLBACK")
                return PgCursor(self.conn.cursor())
            cursor = self.conn.cursor()
            cursor.execute(translated(sql, self._targets(sql)), list(parameters))
            return PgCursor(cursor)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> PgCursor:
        rows = [list(p) for p in seq_of_parameters]
        for p in rows if self._trace is not None else []:
            self._traced(sql, p)
        with self._lock:
            cursor = self.conn.cursor()
            if rows:
                cursor.executemany(translated(sql, self._targets(sql)), rows)
            return PgCursor(cursor)

    @property
    def in_transaction(self) -> bool:
        return self._conn is not None and self._conn.info.transaction_status != pq.TransactionStatus.IDLE

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def data_version(self) -> int:
        """Changes when another connection has committed a write transaction since this one last looked."""
        row = self.conn.execute("SELECT n FROM dossier_commits").fetchone()
        now = int(row[0]) if row else 0
        if self._seen_commits is not None and now != self._seen_commits:
            self._version += 1
        self._seen_commits = now
        return self._version

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if conn.info.transaction_status != pq.TransactionStatus.IDLE:
            conn.rollback()
        self._pool.putconn(conn)


_POOLS: dict[tuple[str, bool], ConnectionPool[psycopg.Connection[Any]]] = {}
_POOLS_LOCK = threading.Lock()


def close_pools() -> None:
    """Close every pool this process opened (tests and short-lived tools; a server keeps its pool)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


def _configured(readonly: bool) -> Any:
    def configure(conn: psycopg.Connection[Any]) -> None:
        conn.autocommit = True
        conn.row_factory = _row_factory
        conn.adapters.register_dumper(bool, _BoolAsInt)
        conn.adapters.register_loader("bool", _IntFromBool)
        conn.adapters.register_loader("numeric", _FloatFromNumeric)
        if readonly:
            conn.execute("SET default_transaction_read_only = on")

    return configure


def _pool(url: str, readonly: bool) -> ConnectionPool[psycopg.Connection[Any]]:
    with _POOLS_LOCK:
        pool = _POOLS.get((url, readonly))
        if pool is None:
            psycopg.connect(url, connect_timeout=10).close()  # fail now, with the server's reason, not after retries
            pool = ConnectionPool(
                url, min_size=0, max_size=POOL_SIZE, configure=_configured(readonly), open=True, name=_safe(url)
            )
            _POOLS[(url, readonly)] = pool
        return pool


def _safe(url: str) -> str:
    """The URL with any password left out, fit for an error message."""
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", url)


def connect_postgres(url: str, *, readonly: bool = False) -> PgConnection:
    from dossier.store.db import check_schema
    from dossier.store.postgres_schema import migrate

    try:
        pool = _pool(url, readonly)
        db = PgConnection(pool, pool.getconn(timeout=POOL_WAIT_S))
    except Exception as exc:  # psycopg's errors, OSError, and the pool's own PoolTimeout alike
        raise StoreError(_safe(url), f"cannot connect to PostgreSQL ({_first_line(exc)})") from exc
    try:
        if readonly:
            check_schema(db, _safe(url))
        else:
            migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _conflict_targets(conn: psycopg.Connection[Any]) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """Per table of the current schema, its primary key then its unique constraints (what ON CONFLICT can name)."""
    rows = conn.execute(
        "SELECT t.relname, c.contype, array_agg(a.attname ORDER BY k.i) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, i) "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
        "WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u') GROUP BY t.relname, c.oid, c.contype "
        "ORDER BY t.relname, c.contype, c.oid"
    ).fetchall()
    keys: dict[str, list[tuple[str, ...]]] = {}
    for table, _, columns in rows:
        keys.setdefault(table, []).append(tuple(columns))
    return tuple((t, tuple(k)) for t, k in keys.items())
