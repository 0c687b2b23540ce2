"""Full-text search queries: the one place a user's query becomes FTS5 syntax (SQLite) or a tsquery
(PostgreSQL), for every search path, with the SQL fragments each backend searches with."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from dossier.store.db import DATABASE_ERRORS, Database, Row, is_postgres

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


@dataclass(frozen=True)
class TextSearch:
    """One backend's full-text SQL. Each fragment takes the query (`search_terms`) as one parameter, placed where
    the fragment stands: `ranked_from` in FROM, before any WHERE parameter."""

    doc_filter: str  # a condition on `documents AS d`
    ranked_from: str  # FROM clause: documents AS d joined with what scores and snippets read
    ranked_match: str  # the WHERE condition that goes with ranked_from (no parameter of its own on PostgreSQL)
    score: str  # lower is better, as SQLite's bm25()
    quote_filter: str  # a condition on `quotes AS q`


SQLITE_SEARCH = TextSearch(
    doc_filter="d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
    ranked_from="documents_fts JOIN documents AS d ON d.rowid = documents_fts.rowid",
    ranked_match="documents_fts MATCH ?",
    score="bm25(documents_fts, 4.0, 1.0)",  # title weighted 4 to 1 over the body
    quote_filter="q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
)
POSTGRES_SEARCH = TextSearch(
    doc_filter="d.tsv @@ to_tsquery('english', ?)",
    ranked_from="documents AS d, to_tsquery('english', ?) AS tq",
    ranked_match="d.tsv @@ tq",
    # cover density over title (A, weight 1) and body (B, weight 0.25): the 4:1 of SQLite's bm25; /(1 + log length)
    score="-ts_rank_cd('{0.1, 0.1, 0.25, 1.0}', d.tsv, tq, 1)",
    quote_filter="q.tsv @@ to_tsquery('english', ?)",
)


def text_search(db: Database) -> TextSearch:
    return POSTGRES_SEARCH if is_postgres(db) else SQLITE_SEARCH


def search_terms(db: Database, query: str) -> str:
    """The user's query as the backend's search syntax (the same meaning on both); QueryError when it has none."""
    return tsquery(query) if is_postgres(db) else fts_query(query)


def tsquery(query: str) -> str:
    """The FTS5-style query Dossier documents (words ANDed, AND/OR/NOT, brackets, "phrases", prefix*, NEAR(...))
    as PostgreSQL to_tsquery syntax, each operation bracketed so both engines read it alike."""
    checked_complexity(query)
    tokens = [t for t in TSQ_TOKEN.findall(query) if t.strip()]
    parsed, at = _or_expr(tokens, 0, query)
    if at != len(tokens):
        raise QueryError(f"invalid search query {query!r}: it is not valid search syntax "
                         f"(it stops making sense at {tokens[at]!r}). {QUERY_HELP}")  # fmt: skip
    return parsed


TSQ_TOKEN = re.compile(r'"[^"]*"?|\(|\)|,|\*|\b(?:AND|OR|NOT|NEAR)\b|[^\s()",*:]+|\S')


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", " ").replace("'", "''") + "'"


def _primary(tokens: list[str], at: int, query: str) -> tuple[str, int]:
    if at >= len(tokens) or tokens[at] in {"AND", "OR", "NOT", ")", ",", "*"}:
        near = tokens[at] if at < len(tokens) else ""
        reason = f"it stops making sense at {near!r}" if near else "it ends where a word was expected"
        raise QueryError(f"invalid search query {query!r}: it is not valid search syntax ({reason}). {QUERY_HELP}")
    token = tokens[at]
    if token == "(":
        inner, at = _or_expr(tokens, at + 1, query)
        if at >= len(tokens) or tokens[at] != ")":
            raise QueryError(f"invalid search query {query!r}: a bracket does not close. {QUERY_HELP}")
        return inner, at + 1  # every operation is bracketed already
    if token == "NEAR" and at + 1 < len(tokens) and tokens[at + 1] == "(":
        words: list[str] = []
        at += 2
        while at < len(tokens) and tokens[at] != ")":
            if tokens[at] != "," and not tokens[at].isdigit():
                words.append(_lexeme(tokens[at].strip('"')))
            at += 1
        if at >= len(tokens) or not words:
            raise QueryError(f"invalid search query {query!r}: NEAR( ) needs words and a closing bracket. {QUERY_HELP}")
        return "(" + " & ".join(words) + ")", at + 1
    if token.startswith('"'):
        if len(token) < 2 or not token.endswith('"'):
            raise QueryError(f"invalid search query {query!r}: a quote does not close. {QUERY_HELP}")
        return _lexeme(token[1:-1]), at + 1
    lexeme = _lexeme(token)
    if at + 1 < len(tokens) and tokens[at + 1] == "*":
        return lexeme + ":*", at + 2
    return lexeme, at + 1


def _not_expr(tokens: list[str], at: int, query: str) -> tuple[str, int]:
    left, at = _primary(tokens, at, query)
    while at < len(tokens) and tokens[at] == "NOT":
        right, at = _primary(tokens, at + 1, query)
        left = f"({left} & !{right})"
    return left, at


def _and_expr(tokens: list[str], at: int, query: str) -> tuple[str, int]:
    left, at = _not_expr(tokens, at, query)
    while at < len(tokens) and tokens[at] not in {"OR", ")"}:
        if tokens[at] == "AND":
            at += 1
        right, at = _not_expr(tokens, at, query)
        left = f"({left} & {right})"
    return left, at


def _or_expr(tokens: list[str], at: int, query: str) -> tuple[str, int]:
    left, at = _and_expr(tokens, at, query)
    while at < len(tokens) and tokens[at] == "OR":
        right, at = _and_expr(tokens, at + 1, query)
        left = f"({left} | {right})"
    return left, at


def matching_rows(db: Database, sql: str, args: Sequence[object], query: str) -> list[Row]:
    """Run a statement whose search parameters were filled with `search_terms(db, query)`; a syntax error names
    it, and so does a search that runs past SEARCH_SECONDS (it is interrupted, not left to hold the connection)."""
    if is_postgres(db):
        return _matching_rows_postgres(db, sql, args, query)
    assert isinstance(db, sqlite3.Connection)
    with _deadline(db, SEARCH_SECONDS) as expired:
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            if expired():
                raise QueryError(
                    f"search query too costly: stopped after {SEARCH_SECONDS:.0f} s ({query[:80]!r})"
                ) from exc
            raise QueryError(f"invalid search query {query!r}: {_plain_reason(str(exc))}. {QUERY_HELP}") from exc


def _matching_rows_postgres(db: Database, sql: str, args: Sequence[object], query: str) -> list[Row]:
    db.execute(f"SET statement_timeout = {int(SEARCH_SECONDS * 1000)}")
    try:
        return db.execute(sql, args).fetchall()
    except DATABASE_ERRORS as exc:
        if getattr(exc, "sqlstate", None) == "57014":  # query_canceled: the statement timeout fired
            raise QueryError(f"search query too costly: stopped after {SEARCH_SECONDS:.0f} s ({query[:80]!r})") from exc
        if getattr(exc, "sqlstate", "") in {"42601", "22023"}:  # a tsquery the server cannot read
            raise QueryError(f"invalid search query {query!r}: it is not valid search syntax. {QUERY_HELP}") from exc
        raise
    finally:
        db.execute("SET statement_timeout = 0")


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
