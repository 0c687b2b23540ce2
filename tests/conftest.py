"""Shared fixtures: paths to the shared corpora (read in place, never copied) and a fresh store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from dossier.store.db import connect

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
RESOURCES = Path(__file__).resolve().parent / "resources"


def shared_path(*parts: str) -> Path:
    """A path inside ../shared/corpus, skipping the test when the shared corpora are not beside the clone."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not present: {path}")
    return path


def exported(target: str | Path) -> dict[str, Any]:
    """A store's export records (documents, entities, events, claims): what two stores must agree on."""
    from dossier.export.contract import claim_records, document_records, entity_records, event_records

    db = connect(target, readonly=True)
    try:
        return {
            "documents": list(document_records(db)),
            "entities": list(entity_records(db)),
            "events": list(event_records(db)),
            "claims": list(claim_records(db)),
        }
    finally:
        db.close()


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def html_news_dir() -> Path:
    return shared_path("html-news")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    db = connect(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full Dossier pipeline, loaded once per test session."""
    from dossier.annotate.pipeline import built_nlp

    return built_nlp()
