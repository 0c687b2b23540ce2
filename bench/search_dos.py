"""Search denial of service: hostile queries must be refused or answered within a bound, on a real collection.

The store is the shared html-news pages (91 documents, ingested without annotation). The baseline is an ordinary
one-word search timed in the same run; each hostile query is timed against it. A refused query (400) must come
back at once; an accepted one must stay within MAX_RATIO of the baseline and under the store's SEARCH_SECONDS.
Before the bound, `a* a* …` with 100 prefix terms took 108 s here.

    .venv/bin/python bench/search_dos.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from dossier.ingest.batch import ingested
from dossier.store.db import connect
from dossier.store.fts import MAX_PREFIX_TERMS, SEARCH_SECONDS, QueryError
from dossier.store.queries import search

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "html-news" / "html"
BASELINE = "government"
MAX_REFUSAL_SECONDS = 0.05  # a refusal is a string check, never a query
MAX_RATIO = 200.0  # the costliest allowed query against a one-word search: bounded, not free
HOSTILE = {
    "100 prefix terms": " ".join(["a*"] * 100),
    "allowed prefix terms": " ".join(["a*"] * MAX_PREFIX_TERMS),
    "allowed prefix terms OR": " OR ".join(["s*", "t*", "c*", "p*"][:MAX_PREFIX_TERMS]),
    "NEAR groups": "NEAR(a* b*, 100) NEAR(c* d*, 100) NEAR(e f, 100)",
    "one NEAR group": "NEAR(government minister, 50)",
    "40 terms": " ".join(f"w{i}" for i in range(40)),
    "long query": "x" * 5000,
}


def timed(db_path: Path, query: str, repeat: int = 3) -> tuple[float, str]:
    """Median seconds of `repeat` searches and what happened (hits, or the refusal)."""
    times, outcome = [], ""
    for _ in range(repeat):
        db = connect(db_path, readonly=True)
        started = time.perf_counter()
        try:
            outcome = f"{len(search(db, query, limit=20))} hits"
        except QueryError as exc:
            outcome = f"refused: {exc}"
        times.append(time.perf_counter() - started)
        db.close()
    return statistics.median(times), outcome


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "dos.db"
        db = connect(db_path)
        report = ingested(db, [str(CORPUS)])
        db.close()
        print(f"collection: {len(report.stored)} documents from {CORPUS}")
        base, _ = timed(db_path, BASELINE)
        print(f"{'baseline ' + repr(BASELINE):32} {base * 1000:8.1f} ms")
        ok = True
        for label, query in HOSTILE.items():
            seconds, outcome = timed(db_path, query)
            refused = outcome.startswith("refused")
            within = seconds <= MAX_REFUSAL_SECONDS if refused else seconds <= min(SEARCH_SECONDS, base * MAX_RATIO)
            ok = ok and within
            mark = "ok " if within else "SLOW"
            print(f"{label:32} {seconds * 1000:8.1f} ms  ×{seconds / base:7.1f}  {mark} {outcome[:70]}")
    print("search complexity bound: " + ("held" if ok else "NOT held"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
