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
        raise QueryError(f"invalid search query {query!r}: {_plain_reason(str(exc))}. {QUERY_HELP}") from exc


QUERY_HELP = (
    "Words are ANDed; AND, OR and NOT need a word on each side, quotes and brackets must close; "
    "e.g. 'Khan AND (Moscow OR Russia)', '\"prime minister\"', 'sanction*'"
)


def _plain_reason(sqlite_message: str) -> str:
    """SQLite's `fts5: syntax error near ""` in words a reader can act on."""
    if "syntax error" in sqlite_message:
        near = sqlite_message.partition("near")[2].strip().strip('"')
        return (
            f"it is not valid search syntax (it stops making sense at {near!r})"
            if near
            else ("it ends where a word was expected")
        )
    if "no such column" in sqlite_message:  # "word:" reads as a column filter
        return "a colon makes the word before it a column name; quote the word to search it"
    return sqlite_message
