"""The CLI says no to bad values in one line, prints JSON everywhere, wraps instead of cutting, and explains itself."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient
from spacy.language import Language

from dossier.cli import cli
from dossier.store.db import connect
from dossier.web.app import create_app
from tests.web.corpus import OUSTER_DOC, seeded_database

READ_COMMANDS = [
    ["docs"],
    ["show", OUSTER_DOC[:8]],
    ["search", "Khan"],
    ["entities"],
    ["entity", "Imran Khan"],
    ["timeline"],
    ["quotes"],
    ["claims", "--min-docs", "1"],
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    return seeded_database(tmp_path_factory, nlp)


def run(db_path: Path, *args: str, columns: int = 80) -> Result:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, [*args, "--db", str(db_path)])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["timeline", "--from", "April"], "'April' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
        (["timeline", "--from", "2022-13"], "'2022-13' is not a calendar date"),
        (["timeline", "--to", "2022-02-30"], "'2022-02-30' is not a calendar date"),
        (["timeline", "--from", "2022-05", "--to", "2022-04"], "2022-05 is later than the end of the range"),
        (["entities", "--type", "FOO"], "unknown entity type 'FOO'; use one of PERSON, ORG, GPE"),
        (["quotes", "--limit", "0"], "--limit"),
    ],
)
def test_cli_bad_filter_is_one_line_and_exit_2(db_path: Path, args: list[str], reason: str) -> None:
    result = run(db_path, *args)
    assert result.exit_code == 2
    assert reason in result.stderr
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1, result.stderr
    assert "dated events" not in result.output


@pytest.mark.slow
def test_cli_and_api_refuse_the_same_dates_for_the_same_reason(db_path: Path) -> None:
    cli_line = run(db_path, "timeline", "--from", "2022-13").stderr
    with TestClient(create_app(str(db_path))) as client:
        for path in ("/api/v1/events", "/api/v1/timeline", "/api/v1/documents"):
            answer = client.get(path, params={"from": "2022-13"})
            assert answer.status_code == 400, path
            message = answer.json()["error"]["message"]
            assert "'2022-13' is not a calendar date" in message and message.split(": ", 1)[1] in cli_line
        assert client.get("/api/v1/entities", params={"type": "FOO"}).status_code == 400
        assert client.get("/api/v1/entities", params={"type": "person"}).status_code == 200
        assert client.get("/api/v1/events", params={"type": "FOO"}).status_code == 400


@pytest.mark.slow
def test_cli_lowercase_entity_type_is_accepted(db_path: Path) -> None:
    result = run(db_path, "entities", "--type", "person", "--format", "json")
    assert result.exit_code == 0
    people = json.loads(result.output)
    assert people and {e["type"] for e in people} == {"PERSON"}


@pytest.mark.slow
@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_cli_every_read_command_prints_json(db_path: Path, args: list[str]) -> None:
    result = run(db_path, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert parsed, f"{args[0]} printed empty JSON"
    assert "\x02" not in result.output  # search highlight marks are for terminals


@pytest.mark.slow
def test_cli_plurals_agree_with_counts(db_path: Path) -> None:
    assert run(db_path, "search", "Brzezinski").output.strip().endswith("1 hit")
    assert "hits" in run(db_path, "search", "Khan").output
    assert run(db_path, "docs", "--limit", "1").output.strip().endswith("1 document")


@pytest.mark.slow
def test_cli_claims_wrap_at_the_terminal_width_instead_of_cutting(db_path: Path) -> None:
    shown = ("claims", "--min-docs", "1", "--limit", "50")  # the same clusters in JSON and as text
    clusters = json.loads(run(db_path, *shown, "--format", "json").output)
    longest = max((c["text"] for k in clusters for c in k["members"]), key=len)
    assert len(longest) > 220  # longer than the old fixed cut
    for columns in (80, 200):
        output = run(db_path, *shown, columns=columns).output
        assert all(len(line) <= columns for line in output.splitlines())
        assert " ".join(longest.split()[-6:]) in " ".join(output.split())  # the end of the longest claim is shown


@pytest.mark.slow
def test_cli_ambiguous_prefix_lists_the_candidates(db_path: Path) -> None:
    result = run(db_path, "show", "d")  # the seeds have two ids starting with d
    assert result.exit_code == 2
    assert "'d' is ambiguous: 2 document ids start with it" in result.stderr
    assert "d5bdba3c6c41" in result.stderr and "d78a26ce4fab" in result.stderr
    unique = run(db_path, "show", "d5")  # a short prefix naming one document shows it
    assert unique.exit_code == 0 and "d5bdba3c6c4107b3" in unique.output


@pytest.mark.slow
def test_cli_search_syntax_error_is_explained_with_an_example(db_path: Path) -> None:
    result = run(db_path, "search", "Khan AND")
    assert result.exit_code == 2
    assert "fts5" not in result.stderr and 'near ""' not in result.stderr
    assert "Khan AND (Moscow OR Russia)" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.slow
def test_cli_contested_claims_say_why_there_are_none(db_path: Path) -> None:
    result = run(db_path, "claims", "--contested")
    assert result.exit_code == 0
    assert "0 contested clusters" in result.output
    assert "none has reports whose numbers, dates or negation disagree" in result.output


@pytest.mark.slow
def test_cli_timeline_states_what_it_leaves_out(db_path: Path) -> None:
    output = run(db_path, "timeline").output
    assert "events without a date not shown" in output


def test_cli_serve_on_a_busy_port_fails_before_printing_its_url(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    connect(db).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}: the port is already in use" in result.stderr
    assert "http://" not in result.output
