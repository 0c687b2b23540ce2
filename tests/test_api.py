"""The Python API: open a collection, query it into records and DataFrames, annotate a string (README example)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

import dossier
from tests.annotate.test_spacy_plugin import readme_block
from tests.web.corpus import OUSTER_DOC, seeded_database


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    return seeded_database(tmp_path_factory, nlp)


@pytest.fixture
def col(db_path: Path) -> dossier.Collection:
    return dossier.open(db_path)


def test_api_public_surface_is_declared() -> None:
    assert {"open", "annotate_text", "Collection", "Results", "InvalidFilter"} <= set(dossier.__all__)
    assert all(hasattr(dossier, name) for name in dossier.__all__)


@pytest.mark.slow
def test_api_events_filter_and_frame_with_date_spans(col: dossier.Collection) -> None:
    events = col.events(entity="Imran Khan", date_from="2022")
    assert events and all(e.date and e.date >= "2022" for e in events)
    assert all(any(p.name == "Imran Khan" for p in e.participants) for e in events)
    frame = events.to_pandas()
    assert len(frame) == len(events)
    assert {"event_id", "type", "date", "date_start", "date_end", "participants"} <= set(frame.columns)
    assert all(start <= end for start, end in zip(frame["date_start"], frame["date_end"], strict=True))
    assert all(isinstance(d, date) for d in frame["date_start"])


@pytest.mark.slow
def test_api_each_query_returns_records_with_to_pandas(col: dossier.Collection) -> None:
    docs = col.documents()
    assert OUSTER_DOC in {d.id for d in docs}
    assert col.document(OUSTER_DOC[:8]) is not None and "Imran Khan" in col.document(OUSTER_DOC).text  # type: ignore[union-attr]
    people = col.entities(type="person", limit=5)
    assert people[0].name == "Imran Khan" and all(e.type == "PERSON" for e in people)
    lu = col.quotes(speaker="Donald Lu")
    assert lu and all(q.speaker and q.speaker.name == "Donald Lu" for q in lu)
    claims = col.claims(about="Imran Khan")
    assert claims and all(c.cluster_id for c in claims)
    hits = col.search("no-confidence")
    assert hits and all("\x02" in h.snippet for h in hits)
    for found in (docs, people, lu, claims, hits):
        frame = found.to_pandas()
        assert len(frame) == len(found)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.events(date_from="April"), "from: 'April' is not a date"),
        (lambda c: c.events(date_from="2022-13"), "from: '2022-13' is not a calendar date"),
        (lambda c: c.events(type="FOO"), "unknown event type FOO"),
        (lambda c: c.entities(type="FOO"), "unknown entity type 'FOO'"),
    ],
)
def test_api_refuses_bad_filters_like_the_cli(col: dossier.Collection, call: object, message: str) -> None:
    with pytest.raises(dossier.InvalidFilter, match=message):
        call(col)  # type: ignore[operator]


def test_api_open_names_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(dossier.DossierError, match="no database here yet"):
        dossier.open(tmp_path / "nothing.db")


@pytest.mark.slow
def test_api_annotate_text_resolves_against_published() -> None:
    found = dossier.annotate_text(
        '"We will not bow to pressure," Prime Minister Imran Khan said in Islamabad on Friday.', published="2022-04-10"
    )
    assert [(t.text, t.value) for t in found.timexes] == [("Friday", "2022-04-08")]
    assert [(q.speaker.name if q.speaker else None, q.text) for q in found.quotes] == [
        ("Imran Khan", "We will not bow to pressure")
    ]
    assert {(e.name, e.type) for e in found.entities} >= {("Imran Khan", "PERSON"), ("Islamabad", "GPE")}
    assert list(found.quotes.to_pandas()["cue"]) == ["said"]


@pytest.mark.slow
def test_api_readme_example_runs_as_written(db_path: Path, tmp_path: Path) -> None:
    shutil.copy(db_path, tmp_path / "dossier.db")
    run = subprocess.run(
        [sys.executable, "-c", readme_block("python-example")], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "quotes by Donald Lu" in run.stdout and "0 quotes by" not in run.stdout
    assert "Imran Khan" in run.stdout
    assert "Thursday → 2022-02-24" in run.stdout
