"""A fresh PostgreSQL schema per test, in the server `DOSSIER_TEST_PG` names (`make test` starts one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
import pytest

from dossier.store.postgres import close_pools


def postgres_server() -> str:
    url = os.environ.get("DOSSIER_TEST_PG", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("DOSSIER_TEST_PG is not set: CI runs the store tests on PostgreSQL too (make test sets it)")
        pytest.skip("no PostgreSQL server: set DOSSIER_TEST_PG (scripts/postgres.sh start prints a URL)")
    return url


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A --db URL whose connections see only a new, empty schema; dropped afterwards."""
    server = postgres_server()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # a generated name, not input
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        close_pools()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
