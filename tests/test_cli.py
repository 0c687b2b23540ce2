"""Every command works on a small fixture set, and every command documents itself with an example."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path
from typing import Any, cast

import click
import pytest
from click.testing import CliRunner, Result

from dossier.cli import cli
from tests.conftest import RESOURCES

ARTICLE = RESOURCES / "bad" / "article.html"
GERMAN = RESOURCES / "bad" / "german.html"
RSS = RESOURCES / "feeds" / "rss2.xml"
WITH_COMMENTS = """Reservoir levels fall to a ten-year low

By Ines Carvalho

March 3, 2023

Water levels in the Brennock reservoir fell to their lowest point in ten years this week, the regional water company said on Thursday, after the driest winter since records began.

The company asked households to avoid using hoses and said a formal ban could follow in April if the spring is as dry as forecasters expect.

3 Comments

Ruth Aldous
March 4, 2023
We had the same warning two years ago and nothing happened. Fix the leaks first.

Dev Patel
March 5, 2023
Our village well has been dry since February.
"""
CONTRACT = {"schema", "id", "source", "title", "authors", "outlet", "published", "language", "text", "comments"}


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    scrape = tmp_path / "reservoir.txt"
    scrape.write_text(WITH_COMMENTS)
    path = tmp_path / "cli.db"
    result = invoke("ingest", ARTICLE, scrape, RSS, GERMAN, "--db", path)
    assert result.exit_code == 0, result.output
    return path


def test_ingest_reports_each_document_and_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    first = invoke("ingest", ARTICLE, RSS, "--db", path)
    assert first.exit_code == 0, first.output
    assert first.stdout.count("ingested ") >= 3
    assert "3 ingested (0 new versions), 0 unchanged, 0 failed" in first.stdout
    again = invoke("ingest", ARTICLE, RSS, "--db", path)
    assert "0 ingested (0 new versions), 3 unchanged, 0 failed" in again.stdout


def test_ingest_without_inputs_is_a_usage_error() -> None:
    result = invoke("ingest")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_docs_lists_the_latest_documents(db: Path) -> None:
    result = invoke("docs", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Harbour council approves flood wall" in result.stdout
    assert "5 documents" in result.stdout
    rows = [json.loads(line) for line in invoke("docs", "--json", "--db", db).stdout.splitlines()]
    assert len(rows) == 5
    assert {r["title"] for r in rows} >= {
        "Reservoir levels fall to a ten-year low",
        "Ferry operator adds a late sailing on Fridays",
    }
    assert all("text" not in r for r in rows)
    assert len(invoke("docs", "--json", "--limit", "2", "--db", db).stdout.splitlines()) == 2


def test_show_prints_text_metadata_and_comments(db: Path) -> None:
    rows = [json.loads(line) for line in invoke("docs", "--json", "--db", db).stdout.splitlines()]
    reservoir = next(r for r in rows if r["title"] == "Reservoir levels fall to a ten-year low")
    result = invoke("show", reservoir["id"][:8], "--db", db)
    assert result.exit_code == 0, result.output
    assert "Ines Carvalho" in result.stdout and "2023-03-03" in result.stdout
    assert "2 reader comments" in result.stdout
    assert "Our village well has been dry since February." in result.stdout
    full = json.loads(invoke("show", reservoir["id"], "--json", "--db", db).stdout)
    assert full["comments"][0] == {
        "author": "Ruth Aldous",
        "date": "2023-03-04",
        "text": "We had the same warning two years ago and nothing happened. Fix the leaks first.",
        "parent": None,
    }
    assert full["text"].startswith("Water levels in the Brennock reservoir")


def test_show_unknown_id_is_one_error_line(db: Path) -> None:
    result = invoke("show", "ffffffffffff", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no document with id 'ffffffffffff' (`dossier docs` lists them)"


def test_search_prints_hits_with_snippets(db: Path) -> None:
    result = invoke("search", "reservoir", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Reservoir levels fall to a ten-year low" in result.stdout
    assert "\x02" not in result.stdout  # the highlight markers are styled, not printed
    assert "hits" in result.stdout.splitlines()[-1]
    assert invoke("search", "zeppelin", "--db", db).stdout.strip().endswith("0 hits")


def test_search_with_invalid_query_is_one_error_line(db: Path) -> None:
    result = invoke("search", "AND OR", "--db", db)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: invalid search query")


def test_export_jsonl_follows_the_contract(db: Path) -> None:
    result = invoke("export", "--format", "jsonl", "--db", db)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    for record in records:
        assert record.keys() >= CONTRACT
        assert record["schema"] == "dossier.export/1"
        assert isinstance(record["id"], str) and len(record["id"]) >= 8
        assert isinstance(record["authors"], list) and all(isinstance(a, str) for a in record["authors"])
        assert isinstance(record["text"], str) and record["text"].strip()
        assert record["published"] is None or len(record["published"]) >= 4
        for comment in record["comments"]:
            assert {"author", "date", "text"} <= comment.keys()
    by_title = {r["title"]: r for r in records}
    harbour = by_title["Harbour council approves flood wall after two-year dispute"]
    assert harbour["source"] == str(ARTICLE)  # the path as given
    assert (harbour["outlet"], harbour["published"], harbour["language"]) == (
        "The Lakeside Courier",
        "2023-03-14",
        "en",
    )
    assert harbour["authors"] == ["Marta Okonkwo"]
    reservoir = by_title["Reservoir levels fall to a ten-year low"]
    assert [c["author"] for c in reservoir["comments"]] == ["Ruth Aldous", "Dev Patel"]
    assert by_title["Stadtrat beschließt neue Radwege in der Altstadt"]["language"] == "de"
    assert sum(r["source"].startswith(f"{RSS}#") for r in records) == 2


def test_export_csv_has_a_header_and_one_row_per_document(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs.csv"
    result = invoke("export", "--format", "csv", "-o", out, "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 5
    assert {"schema", "id", "source", "title", "authors", "published", "language", "text", "comments"} <= rows[0].keys()
    reservoir = next(r for r in rows if r["title"] == "Reservoir levels fall to a ten-year low")
    assert reservoir["comments"] == "2"
    assert reservoir["authors"] == "Ines Carvalho"
    assert "\n\n" in reservoir["text"]  # multi-line text survives CSV quoting


def test_reading_commands_on_a_missing_store_fail_cleanly(tmp_path: Path) -> None:
    for command in ("docs", "export"):
        result = invoke(command, "--db", tmp_path / "none.db")
        assert result.exit_code == 2
        assert "no database here yet" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_every_command_has_help_with_an_example() -> None:
    assert isinstance(cli, click.Group)
    assert set(cli.commands) >= {"ingest", "docs", "show", "search", "export"}
    for name in cli.commands:
        result = invoke(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"`dossier {name} --help` has no example"
        assert f"dossier {name}" in result.stdout.split("Example", 1)[1], f"the example for {name} does not run {name}"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import shared_path

    path = tmp_path_factory.mktemp("cli") / "seeds.db"
    result = invoke("ingest", shared_path("seeds"), "--db", path, "--quiet")
    assert result.exit_code == 0, result.output
    assert "5 annotated" in result.output
    return path


def test_entities_ranks_people_by_documents(seeds_db: Path) -> None:
    result = invoke("entities", "--type", "person", "--db", seeds_db, "--limit", "5")
    assert result.exit_code == 0, result.output
    first = next(line for line in result.output.splitlines()[1:] if line.strip())
    assert "Imran Khan" in first and first.split()[0] == "3"


def test_entity_shows_aliases_documents_and_neighbours(seeds_db: Path) -> None:
    result = invoke("entity", "PTI", "--db", seeds_db)
    assert result.exit_code == 0, result.output
    assert "Pakistan Tehreek-e-Insaf" in result.output and "co-occurring" in result.output
    assert invoke("entity", "Nobody At All", "--db", seeds_db).exit_code == 2


def test_timeline_is_chronological_with_evidence_and_json(seeds_db: Path) -> None:
    text = invoke("timeline", "--db", seeds_db, "--from", "2021-07", "--to", "2021-08")
    assert text.exit_code == 0, text.output
    assert text.output.index("2021-07-01") < text.output.index("2021-08-15")
    assert "evacuated Bagram airbase" in " ".join(text.output.split())  # wrapped at the terminal's width
    data = json.loads(invoke("timeline", "--db", seeds_db, "--entity", "Imran Khan", "--format", "json").output)
    assert {(e["date"], e["type"]) for e in data} >= {("2022-04-10", "COERCE"), ("2022-11-03", "ASSAULT")}
    assert all(a["date"] <= b["date"] for a, b in itertools.pairwise(data) if len(a["date"]) == len(b["date"]) == 10)


def test_export_entities_and_events(seeds_db: Path) -> None:
    entities = [
        json.loads(line) for line in invoke("export", "--what", "entities", "--db", seeds_db).output.splitlines()
    ]
    assert any(e["name"] == "Soviet Union" and "Soviets" in e["aliases"] for e in entities)
    events = [json.loads(line) for line in invoke("export", "--what", "events", "--db", seeds_db).output.splitlines()]
    invasion = [e for e in events if e["type"] == "ASSAULT" and e["date"] == "1979-12"]
    assert invasion and any(p["name"] == "Soviet Union" and p["role"] == "actor" for p in invasion[0]["participants"])
    assert (invasion[0]["date_start"], invasion[0]["date_end"]) == ("1979-12-01", "1979-12-31")
    assert all(e["date_start"] is None for e in events if e["date"] is None)
    assert invoke("export", "--what", "entities", "--format", "csv", "--db", seeds_db).exit_code == 2
    table = invoke("export", "--what", "events", "--format", "csv", "--db", seeds_db)
    assert table.exit_code == 0 and table.output.startswith("event_id,type,date,date_start,date_end,")


def test_annotate_reruns_nothing_new_then_everything_with_all(seeds_db: Path) -> None:
    assert "0 annotated" in invoke("annotate", "--db", seeds_db, "--quiet").output
    assert "5 annotated" in invoke("annotate", "--all", "--db", seeds_db, "--quiet").output


def test_quotes_search_escapes_queries_like_search(seeds_db: Path) -> None:
    """`no-confidence` is a column filter to bare FTS5; every search path quotes it the same way."""
    assert "0 hits" not in invoke("search", "no-confidence", "--db", seeds_db).output
    found = invoke("quotes", "--search", "no-confidence", "--db", seeds_db)
    assert found.exit_code == 0, found.output
    assert "vote of no-confidence succeeds" in found.output and "Donald Lu" in found.output
    assert "collaborating with the United States" in found.output
    bad = invoke("quotes", "--search", "Khan AND", "--db", seeds_db)
    assert bad.exit_code == 2 and bad.stderr.startswith("error: invalid search query 'Khan AND'")


def test_claims_json_carries_each_clusters_counts(seeds_db: Path) -> None:
    result = invoke("claims", "--min-docs", "1", "--limit", "200", "--format", "json", "--db", seeds_db)
    assert result.exit_code == 0, result.output
    clusters = json.loads(result.output)
    assert clusters and all(k["doc_count"] == len({c["doc_id"] for c in k["members"]}) for k in clusters)
    assert all(1 <= k["independent"] <= len(k["members"]) for k in clusters)
    assert all(k["kind"] == k["members"][0]["kind"] and isinstance(k["contested"], bool) for k in clusters)


def test_resolve_all_relinks_every_document_and_keeps_the_entities(seeds_db: Path) -> None:
    before = invoke("entities", "--db", seeds_db, "--limit", "10").stdout
    assert "0 linked" in invoke("resolve", "--db", seeds_db, "--quiet").output  # ingest linked them already
    result = invoke("resolve", "--all", "--db", seeds_db, "--quiet")
    assert result.exit_code == 0 and "5 linked" in result.output, result.output
    assert invoke("entities", "--db", seeds_db, "--limit", "10").stdout == before


def test_relations_between_two_entities_over_time(seeds_db: Path) -> None:
    """Real facts of the seeds: Khan's Moscow visit of 24 February 2022 (he met Putin), the Soviet invasion."""
    khan_putin = invoke("relations", "--between", "Imran Khan", "Vladimir Putin", "--format", "json", "--db", seeds_db)
    assert khan_putin.exit_code == 0, khan_putin.output
    feb = [r for r in json.loads(khan_putin.output) if r["period"] == "2022-02"]
    assert feb and feb[0]["balance"] > 0 and "Moscow" in feb[0]["evidence"][0]["text"]
    soviet = json.loads(invoke("relations", "--between", "Soviet Union", "Afghanistan", "--format", "json",
                               "--db", seeds_db).output)  # fmt: skip
    assert any(r["period"] == "1979-12" and r["conflictual"] >= 1 and r["balance"] < 0 for r in soviet)
    # Khan "complained" of the US in the article of 2 April 2022: "Whenever the US needed us, they established …"
    khan_us = json.loads(invoke("relations", "--between", "Imran Khan", "United States", "--format", "json",
                                "--from", "2022", "--to", "2022", "--db", seeds_db).output)  # fmt: skip
    assert any(r["period"] == "2022-04" and r["balance"] < 0 and r["evidence"][0]["kind"] == "quote" for r in khan_us)
    text = invoke("relations", "--between", "Soviet Union", "Afghanistan", "--db", seeds_db).output
    assert "1979-12" in text and "conflictual" in text
    records = [json.loads(x) for x in invoke("export", "--what", "relations", "--db", seeds_db).output.splitlines()]
    assert records and all(r["schema"] == "dossier.relation/1" and r["evidence"] for r in records)
    assert invoke("relations", "--between", "Nobody Known", "Afghanistan", "--db", seeds_db).exit_code != 0


