"""The store only stores: no module in dossier/store imports a resolver, an annotator or a model library."""

from __future__ import annotations

import ast
from pathlib import Path

STORE = Path(__file__).resolve().parents[2] / "dossier" / "store"
FORBIDDEN = ("dossier.resolve", "dossier.annotate", "dossier.collection", "spacy", "sentence_transformers", "torch")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_store_imports_no_resolver_annotator_or_model() -> None:
    modules = sorted(STORE.glob("*.py"))
    assert len(modules) >= 5  # the scan sees the real package
    offending = {
        path.name: sorted(m for m in imported_modules(path) if m.startswith(FORBIDDEN))
        for path in modules
        if any(m.startswith(FORBIDDEN) for m in imported_modules(path))
    }
    assert offending == {}


def test_layering_scan_catches_an_import_inside_a_function(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from dossier.resolve.claims import embeddings\n    return embeddings\n")
    assert "dossier.resolve.claims" in imported_modules(sneaky)
