"""`--engine ray`: annotation on Ray actors gives the local engine's records and ids, and its failure semantics."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.store.db import connect
from tests.pgtarget import postgres_schema_url

from .conftest import ROOT, exported, shared_path

pytestmark = pytest.mark.slow
ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    """One local Ray for the module: the pool uses a Ray that is already running and leaves it so."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield
    ray.shutdown()


def ingested_export(target: str, *options: str) -> dict[str, Any]:
    folders = [str(shared_path("seeds")), str(ROOT / "examples" / "corpus")]
    run = CliRunner().invoke(cli, ["ingest", *folders, "-q", *options, "--db", target])
    assert run.exit_code == 0, run.output
    assert "13 annotated, 0 failed" in run.output
    return exported(target)


@pytest.fixture(scope="module")
def local_sqlite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The default engine on SQLite: what every other engine and backend must reproduce."""
    return ingested_export(str(tmp_path_factory.mktemp("local") / "local.db"))


def assert_same_exports(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert [d["id"] for d in got["documents"]] == [d["id"] for d in want["documents"]]
    assert any(d["quotes"] for d in got["documents"]) and got["events"] and got["claims"]
    for what in want:
        assert json.dumps(got[what], sort_keys=True) == json.dumps(want[what], sort_keys=True), what


def test_ray_engine_exports_match_local_engine(ray_cluster: None, local_sqlite: dict[str, Any], tmp_path: Path) -> None:
    assert_same_exports(ingested_export(str(tmp_path / "ray.db"), "--engine", "ray", "-j", "1"), local_sqlite)


def test_postgresql_exports_match_sqlite_on_both_engines(ray_cluster: None, local_sqlite: dict[str, Any]) -> None:
    with postgres_schema_url() as url:
        assert_same_exports(ingested_export(url), local_sqlite)
    with postgres_schema_url() as url:
        assert_same_exports(ingested_export(url, "--engine", "ray", "-j", "2"), local_sqlite)


def test_ray_engine_bad_file_costs_only_itself(ray_cluster: None, seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(seeds_dir.iterdir())[:2]:
        shutil.copy(seed, folder / seed.name)
    (folder / "scan.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    db = tmp_path / "ray.db"
    run = CliRunner().invoke(cli, ["ingest", str(folder), "-q", "--engine", "ray", "-j", "2", "--db", str(db)])
    assert run.exit_code == 1
    failed = [line for line in run.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "scan.html" in failed[0], run.stderr
    assert "2 annotated, 0 failed" in run.output
    stored = exported(db)["documents"]
    assert len(stored) == 2 and all(d["entities"] for d in stored)


def test_ray_pool_dead_actor_fails_only_its_chunk(ray_cluster: None, seeds_dir: Path) -> None:
    from dossier import collection
    from dossier.annotate.pool import CHUNK
    from dossier.annotate.raypool import RayAnnotationPool
    from dossier.store import queries

    db = connect(":memory:")
    collection.ingest(db, [str(seeds_dir)], annotate=False)
    stream = list(queries.documents(db)) * 2  # three chunks on one actor: two queued behind the one that dies
    with RayAnnotationPool(1) as pool:
        pool._actors = [pool._new_actor()]
        ray.kill(pool._actors[0])
        outcomes = list(pool.annotated(stream))
    assert [a.id for a, _ in outcomes] == [a.id for a in stream]
    failed = [o for _, o in outcomes if isinstance(o, str)]
    assert len(failed) == CHUNK and all(line.startswith("[E_ANNOTATE]") for line in failed)
    assert all(not isinstance(o, str) for _, o in outcomes[CHUNK:])
