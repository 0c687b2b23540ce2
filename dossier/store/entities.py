"""Reading cross-document entities a page at a time: ranked, filtered by type or by part of a name, in SQL."""

from __future__ import annotations

import json

from dossier.records import Entity
from dossier.store.db import Database, Row

# most documented first, then most mentioned
RANK = "json_array_length(e.doc_ids) DESC, e.mentions DESC, e.name, e.entity_id"


def entity_from_row(r: Row) -> Entity:
    return Entity(
        entity_id=r["entity_id"], name=r["name"], type=r["type"], aliases=json.loads(r["aliases"]),
        doc_ids=json.loads(r["doc_ids"]), mentions=r["mentions"],
    )  # fmt: skip


def _where(kind: str | None, query: str | None) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if kind:
        clauses.append("e.type = ?")
        args.append(kind.upper())
    if query:  # casefold() is registered on every connection (store.db), so "ÖZIL" finds "Özil"
        clauses.append(
            "(instr(casefold(e.name), ?) OR EXISTS (SELECT 1 FROM json_each(e.aliases) a "
            "WHERE instr(casefold(a.value), ?)))"
        )
        args += [query.casefold(), query.casefold()]
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), args


def entity_count(db: Database, *, kind: str | None = None, query: str | None = None) -> int:
    where, args = _where(kind, query)
    return int(db.execute(f"SELECT COUNT(*) FROM entities e {where}", args).fetchone()[0])


def entity_page(
    db: Database, *, kind: str | None = None, query: str | None = None, limit: int = 50, offset: int = 0
) -> list[Entity]:
    """Entities of one type (or any) whose name or an alias contains `query`, ranked, one page of them."""
    where, args = _where(kind, query)
    sql = f"SELECT e.* FROM entities e {where} ORDER BY {RANK} LIMIT ? OFFSET ?"
    return [entity_from_row(r) for r in db.execute(sql, [*args, limit, offset])]
