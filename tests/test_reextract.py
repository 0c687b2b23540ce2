"""Re-extraction: raw sources kept compressed, documents read again in place when the extractor changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.ingest import text as text_extract
from dossier.ingest.batch import ingested
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target, read_target
from dossier.reextraction import reextracted
from dossier.store import queries
from dossier.store.annotations import unannotated_ids
from dossier.store.db import connect
from dossier.store.sources import stored_sources
from tests.conftest import RESOURCES

PAGE = RESOURCES / "html" / "quiet-harbour-ferry-fares.html"
SCRAPE = RESOURCES / "scrapes" / "kessock-ferries.md"


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (PAGE, SCRAPE):
        shutil.copy(path, folder / path.name)
    return [str(folder / PAGE.name), str(folder / SCRAPE.name)]


def old_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scrape extractor as an older release: another version string, and it kept the whole page."""
    monkeypatch.setattr(text_extract, "EXTRACTOR", "dossier.text.v1")
    monkeypatch.setattr(text_extract, "extracted_text_article", lambda page: text_extract.TextExtraction(text=page))


def test_raw_sources_are_kept_compressed(tmp_path: Path, inputs: list[str]) -> None:
    db = connect(tmp_path / "t.db")
    ingested(db, inputs)
    sources = {s.raw.source: s for s in stored_sources(db) if s.raw is not None}
    assert set(sources) == set(inputs)
    assert sources[inputs[0]].raw.content == PAGE.read_bytes()  # type: ignore[union-attr]
    assert sources[inputs[0]].raw.kind == "html"  # type: ignore[union-attr]


def test_reextract_replaces_text_in_place_where_the_extractor_changed(
    tmp_path: Path, inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = connect(tmp_path / "t.db")
    with monkeypatch.context() as patch:
        old_extractor(patch)
        ingested(db, inputs)
    before = {a.source: a for a in queries.documents(db)}
    scrape = before[inputs[1]]
    assert scrape.extractor == "dossier.text.v1" and "Skip to main content" in scrape.text
    assert [h.doc_id for h in queries.search(db, "privacy")] == [scrape.id]

    report = reextracted(db, doc_ids=None, annotate=False)

    after = {a.source: a for a in queries.documents(db)}
    assert [doc_id for doc_id, _, _ in report.changed] == [scrape.id]  # the HTML page's extractor did not change
    assert report.changed[0][1:] == ("dossier.text.v1", text_extract.EXTRACTOR)
    assert report.unchanged == 1
    again = after[inputs[1]]
    assert (again.id, again.version) == (scrape.id, scrape.version)  # the id hashes the source: it stays
    assert again.extractor == text_extract.EXTRACTOR
    assert again.text.startswith("Ferry services between Kessock") and "Skip to main content" not in again.text
    assert again.title == "Ferries sail again after a week of storms"
    assert scrape.id in unannotated_ids(db, "any")  # annotation of the old text is gone, to be run again
    assert queries.search(db, "privacy") == []  # the search index follows the text: the footer is gone

    second = reextracted(db, annotate=False)
    assert (second.changed, second.unchanged) == ([], 2)
    assert len(reextracted(db, force=True, annotate=False).changed) == 2


def test_documents_stored_without_a_source_are_reported(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    [raw] = list(read_target(Target(str(SCRAPE))))
    article = article_from_raw(raw)
    queries.store_article(db, article)  # as a release before sources were kept stored it
    report = reextracted(db, annotate=False)
    assert report.missing == [article.id] and not report.changed


def test_reextract_command_needs_ids_or_all(tmp_path: Path, inputs: list[str]) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", *inputs, "--db", str(db), "--no-annotate", "-q"]).exit_code == 0
    nothing = runner.invoke(cli, ["reextract", "--db", str(db)])
    assert nothing.exit_code == 2 and "or give --all" in nothing.output
    unknown = runner.invoke(cli, ["reextract", "zz99", "--db", str(db)])
    assert unknown.exit_code == 2 and "no document with id 'zz99'" in unknown.output
    done = runner.invoke(cli, ["reextract", "--all", "--no-annotate", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "0 re-extracted, 2 unchanged (same extractor)" in done.output
    doc_id = queries.documents(connect(db))[0].id
    forced = runner.invoke(cli, ["reextract", doc_id[:8], "--force", "--no-annotate", "--db", str(db)])
    assert forced.exit_code == 0 and "1 re-extracted" in forced.output


@pytest.mark.slow
def test_reextract_annotates_the_new_text_again(
    tmp_path: Path, inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.annotate.run import PIPELINE
    from dossier.store.annotations import doc_entities

    db = connect(tmp_path / "t.db")
    with monkeypatch.context() as patch:
        old_extractor(patch)
        ingested(db, inputs)
    scrape = next(a for a in queries.documents(db) if a.source == inputs[1])
    report = reextracted(db)
    assert report.annotate is not None and report.annotate.done == 1 and not report.annotate.failed  # the changed one
    assert scrape.id not in unannotated_ids(db, PIPELINE)
    text = queries.document(db, scrape.id).text  # type: ignore[union-attr]
    names = {e.name for e in doc_entities(db, scrape.id)}
    assert "Elspeth Gunn" in names and "Skip" not in text
