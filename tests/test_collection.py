"""The one driver: streaming through one pool whose workers never outlive the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.annotate.pool import chunks
from dossier.records import Article

WORKER_START_SECONDS = 120  # two spawned workers import spaCy and load the model on a busy shared machine
DEATH_SECONDS = 15  # the kernel's parent-death signal is immediate; allow for a loaded machine


def children_of(pid: int) -> dict[int, str]:
    """Live child processes of `pid` (zombies are dead) with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found[int(entry.name)] = cmdline
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_collection_killed_ingest_leaves_no_worker(tmp_path: Path, seeds_dir: Path) -> None:
    dossier = Path(sys.executable).with_name("dossier")
    run = subprocess.Popen(
        [str(dossier), "ingest", str(seeds_dir), "-j", "2", "--quiet", "--db", str(tmp_path / "k.db")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + WORKER_START_SECONDS
        workers: dict[int, str] = {}
        while time.monotonic() < deadline and len(workers) < 2:
            workers = {p: c for p, c in children_of(run.pid).items() if "spawn_main" in c}
            time.sleep(0.2)
        assert len(workers) == 2, f"the pool never started two workers: {children_of(run.pid)}"
        descendants = set(children_of(run.pid)) | set(workers)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + DEATH_SECONDS
        while time.monotonic() < deadline and any(alive(p) for p in descendants):
            time.sleep(0.2)
        assert [p for p in descendants if alive(p)] == []
    finally:
        if run.poll() is None:
            run.kill()


def test_collection_chunks_stream_without_reading_ahead() -> None:
    read: list[int] = []

    def stream() -> object:
        for n in range(10):
            read.append(n)
            yield Article(id=str(n), source=f"{n}.txt", format="text", text="x", extractor="test")

    first = next(chunks(stream(), 4))  # type: ignore[arg-type]
    assert [a.id for a in first] == ["0", "1", "2", "3"] and read == [0, 1, 2, 3]


@pytest.mark.slow
def test_collection_pool_workers_embed_and_the_driver_does_not(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With -j 2 the workers embed what they annotate: the driver stores and links without encoding a text."""
    from collections import OrderedDict

    from dossier import collection
    from dossier.resolve import claims as claim_module
    from dossier.store.db import connect

    encoded: list[str] = []
    real = claim_module._encoded

    def counted(texts: list[str]) -> claim_module.Vectors:
        encoded.extend(texts)
        return real(texts)

    monkeypatch.setattr(claim_module, "_RECENT", OrderedDict())
    monkeypatch.setattr(claim_module, "single_encoder", lambda: None)  # every encode in the driver is counted
    monkeypatch.setattr(claim_module, "_encoded", counted)
    db = connect(tmp_path / "j2.db")
    report = collection.ingest(db, [str(seeds_dir)], processes=2)
    assert report.annotate.done == 5 and report.annotate.failed == []
    assert encoded == []
    vectors = db.execute("SELECT kind, COUNT(*) AS n FROM vectors GROUP BY kind").fetchall()
    assert {r["kind"] for r in vectors} == {"sentence", "claim", "quote"}
    claims = db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    with_vectors = db.execute("SELECT COUNT(*) FROM claims WHERE embedding IS NOT NULL").fetchone()[0]
    assert claims > 0 and with_vectors == claims


@pytest.mark.slow
def test_collection_a_bare_annotation_pool_only_annotates(seeds_dir: Path) -> None:
    """`annotation_sets(-j 2)` is annotation alone (bench/annotate.py times it against bare spaCy): no vectors."""
    from dossier.annotate.run import annotation_sets
    from dossier.ingest.pipeline import article_from_raw
    from dossier.ingest.sources import Target, read_target

    articles = [article_from_raw(r) for f in sorted(seeds_dir.glob("*.txt"))[:2] for r in read_target(Target(str(f)))]
    found = [s for _, s in annotation_sets(articles, n_process=2)]
    assert len(found) == 2 and all(s.quotes or s.claims for s in found)
    assert all(s.embedded == {} for s in found)
