"""Graph and calendar exports open in the tools analysts use: networkx/Gephi, icalendar, pandas."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import icalendar
import networkx as nx
import pytest
from click.testing import CliRunner
from spacy.language import Language

from dossier.cli import cli
from dossier.export.calendar import date_span
from dossier.store.db import connect
from tests.web.corpus import OUSTER_DOC, seeded_database


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    return seeded_database(tmp_path_factory, nlp)


def exported(db_path: Path, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2022-04", date(2022, 4, 1), date(2022, 4, 30)),
        ("2015-W25", date(2015, 6, 15), date(2015, 6, 21)),  # ISO week 25 of 2015: Monday to Sunday
        ("1973", date(1973, 1, 1), date(1973, 12, 31)),
        ("2022-02-24", date(2022, 2, 24), date(2022, 2, 24)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # a leap year's February
        ("197", date(1970, 1, 1), date(1979, 12, 31)),  # the 1970s
    ],
)
def test_calendar_date_span_covers_the_granularity_written(value: str, first: date, last: date) -> None:
    span = date_span(value)
    assert span is not None
    assert span[:2] == (first, last)


@pytest.mark.parametrize("value", ["PRESENT_REF", "XXXX-02-24", "2022-02-30", None])
def test_calendar_date_span_is_none_off_the_calendar(value: str | None) -> None:
    assert date_span(value) is None


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_export_opens_in_networkx(db_path: Path, tmp_path: Path, fmt: str) -> None:
    path = exported(db_path, tmp_path, "--what", "graph", "--format", fmt)
    net = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    labels = {data["label"] for _, data in net.nodes(data=True)}
    assert {"Imran Khan", "United States"} <= labels
    khan = next(n for n, data in net.nodes(data=True) if data["label"] == "Imran Khan")
    edges = list(net.out_edges(khan, data=True))
    assert edges, "the protagonist of the ouster story acts on someone"
    for _, _, data in edges:  # every attribute is a scalar, which is what made write_graphml possible
        assert all(isinstance(v, str | int | float) for v in data.values())
        assert data["polarity"] in {"cooperative", "conflictual", "quote"}
        assert data["weight"] >= 1


@pytest.mark.slow
def test_graph_export_csv_is_an_edge_list_with_names(db_path: Path, tmp_path: Path) -> None:
    rows = list(csv.DictReader(exported(db_path, tmp_path, "--what", "graph", "--format", "csv").open()))
    assert rows
    assert all(r["source_name"] and r["target_name"] and int(r["weight"]) >= 1 for r in rows)
    assert any(r["source_name"] == "Imran Khan" for r in rows)


@pytest.mark.slow
def test_events_ics_parses_and_spans_the_granularity(db_path: Path, tmp_path: Path) -> None:
    path = exported(db_path, tmp_path, "--what", "events", "--format", "ics")
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = cal.walk("VEVENT")
    assert events
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert isinstance(start, date) and end > start  # all-day, DTEND exclusive
        assert str(event["uid"]).endswith("@dossier")
    years = [e for e in events if e.decoded("dtstart") == date(1973, 1, 1) and e.decoded("dtend") == date(1974, 1, 1)]
    assert years, "the ouster story dates the palace coup to 1973 as a whole year"


@pytest.mark.slow
def test_events_csv_dates_parse_with_pandas(db_path: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(exported(db_path, tmp_path, "--what", "events", "--format", "csv"))
    dated = frame.dropna(subset=["date_start"])
    assert len(dated) and len(frame) > len(dated)  # undated events stay in the CSV, without a span
    starts, ends = pd.to_datetime(dated["date_start"]), pd.to_datetime(dated["date_end"])
    assert (ends >= starts).all()
    month = dated[dated["date"].str.fullmatch(r"\d{4}-\d{2}")].iloc[0]
    assert month["date_start"].endswith("-01") and month["granularity"] == "month"
    assert OUSTER_DOC in set(frame["doc_id"])


def test_export_refuses_a_format_the_kind_cannot_take(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    connect(db).close()
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--what", "graph", "--format", "ics"])
    assert result.exit_code == 2
    assert "--what graph exports as graphml or gexf or csv" in result.output


def test_export_help_points_at_nothing_the_user_lacks() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "shared/" not in result.output and "DESIGN.md" not in result.output
    assert "--what graph --format gexf" in result.output
