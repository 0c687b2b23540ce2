"""Annotation leases: two ingests of overlapping folders share the work instead of both annotating everything.

A process takes a lease on a document before annotating it, in a write transaction that also checks the
document is still unannotated; another process sees the lease and skips the document. A lease ends when the
annotations are stored, when its process releases it, or when that process is found dead (killed mid-run).
"""

from __future__ import annotations

import os
import socket
import time

from dossier.store.db import Database

STALE_SECONDS = 6 * 3600  # a lease older than this is abandoned even if its owner cannot be checked (other host)
HOST = socket.gethostname()


def owner_name() -> str:
    return f"{HOST}:{os.getpid()}"


def leased(db: Database, doc_id: str, *, pipeline: str, recheck: bool = True) -> bool:
    """Take the lease on a document for this process; False when another live process holds it, or (recheck)
    when the document has meanwhile been annotated by this pipeline."""
    me = owner_name()
    db.execute("BEGIN IMMEDIATE")
    try:
        if (
            recheck
            and db.execute("SELECT 1 FROM annotations WHERE doc_id = ? AND pipeline = ?", (doc_id, pipeline)).fetchone()
        ):
            db.execute("ROLLBACK")
            return False
        held = db.execute("SELECT owner, claimed_at FROM annotation_leases WHERE doc_id = ?", (doc_id,)).fetchone()
        if held and held["owner"] != me and _alive(held["owner"], held["claimed_at"]):
            db.execute("ROLLBACK")
            return False
        db.execute(
            "INSERT OR REPLACE INTO annotation_leases (doc_id, owner, claimed_at) VALUES (?, ?, ?)",
            (doc_id, me, time.time()),
        )
        db.execute("COMMIT")
        return True
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def released(db: Database, doc_ids: list[str] | None = None) -> None:
    """End this process's leases (on the given documents, or all of them)."""
    me = owner_name()
    if doc_ids is None:
        db.execute("DELETE FROM annotation_leases WHERE owner = ?", (me,))
    else:
        db.executemany("DELETE FROM annotation_leases WHERE owner = ? AND doc_id = ?", [(me, d) for d in doc_ids])
    if db.in_transaction:
        db.commit()


def _alive(owner: str, claimed_at: float) -> bool:
    """Whether the lease's owner may still be working: its process exists (same host) and the lease is not stale."""
    if time.time() - claimed_at > STALE_SECONDS:
        return False
    host, _, pid = owner.rpartition(":")
    if host != HOST or not pid.isdigit():
        return True  # another machine's process: trust the lease until it goes stale
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
