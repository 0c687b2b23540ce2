"""`dossier quotes`: each row says where and when it was printed; reported speech carries no quote marks."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dossier.cli import cli

REPORT = """Reservoir levels fall to a ten-year low

By Ines Carvalho

March 3, 2023

Water levels in the Brennock reservoir fell to their lowest point in ten years this week, after the driest
winter since records began, and the town council met on Wednesday evening to discuss the supply.

The regional water company said on Thursday that a formal ban on garden hoses could follow in April.

“We are asking every household to help us through the spring,” said Maria Duarte, the company's director.
"""


def test_quotes_rows_show_date_and_indirect_speech_unquoted(tmp_path: Path) -> None:
    scrape = tmp_path / "reservoir.txt"
    scrape.write_text(REPORT)
    db = tmp_path / "q.db"
    ingest = CliRunner().invoke(cli, ["ingest", str(scrape), "--db", str(db)])
    assert ingest.exit_code == 0, ingest.output
    result = CliRunner().invoke(cli, ["quotes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    indirect = next(i for i, line in enumerate(lines) if "indirect" in line)
    assert "2023-03-03" in lines[indirect]
    assert "a formal ban on garden hoses could follow in April" in lines[indirect + 1]
    assert "“" not in lines[indirect + 1]  # curly quotes would claim the words are verbatim
    direct = next(i for i, line in enumerate(lines) if "Maria Duarte" in line)
    assert "2023-03-03" in lines[direct] and "“We are asking every household to help us" in lines[direct + 1]
