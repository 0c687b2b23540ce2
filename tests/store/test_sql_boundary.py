"""All SQL lives in dossier/store/: no other module runs a statement, spells one, or opens a database itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dossier"
STORE = PACKAGE / "store"
SQL = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|"
    r"VIRTUAL|TRIGGER)|DROP\s+(TABLE|INDEX)|PRAGMA\s+\w+|ALTER\s+TABLE)\b",
    re.DOTALL,
)  # upper-case keywords as SQL is written here; prose ("select from the list") stays lower-case
RUNS_SQL = {"execute", "executemany", "executescript", "create_function"}


def sql_found(source: str) -> list[str]:
    """What in this module's source looks like SQL: statement calls, SQL string literals, sqlite3.connect."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in RUNS_SQL:
                found.append(f"line {node.lineno}: .{node.func.attr}(…)")
            elif node.func.attr == "connect" and getattr(node.func.value, "id", None) == "sqlite3":
                found.append(f"line {node.lineno}: sqlite3.connect(…)")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"line {node.lineno}: {node.value[:60]!r}")
    return found


def test_the_detector_sees_sql_in_its_usual_forms() -> None:
    assert len(sql_found('db.execute("SELECT id FROM documents WHERE x = ?", (1,))')) == 2
    assert sql_found('rows = con.executemany(f"INSERT OR IGNORE INTO {t} VALUES (?)", rows)')
    assert sql_found("q = 'UPDATE claims SET cluster_id = NULL'") and sql_found("sqlite3.connect(path)")
    assert sql_found('"""\n    DELETE FROM events\n"""')
    assert not sql_found('"""Select the documents from the library, then update the page."""')


def test_no_sql_outside_the_store() -> None:
    offenders = {
        str(path.relative_to(PACKAGE.parent)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if STORE not in path.parents and (found := sql_found(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, f"SQL belongs behind a named function in dossier/store/: {offenders}"


def test_the_store_is_where_the_sql_is() -> None:
    assert any(sql_found(path.read_text(encoding="utf-8")) for path in STORE.glob("*.py"))
