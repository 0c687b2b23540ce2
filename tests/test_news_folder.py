"""The whole html-news folder, ingested and annotated as a user would: every page stored, none failing.

Before the quantities fix one real page (a German dotted date, 01.01.2019) failed annotation on every ingest,
so each ingest of the folder exited 1; the issue also reported four pages failing with spaCy's E1002. This
runs the real command over all 91 pages and asserts the exit status and the summary line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path

DOSSIER = Path(sys.executable).parent / "dossier"


@pytest.mark.slow
def test_every_html_news_page_ingests_and_annotates(tmp_path: Path) -> None:
    folder = shared_path("html-news", "html")
    pages = sorted(folder.glob("*.html.gz"))
    proc = subprocess.run(
        [DOSSIER, "ingest", "-q", str(folder), "--db", str(tmp_path / "news.db")],
        capture_output=True, text=True, check=False, timeout=1800,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert f"{len(pages)} ingested" in proc.stdout and ", 0 failed" in proc.stdout
    assert f"{len(pages)} annotated, 0 failed" in proc.stdout, proc.stdout[-2000:]
    assert "E_ANNOTATE" not in proc.stdout + proc.stderr
