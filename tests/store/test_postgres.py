"""The PostgreSQL backend: statements rewritten right, the same query language, and a real server shared by two
concurrent ingests, the web API and semantic search (server tests need DOSSIER_TEST_PG; `make test` sets it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.store.db import connect
from dossier.store.fts import QueryError, tsquery
from dossier.store.migrations import MIGRATIONS
from dossier.store.postgres import translated
from dossier.web.app import create_app
from tests.conftest import exported, shared_path
from tests.pgtarget import postgres_schema_url

DOSSIER = Path(sys.executable).parent / "dossier"
KEYS = (("claims", (("id",),)), ("vectors", (("id",), ("doc_id", "kind", "start", "end"))))


@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT a FROM t WHERE b = ? AND c LIKE ? || '%'", "SELECT a FROM t WHERE b = %s AND c LIKE %s || '%%'"),
        ("SELECT start, end FROM quotes", 'SELECT start, "end" FROM quotes'),
        ("SELECT CASE WHEN x THEN 1 ELSE 0 END AS f, q.end FROM q", 'SELECT CASE WHEN x THEN 1 ELSE 0 END AS f, q."end" FROM q'),
        ("SELECT 1 FROM events e WHERE e.date GLOB '[0-9]*'", "SELECT 1 FROM events e WHERE e.date ~ '^[0-9].*$'"),
        ("SELECT a FROM t ORDER BY a, b DESC", "SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST"),
        ("SELECT a FROM t ORDER BY a LIMIT ?", "SELECT a FROM t ORDER BY a NULLS FIRST LIMIT dossier_limit(%s)"),
        ("SELECT (SELECT b FROM u ORDER BY b LIMIT 1) FROM t", "SELECT (SELECT b FROM u ORDER BY b NULLS FIRST LIMIT 1) FROM t"),
        ("SELECT a FROM t WHERE ? IS NULL", "SELECT a FROM t WHERE CAST(%s AS TEXT) IS NULL"),
        ("INSERT OR IGNORE INTO p (a, b) VALUES (?, ?)", "INSERT INTO p (a, b) VALUES (%s, %s) ON CONFLICT DO NOTHING"),
    ],
)  # fmt: skip
def test_statements_are_rewritten_into_postgresql(sqlite: str, postgres: str) -> None:
    assert translated(sqlite) == postgres


def test_insert_or_replace_upserts_on_the_key_its_columns_name() -> None:
    claims = translated("INSERT OR REPLACE INTO claims (id, text) VALUES (?, ?)", KEYS)
    assert claims.endswith("ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, rowid = DEFAULT")
    vectors = translated(
        "INSERT OR REPLACE INTO vectors (doc_id, kind, start, end, vector) VALUES (?, ?, ?, ?, ?)", KEYS
    )
    assert vectors.endswith('ON CONFLICT (doc_id, kind, start, "end") DO UPDATE SET vector = EXCLUDED.vector')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Khan AND (Moscow OR Russia)", "('Khan' & ('Moscow' | 'Russia'))"),
        ("Khan Moscow", "('Khan' & 'Moscow')"),
        ('"prime minister" NOT Bajwa', "('prime minister' & !'Bajwa')"),
        ("sanction* no-confidence", "('sanction':* & 'no-confidence')"),
        ("NEAR(Khan Putin, 5)", "('Khan' & 'Putin')"),
    ],
)
def test_the_documented_query_language_means_the_same_on_postgresql(query: str, expected: str) -> None:
    assert tsquery(query) == expected


@pytest.mark.parametrize("query", ["Khan AND", "(Moscow OR Russia", '"prime minister', "OR Khan"])
def test_an_unreadable_query_is_refused_before_the_server_sees_it(query: str) -> None:
    with pytest.raises(QueryError, match="invalid search query"):
        tsquery(query)


def test_migrations_are_recorded_with_the_sqlite_versions() -> None:
    with postgres_schema_url() as url:
        db = connect(url)
        recorded = [r[0] for r in db.execute("SELECT version FROM migrations ORDER BY version")]
        db.close()
        connect(url).close()  # opening again applies nothing twice
        again = connect(url, readonly=True)
        assert [r[0] for r in again.execute("SELECT version FROM migrations ORDER BY version")] == recorded
        again.close()
    assert recorded == sorted(v for v, _, _ in MIGRATIONS)


@pytest.mark.slow
def test_two_concurrent_ingests_into_postgresql_lose_nothing(tmp_path: Path) -> None:
    seeds = sorted(shared_path("seeds").iterdir())
    folders = [tmp_path / "a", tmp_path / "b"]
    for i, folder in enumerate(folders):
        folder.mkdir()
        for seed in seeds[i::2]:
            (folder / seed.name).write_bytes(seed.read_bytes())
    with postgres_schema_url() as url:
        connect(url).close()
        env = {**os.environ, "COLUMNS": "200"}
        runs = [
            subprocess.Popen([str(DOSSIER), "ingest", "-q", str(f), "--db", url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
            for f in folders
        ]  # fmt: skip
        for run in runs:
            _, err = run.communicate(timeout=1200)
            assert run.returncode == 0, err[-2000:]
        db = connect(url, readonly=True)
        counts = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "annotations")]
        resolved = db.execute("SELECT COUNT(*) FROM resolution_order").fetchone()[0]
        unassigned = db.execute("SELECT COUNT(*) FROM doc_entities WHERE entity_id IS NULL").fetchone()[0]
        db.close()
        assert counts == [len(seeds), len(seeds)] and resolved == len(seeds) and unassigned == 0
        incremental = json.dumps(exported(url), sort_keys=True)
        rerun = subprocess.run([str(DOSSIER), "resolve", "--all", "--db", url], capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        assert (
            json.dumps(exported(url), sort_keys=True) == incremental
        )  # what the two ingests linked as they went is what a full re-run gives
        assert '"name": "Imran Khan"' in incremental


@pytest.fixture(scope="module")
def seeded_postgres() -> object:
    with postgres_schema_url() as url:
        from dossier import collection

        db = connect(url)
        collection.ingest(db, [str(shared_path("seeds"))])
        db.close()
        yield url


@pytest.mark.slow
def test_the_web_api_reads_from_postgresql(seeded_postgres: str) -> None:
    with TestClient(create_app(seeded_postgres)) as client:
        docs = client.get("/api/v1/documents").json()
        assert docs["total"] == 5
        hits = client.get("/api/v1/search", params={"q": "Khan AND (Moscow OR Russia)"}).json()
        assert hits["items"] and all("\x02" not in h["snippet"] for h in hits["items"])  # marks become offsets
        assert client.get("/api/v1/search", params={"q": "Khan AND"}).status_code == 400
        khan = client.get("/api/v1/entities/Imran%20Khan").json()
        assert khan["entity"]["name"] == "Imran Khan" and khan["documents"]
        pk_ru = client.get("/api/v1/relations", params={"a": "Pakistan", "b": "Russia"}).json()  # through offices
        assert any(r["period"] == "2022-02" and r["evidence"][0]["affiliations"] for r in pk_ru)
        meaning = client.get("/api/v1/search", params={"q": "the army removed the prime minister", "mode": "semantic"})
        assert meaning.status_code == 200 and meaning.json()["items"]
