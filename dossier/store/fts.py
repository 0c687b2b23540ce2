"""Full-text search queries: the one place a user's query becomes FTS5 syntax, for every search path."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

QUOTED = re.compile(r'("[^"]*")')
JOINED_WORD = re.compile(r"(?<!\w)\w+(?:[-'’./]\w+)+\.?")  # no-confidence, it's, U.S., 9/11: FTS5 syntax errors bare


# Bounds on what one search may ask: FTS5 ranks every prefix term over every row it expands to, so cost grows
# with the square of their number (100 prefix terms took 108 s on 91 documents; 4 take 0.3 s): bench/search_dos.py
MAX_QUERY_CHARS = 300  # a long question fits; a query longer than this is generated, not typed
MAX_TERMS = 32  # words and phrases together
MAX_PREFIX_TERMS = 4  # `word*`: each expands to every indexed word it begins
MAX_NEAR_GROUPS = 2
SEARCH_SECONDS = 5.0  # one search never holds a connection longer than this, whatever the collection's size
PROGRESS_STEPS = 10_000  # SQLite VM steps between deadline checks: microseconds apart
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
WORD = re.compile(r"\w+")


class QueryError(ValueError):
    """The user's search query is not valid FTS5 syntax, or asks more than one search may."""


def checked_complexity(query: str) -> None:
    """Refuse a query that would cost more than any search should (QueryError: a 400 on the web)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"search query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    prefixes = query.count("*")
    if prefixes > MAX_PREFIX_TERMS:
        raise QueryError(f"search query too complex: {prefixes} prefix terms (word*); at most {MAX_PREFIX_TERMS}")
    near = query.count("NEAR")
    if near > MAX_NEAR_GROUPS:
        raise QueryError(f"search query too complex: {near} NEAR groups; at most {MAX_NEAR_GROUPS}")
    terms = sum(1 for w in WORD.findall(query) if w not in OPERATORS and not w.isdigit())
    if terms > MAX_TERMS:
        raise QueryError(f"search query too complex: {terms} terms; at most {MAX_TERMS}")


def fts_query(query: str) -> str:
    """The user's query with hyphenated and apostrophised words quoted as phrases; FTS5 syntax otherwise kept.

    Raises QueryError when the query is longer or more complex than one search may be.
    """
    checked_complexity(query)
    parts = QUOTED.split(query)
    return "".join(p if i % 2 else JOINED_WORD.sub(lambda m: f'"{m.group(0)}"', p) for i, p in enumerate(parts))


def matching_rows(db: sqlite3.Connection, sql: str, args: Sequence[object], query: str) -> list[sqlite3.Row]:
    """Run a statement whose `MATCH ?` parameters were filled with `fts_query(query)`; a syntax error names it,
    and so does a search that runs past SEARCH_SECONDS (it is interrupted, not left to hold the connection)."""
    with _deadline(db, SEARCH_SECONDS) as expired:
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            if expired():
                raise QueryError(
                    f"search query too costly: stopped after {SEARCH_SECONDS:.0f} s ({query[:80]!r})"
                ) from exc
            raise QueryError(f"invalid search query {query!r}: {_plain_reason(str(exc))}. {QUERY_HELP}") from exc


@contextmanager
def _deadline(db: sqlite3.Connection, seconds: float) -> Iterator[Callable[[], bool]]:
    """Interrupt whatever the connection runs once `seconds` have passed; yields whether that happened."""
    ends = time.monotonic() + seconds
    fired = False

    def check() -> int:
        nonlocal fired
        fired = fired or time.monotonic() > ends
        return int(fired)  # non-zero makes SQLite stop the statement with "interrupted"

    db.set_progress_handler(check, PROGRESS_STEPS)
    try:
        yield lambda: fired
    finally:
        db.set_progress_handler(None, PROGRESS_STEPS)


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
