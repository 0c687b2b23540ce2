"""`dossier check` and semantic search on the seeds and the example corpus: who backs a claim, who only discusses
it, and the documents that have nothing to do with it left out."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from spacy.language import Language

from dossier.annotate.run import annotate_stored
from dossier.checking import claim_checks
from dossier.cli import cli
from dossier.ingest.batch import ingested
from dossier.records import ClaimCheck
from dossier.semantic import semantic_search
from dossier.store.db import connect
from dossier.web.app import create_app
from tests.conftest import ROOT, shared_path

OUSTER = "The United States orchestrated the ouster of Imran Khan"
TANKER = "Dravonia seized a Calidran grain tanker in the Strait of Kessen"
MATCH_KEYS = {"doc_id", "source", "outlet", "published", "relation", "score", "evidence"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    path = tmp_path_factory.mktemp("check") / "check.db"
    db = connect(path)
    try:
        report = ingested(db, [str(shared_path("seeds")), str(ROOT / "examples" / "corpus")])
        assert not report.failed, report.failed
        assert annotate_stored(db, nlp=nlp).done == len(report.stored)
    finally:
        db.close()
    return path


@pytest.fixture(scope="module")
def db(db_path: Path) -> Iterator[sqlite3.Connection]:
    found = connect(db_path)
    yield found
    found.close()


def _by_source(check: ClaimCheck) -> dict[str, str]:
    return {Path(m.source.split("#")[0]).name: m.relation for m in check.matches}


def test_check_finds_the_articles_that_assert_the_us_ousted_khan(db: sqlite3.Connection) -> None:
    found = _by_source(claim_checks(db, [OUSTER])[0])
    assert found.get("002_c86c87fdc5a1aed1.txt") == "agree"  # "First Washington supported a soft coup against … Khan"
    assert "001_22184e40453b0288.txt" in found  # "Regime Change" in Pakistan? Washington's plan …
    assert not any(name.startswith(("01-", "02-", "05-")) for name in found)  # the tanker seizure: unrelated


def test_check_leaves_out_articles_about_something_else(db: sqlite3.Connection) -> None:
    found = _by_source(claim_checks(db, [TANKER])[0])
    assert {"01-harbour-ledger-tanker-seized.html", "05-meridian-herald-wire.txt"} <= set(found)
    assert found["05-meridian-herald-wire.txt"] == "agree"
    assert not any(name[:3].isdigit() and name.endswith(".txt") and name.startswith("00") for name in found)


def test_check_evidence_is_a_span_of_the_document_with_its_holder(db: sqlite3.Connection) -> None:
    check = claim_checks(db, [OUSTER])[0]
    for m in check.matches:
        text = db.execute("SELECT text FROM documents WHERE id = ?", (m.doc_id,)).fetchone()["text"]
        assert m.evidence, m.source
        for e in m.evidence:
            assert text[e.start : e.end] == e.text
    seed_000 = next(m for m in check.matches if m.source.endswith("000_932b70249ad4c344.txt"))
    holders = {e.holder for e in seed_000.evidence}
    assert "Imran Khan" in holders  # he claimed Donald Lu warned Pakistan's ambassador: his claim, not the author's


def test_check_cli_jsonl_one_object_per_claim_in_order(db_path: Path, tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text(f"{TANKER}\n\n{OUSTER}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--claims", str(claims), "--format", "jsonl", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["claim"] for r in records] == [TANKER, OUSTER]  # the blank line is no claim
    for r in records:
        assert set(r) == {"claim", "matches"}
        for m in r["matches"]:
            assert set(m) >= MATCH_KEYS
            assert m["relation"] in ("agree", "disagree", "discuss")
            assert 0.0 < m["score"] <= 1.0
            assert {"start", "end", "text"} <= set(m["evidence"][0])


def test_check_cli_text_and_bad_input(db_path: Path) -> None:
    shown = CliRunner().invoke(cli, ["check", TANKER, "--db", str(db_path)])
    assert shown.exit_code == 0, shown.output
    assert "agree" in shown.output and "Meridian Herald" in shown.output
    empty = CliRunner().invoke(cli, ["check", "  ", "--db", str(db_path)])
    assert empty.exit_code == 2 and "no claim to check" in empty.output


def test_api_check_posts_claims_and_answers_in_order(db_path: Path) -> None:
    with TestClient(create_app(str(db_path))) as client:
        answer = client.post("/api/v1/check", json={"claims": [OUSTER, TANKER]})
        assert answer.status_code == 200, answer.text
        assert [r["claim"] for r in answer.json()] == [OUSTER, TANKER]
        assert client.post("/api/v1/check", json={"claims": [" "]}).status_code == 400
        page = client.get("/claims", params={"check": TANKER})
        assert page.status_code == 200 and "Meridian Herald" in page.text and 'id="check-result"' in page.text


def test_semantic_search_finds_meaning_without_shared_words(db: sqlite3.Connection) -> None:
    hits = semantic_search(db, "a ship full of wheat was captured by the navy", limit=5)
    assert hits and any("tanker" in h.text.lower() for h in hits[:3])
    assert all(h.score >= hits[-1].score for h in hits)


def test_semantic_search_cli_and_api(db_path: Path) -> None:
    shown = CliRunner().invoke(cli, ["search", "--semantic", "Washington wanted Khan gone", "--db", str(db_path)])
    assert shown.exit_code == 0, shown.output
    assert "Khan" in shown.output
    with TestClient(create_app(str(db_path))) as client:
        query = "a ship full of wheat was captured by the navy"
        answer = client.get("/api/v1/search", params={"q": query, "mode": "semantic", "limit": 5})
        assert answer.status_code == 200, answer.text
        items = answer.json()["items"]
        assert len(items) == 5 and items[0]["kind"] in ("sentence", "claim", "quote")
        assert any("tanker" in i["text"].lower() for i in items)
        page = client.get("/library", params={"q": query, "mode": "semantic"})
        assert page.status_code == 200 and 'id="semantic-results"' in page.text and "tanker" in page.text


def test_claims_board_filters_by_words_outlet_and_date_and_sets_outlets_side_by_side(db_path: Path) -> None:
    with TestClient(create_app(str(db_path))) as client:
        found = client.get("/api/v1/claims", params={"q": "tanker", "min_docs": 1}).json()["clusters"]["items"]
        assert found
        for k in found:
            members = [k["lead"], *k["supporting"], *k["contradicting"], *k["same_origin"], *k["related"]]
            assert any("tanker" in c["text"].lower() for c in members)
        herald = client.get("/api/v1/claims", params={"outlet": "Meridian Herald", "min_docs": 1}).json()
        for k in herald["clusters"]["items"]:
            assert "Meridian Herald" in {col["outlet"] for col in k["outlets"]}
        late = client.get("/api/v1/claims", params={"from": "2024-06-01", "min_docs": 1}).json()["clusters"]["items"]
        for k in late:
            assert any((c["published"] or "") >= "2024-06-01" for col in k["outlets"] for c in col["claims"])
        page = client.get("/claims", params={"q": "tanker", "min_docs": 1})
        assert page.status_code == 200 and 'name="outlet"' in page.text


def test_claim_links_on_the_model_never_call_a_topic_match_support(db: sqlite3.Connection) -> None:
    from dossier.store.claims import claim_clusters

    for k in claim_clusters(db, min_docs=2):
        text = {c.claim_id: c.text for c in k.members}
        for link in k.links:
            pair = {text[link.a], text[link.b]}
            if any("Bhutto" in t for t in pair) and any("soft coup" in t for t in pair):
                assert link.relation != "support", link
            if link.relation == "contradiction":
                assert link.reasons and not any(" to vs " in r for r in link.reasons)
