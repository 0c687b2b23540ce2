"""Full-text search queries: the one place a user's query becomes FTS5 syntax, for every search path."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

QUOTED = re.compile(r'("[^"]*")')
JOINED_WORD = re.compile(r"(?<!\w)\w+(?:[-'’./]\w+)+\.?")  # no-confidence, it's, U.S., 9/11: FTS5 syntax errors bare


class QueryError(ValueError):
    """The user's search query is not valid FTS5 syntax."""


def fts_query(query: str) -> str:
    """The user's query with hyphenated and apostrophised words quoted as phrases; FTS5 syntax otherwise kept."""
    parts = QUOTED.split(query)
    return "".join(p if i % 2 else JOINED_WORD.sub(lambda m: f'"{m.group(0)}"', p) for i, p in enumerate(parts))


def matching_rows(db: sqlite3.Connection, sql: str, args: Sequence[object], query: str) -> list[sqlite3.Row]:
    """Run a statement whose `MATCH ?` parameters were filled with `fts_query(query)`; a syntax error names it."""
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"invalid search query {query!r}: {exc}") from exc
