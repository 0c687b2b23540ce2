"""Propaganda-technique spans in the store: written in a document's annotation transaction, read per document
for the reader and the export, and counted per outlet, voice and technique for the framing table."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from dossier.records import Technique
from dossier.store.db import Database
from dossier.store.queries import LATEST

FramingAxis = Literal["outlet", "voice", "technique"]
COLUMNS = "doc_id, start, end, text, technique, confidence, voice, extractor"
CURRENT = f"(SELECT * FROM documents WHERE {LATEST})"  # the current version of each source


def write_techniques(db: Database, doc_id: str, techniques: list[Technique]) -> None:
    """Replace one document's technique spans; the caller holds the transaction."""
    db.execute("DELETE FROM techniques WHERE doc_id = ?", (doc_id,))
    db.executemany(
        f"INSERT OR IGNORE INTO techniques ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, t.start, t.end, t.text, t.technique, t.confidence, t.voice, t.extractor) for t in techniques],
    )


def techniques_of(db: Database, doc_id: str) -> list[Technique]:
    rows = db.execute(f"SELECT {COLUMNS} FROM techniques WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
    return [Technique(**dict(r)) for r in rows]


class FramingRow(BaseModel):
    """Techniques per 1,000 words for one outlet (or all), one voice (or all), one technique (or all)."""

    outlet: str
    voice: str
    technique: str
    count: int
    words: int
    documents: int
    per_1000_words: float


def framing_rows(
    db: Database, *, by: tuple[FramingAxis, ...] = ("outlet", "voice"), outlet: str | None = None
) -> list[FramingRow]:
    """Technique counts grouped by the axes asked for, with the words of the documents they were counted over.

    Rates are per 1,000 words of the outlet's current documents, so an outlet's own loaded language and its
    sources' add up to its total rate.
    """
    columns = {"outlet": "COALESCE(d.outlet, '(unknown)')", "voice": "t.voice", "technique": "t.technique"}
    group = [columns[axis] for axis in by]
    selected = ", ".join(f"{columns[a]} AS {a}" if a in by else f"'' AS {a}" for a in columns)
    where, args = ("WHERE COALESCE(d.outlet, '(unknown)') = ?", [outlet]) if outlet else ("", [])
    counts = db.execute(
        f"SELECT {selected}, COUNT(*) AS n FROM techniques t JOIN {CURRENT} d ON d.id = t.doc_id {where} "
        + (f"GROUP BY {', '.join(group)} " if group else "")
        + "ORDER BY n DESC, outlet, voice, technique",
        args,
    ).fetchall()  # column expressions are constants chosen above; values are parameters
    words = _words_by_outlet(db)
    out = []
    for r in counts:
        scope = [w for o, w in words.items() if not r["outlet"] or o == r["outlet"]]
        if outlet:
            scope = [words.get(outlet, (0, 0))]
        scope_words = sum(w for w, _ in scope)
        rate = round(1000 * r["n"] / scope_words, 2) if scope_words else 0.0
        out.append(
            FramingRow(
                outlet=r["outlet"], voice=r["voice"], technique=r["technique"], count=r["n"], words=scope_words,
                documents=sum(d for _, d in scope), per_1000_words=rate,
            )
        )  # fmt: skip
    return out


def _words_by_outlet(db: Database) -> dict[str, tuple[int, int]]:
    """(words, documents) per outlet over the current version of each annotated document."""
    rows = db.execute(
        f"SELECT COALESCE(d.outlet, '(unknown)') AS outlet, "
        "SUM(LENGTH(TRIM(d.text)) - LENGTH(REPLACE(TRIM(d.text), ' ', '')) + 1) AS words, COUNT(*) AS docs "
        f"FROM {CURRENT} d JOIN annotations a ON a.doc_id = d.id GROUP BY 1"
    ).fetchall()
    return {r["outlet"]: (int(r["words"] or 0), int(r["docs"])) for r in rows}


def outlets_with_techniques(db: Database) -> list[str]:
    rows = db.execute(
        f"SELECT DISTINCT COALESCE(d.outlet, '(unknown)') FROM techniques t JOIN {CURRENT} d ON d.id = t.doc_id"
    ).fetchall()
    return sorted(r[0] for r in rows)


def techniques_in_spans(db: Database, spans: list[tuple[str, int, int]]) -> dict[tuple[str, int, int], list[Technique]]:
    """The technique spans inside each (doc_id, start, end) stretch, e.g. an event's sentences."""
    out: dict[tuple[str, int, int], list[Technique]] = {}
    for doc_id, start, end in spans:
        rows = db.execute(
            f"SELECT {COLUMNS} FROM techniques WHERE doc_id = ? AND start >= ? AND end <= ? ORDER BY start",
            (doc_id, start, end),
        ).fetchall()
        out[(doc_id, start, end)] = [Technique(**dict(r)) for r in rows]
    return out
