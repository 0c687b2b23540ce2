"""The store tests run on both backends: every test taking `store` or `store_target` runs once on a SQLite file
and once on PostgreSQL (a fresh schema per test in the server `DOSSIER_TEST_PG` names; `make test` starts a
throwaway cluster and sets it). Without that variable the PostgreSQL runs are skipped, except in CI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier.store.db import Database, connect
from tests.pgtarget import postgres_schema_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test's store lives: a new SQLite file, or a new empty PostgreSQL schema (as a --db URL)."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    with postgres_schema_url() as url:
        yield url


@pytest.fixture
def store(store_target: str) -> Iterator[Database]:
    db = connect(store_target)
    yield db
    db.close()