def test_relations_between_states_through_the_offices_the_seeds_state(seeds_db: Path) -> None:
    """Khan's Moscow visit of 24 February 2022 (Putin offered him arms) is Pakistan — Russia cooperation, and his
    complaint of the US in the article of 2 April 2022 Pakistan — US conflict: "Russian President Putin" and "the
    Pakistani prime minister" (the only bare Prime Minister there is Khan) say whose leaders they are."""
    import sqlite3

    def between(a: str, b: str) -> list[dict[str, Any]]:
        result = invoke("relations", "--between", a, b, "--format", "json", "--db", seeds_db)
        assert result.exit_code == 0, result.output
        return cast(list[dict[str, Any]], json.loads(result.output))

    texts = dict(sqlite3.connect(seeds_db).execute("SELECT id, text FROM documents").fetchall())

    def stated(a: dict[str, Any]) -> str:
        return cast(str, texts[a["doc_id"]][a["statement"][0] : a["statement"][1]])

    [feb] = [r for r in between("Pakistan", "Russia") if r["period"] == "2022-02"]
    assert feb["balance"] > 0 and feb["cooperative"] >= 1
    [offer] = feb["evidence"]
    assert offer["type"] == "AGREE" and "President Putin reportedly offered Imran Khan S-300" in offer["text"]
    assert texts[offer["doc_id"]][offer["sentence"][0] : offer["sentence"][1]].startswith("During Imran Khan's")
    assert {(a["name"], a["state_name"], stated(a)) for a in offer["affiliations"]} == {
        ("Vladimir Putin", "Russia", "Russian President Putin"),
        ("Imran Khan", "Pakistan", "Pakistani prime minister"),
    }
    pk_us = [r for r in between("Pakistan", "United States") if r["period"].startswith("2022")]
    conflict = [r for r in pk_us if r["balance"] < 0]
    assert conflict and conflict[0]["period"] == "2022-04"
    [complaint] = conflict[0]["evidence"]
    assert complaint["kind"] == "quote" and complaint["text"].startswith("Whenever the US needed us")
    assert [(a["name"], a["title"]) for a in complaint["affiliations"]] == [("Imran Khan", "prime minister")]
    # Donald Lu is "Assistant Secretary of State" with no state said: his warning to Pakistan's ambassador counts for
    # Pakistan — Donald Lu, and for no state of his
    lu = between("Donald Lu", "Pakistan")
    assert lu and all(a["name"] == "Asad Majeed" for r in lu for e in r["evidence"] for a in e["affiliations"])
    records = [json.loads(x) for x in invoke("export", "--what", "relations", "--db", seeds_db).output.splitlines()]
    assert any(
        r["name_a"] == "Pakistan" and r["name_b"] == "Russia" and r["date_start"] == "2022-02-01" for r in records
    )


def test_cli_engine_ray_without_ray_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # as if ray were not installed
    db = tmp_path / "d.db"
    result = CliRunner().invoke(cli, ["ingest", str(ARTICLE), "-q", "--engine", "ray", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: [E_ENGINE] --engine ray: ray is not installed (pip install 'ray[client]')"
    ]
