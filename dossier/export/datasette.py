"""A Datasette `metadata.json` for a Dossier database: labels, descriptions and which tables to hide.

The links themselves are foreign keys in the schema (documents ← mentions, quotes, claims …; entities ↔
documents through `entity_documents`; quotes → speakers through `quote_speakers`), so Datasette shows an entity's
documents and a quote's speaker as links with no plugin; this file adds the human labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES: dict[str, dict[str, Any]] = {
    "documents": {"label_column": "title", "description": "One row per stored version of an article."},
    "entities": {"label_column": "name", "description": "Cross-document entities with their aliases."},
    "entity_documents": {"description": "Which documents name which entity (follow either link)."},
    "doc_entities": {"label_column": "name", "description": "Entities as one document names them."},
    "mentions": {"description": "Every mention: document, character offsets, surface text."},
    "quotes": {"label_column": "text", "description": "Quotes with speaker, cue, chain (via) and hedges."},
    "quote_speakers": {"description": "The resolved speaker of each quote (links to entities)."},
    "events": {"description": "Cross-document events (PLOVER type, date, participants)."},
    "event_mentions": {"description": "Each report of an event: trigger, sentence, mode, date."},
    "claims": {"label_column": "text", "description": "Check-worthy claims with holder and score."},
    "claim_clusters": {"label_column": "label", "description": "Claims clustered across documents."},
    "timexes": {"description": "Time expressions with their TIMEX3 value."},
}
HIDDEN = ("documents_fts", "quotes_fts", "migrations", "annotations", "voices")  # internals, not for browsing


def datasette_metadata(db_path: str | Path) -> dict[str, Any]:
    """Metadata for `datasette DB --metadata metadata.json`, keyed by the database name Datasette derives."""
    tables: dict[str, dict[str, Any]] = {name: dict(info) for name, info in TABLES.items()}
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    for prefix in ("documents_fts", "quotes_fts"):  # FTS5 shadow tables
        for suffix in ("data", "idx", "docsize", "config", "content"):
            tables[f"{prefix}_{suffix}"] = {"hidden": True}
    return {
        "title": "Dossier",
        "description": "Articles, entities, events, quotes and claims extracted by Dossier.",
        "databases": {Path(db_path).stem: {"tables": tables}},
    }
