"""Deleting documents: each one with everything derived from it, then the cross-document records re-resolved so
no entity, event or claim cluster lists a document that is gone."""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.store import queries
from dossier.store.db import Database


@dataclass
class DeleteReport:
    deleted: list[str] = field(default_factory=list)  # full document ids
    failed: list[str] = field(default_factory=list)  # one line each: the id as given and the reason


def deleted_documents(db: Database, given: list[str], *, resolve: bool = True) -> DeleteReport:
    """Delete the named documents (ids or unique prefixes); the collection is re-resolved once afterwards."""
    report = DeleteReport()
    for name in given:
        doc = queries.document(db, name)
        if doc is None:
            report.failed.append(f"[E_NOT_FOUND] {name}: no document with this id (or the prefix is ambiguous)")
            continue
        if queries.delete_document(db, doc.id):  # comments, annotations, quotes, claims cascade with it
            report.deleted.append(doc.id)
    if report.deleted and resolve:
        from dossier.collection import resolve_all  # the resolver's model loads only when something went

        resolve_all(db)
    return report
