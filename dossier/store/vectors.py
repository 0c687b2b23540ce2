"""Embeddings of sentences, claims and quotes, kept in the database beside what they embed (one float32 BLOB a
row), read back as one matrix for semantic search and claim checks; and the sentence-level reads a check needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dossier.store.db import Database
from dossier.store.queries import LATEST

Vectors = npt.NDArray[np.float32]
KINDS = ("sentence", "claim", "quote")
LATEST_D = LATEST.replace("documents.source", "d.source")


@dataclass(frozen=True)
class VectorRef:
    """What one row of the matrix embeds: a span of one document."""

    doc_id: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A text span of a document to embed."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SentenceRow:
    start: int
    end: int
    voice: str


def write_vectors(db: Database, doc_id: str, spans: Sequence[Span], vectors: Vectors, model: str) -> None:
    """Replace one document's vectors; the caller holds the transaction."""
    db.execute("DELETE FROM vectors WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT OR REPLACE INTO vectors (doc_id, kind, start, end, model, vector) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (doc_id, s.kind, s.start, s.end, model, v.astype(np.float32).tobytes())
            for s, v in zip(spans, vectors, strict=True)
        ],
    )


def write_vector_batch(db: Database, rows: Sequence[tuple[str, Sequence[Span], Vectors]], model: str) -> None:
    """Several documents' vectors in one transaction of our own."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for doc_id, spans, vectors in rows:
            write_vectors(db, doc_id, spans, vectors, model)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def unindexed_ids(db: Database, model: str) -> list[str]:
    """Latest annotated documents that have no vectors of this model yet (annotated before the index existed)."""
    rows = db.execute(
        "SELECT d.id FROM documents d JOIN annotations a ON a.doc_id = d.id "
        f"WHERE {LATEST_D} AND NOT EXISTS (SELECT 1 FROM vectors v WHERE v.doc_id = d.id AND v.model = ?) "
        "ORDER BY d.id",
        (model,),
    ).fetchall()
    return [r["id"] for r in rows]


def indexable_spans(db: Database, doc_id: str) -> list[Span]:
    """A stored document's sentences, claims and quotes, with their text, ready to embed."""
    row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return []
    text = row["text"]
    spans = [Span("sentence", s.start, s.end, text[s.start : s.end]) for s in sentences_of(db, doc_id)]
    for r in db.execute("SELECT start, end, text FROM claims WHERE doc_id = ? ORDER BY start", (doc_id,)):
        spans.append(Span("claim", r["start"], r["end"], r["text"]))
    for r in db.execute("SELECT start, end, text FROM quotes WHERE doc_id = ? ORDER BY start", (doc_id,)):
        spans.append(Span("quote", r["start"], r["end"], r["text"]))
    unique = {(s.kind, s.start, s.end): s for s in spans if s.text.strip()}
    return list(unique.values())


def sentences_of(db: Database, doc_id: str) -> list[SentenceRow]:
    rows = db.execute("SELECT start, end, voice FROM voices WHERE doc_id = ? ORDER BY start", (doc_id,))
    return [SentenceRow(r["start"], r["end"], r["voice"]) for r in rows]


def vector_matrix(db: Database, model: str, *, kinds: Sequence[str] = KINDS) -> tuple[list[VectorRef], Vectors]:
    """Every vector of the latest document versions, of these kinds, as rows of one matrix."""
    marks = ", ".join("?" * len(kinds))
    rows = db.execute(
        "SELECT v.doc_id, v.kind, v.start, v.end, v.vector FROM vectors v JOIN documents d ON d.id = v.doc_id "
        f"WHERE v.model = ? AND v.kind IN ({marks}) AND {LATEST_D} ORDER BY v.id",
        (model, *kinds),
    ).fetchall()
    refs = [VectorRef(r["doc_id"], r["kind"], r["start"], r["end"]) for r in rows]
    if not rows:
        return refs, np.zeros((0, 0), dtype=np.float32)
    blob = b"".join(r["vector"] for r in rows)
    return refs, np.frombuffer(blob, dtype=np.float32).reshape(len(rows), -1)


@dataclass(frozen=True)
class DocumentHead:
    doc_id: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    text: str


def document_heads(db: Database, doc_ids: Sequence[str]) -> dict[str, DocumentHead]:
    """Metadata and text of these documents, by id."""
    found: dict[str, DocumentHead] = {}
    for doc_id in doc_ids:
        r = db.execute(
            "SELECT id, source, title, outlet, published, text FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if r is not None:
            found[doc_id] = DocumentHead(r["id"], r["source"], r["title"], r["outlet"], r["published"], r["text"])
    return found


@dataclass(frozen=True)
class Holding:
    """Who holds the words of a span: a stored claim's holder, or a quote's speaker."""

    start: int
    end: int
    holder: str | None
    voice: str
    claim_id: str | None


def holdings(db: Database, doc_id: str) -> list[Holding]:
    """The claims and quotes of a document with their holders and speakers, claims first."""
    found = [
        Holding(r["start"], r["end"], r["holder"], r["voice"], r["id"])
        for r in db.execute(
            "SELECT id, start, end, holder, voice FROM claims WHERE doc_id = ? ORDER BY start", (doc_id,)
        )
    ]
    for r in db.execute("SELECT start, end, speaker, kind FROM quotes WHERE doc_id = ? ORDER BY start", (doc_id,)):
        found.append(
            Holding(r["start"], r["end"], r["speaker"], "quote" if r["kind"] != "indirect" else "reported", None)
        )
    return found


def vector_stamp(db: Database) -> tuple[int, int]:
    """Changes whenever vectors are added or replaced: (count, highest row id)."""
    r = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM vectors").fetchone()
    return int(r[0]), int(r[1])
