"""Claims in the store: written inside a document's annotation transaction; clustered across documents when the
collection is resolved (embeddings kept with each claim so a re-run embeds only what is new); read for the CLI
and the exports."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import numpy as np
import numpy.typing as npt

from dossier.records import Claim, ClaimCluster, ClaimEntity, ClaimLink, Quantity, Speaker, claim_id
from dossier.store.db import Database, Row

Vectors = npt.NDArray[np.float32]

CLAIM_COLUMNS = (
    "id, doc_id, start, end, text, holder, holder_key, holder_described, voice, score, features, cues, kind, "
    "entities, numbers, dates, negated, extractor"
)


def write_claims(db: Database, doc_id: str, claims: list[Claim]) -> None:
    """Replace one document's claims; the caller holds the transaction."""
    db.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
    db.executemany(
        f"INSERT OR REPLACE INTO claims ({CLAIM_COLUMNS}) VALUES ({', '.join('?' * 18)})",
        [_row(doc_id, c) for c in claims],
    )


def _row(doc_id: str, c: Claim) -> tuple[object, ...]:
    holder = c.holder
    return (
        c.claim_id or claim_id(doc_id, c.start, c.end), doc_id, c.start, c.end, c.text,
        holder.name if holder else None, holder.entity_key if holder else None,
        int(bool(holder and holder.described)), c.voice, c.check_worthiness, json.dumps(c.features),
        json.dumps(c.cues, ensure_ascii=False), c.kind,
        json.dumps([e.model_dump() for e in c.entities], ensure_ascii=False),
        json.dumps([q.model_dump() for q in c.numbers], ensure_ascii=False), json.dumps(c.dates), int(c.negated),
        c.extractor,
    )  # fmt: skip


def claim_from_row(r: Row) -> Claim:
    holder = None
    if r["holder"] is not None:
        holder = Speaker(
            name=r["holder"], entity_key=r["holder_key"], entity_id=r["holder_entity_id"],
            described=bool(r["holder_described"]),
        )  # fmt: skip
    return Claim(
        doc_id=r["doc_id"], start=r["start"], end=r["end"], text=r["text"], holder=holder, voice=r["voice"],
        check_worthiness=r["score"], features=json.loads(r["features"]), cues=json.loads(r["cues"]), kind=r["kind"],
        entities=[ClaimEntity(**e) for e in json.loads(r["entities"])],
        numbers=[Quantity(**q) for q in json.loads(r["numbers"])], dates=json.loads(r["dates"]),
        negated=bool(r["negated"]), claim_id=r["id"], cluster_id=r["cluster_id"], extractor=r["extractor"],
    )  # fmt: skip


def claims_of(db: Database, doc_id: str) -> list[Claim]:
    rows = db.execute("SELECT * FROM claims WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
    return [claim_from_row(r) for r in rows]


def _host(address: str | None) -> str | None:
    if not address or "://" not in address:
        return None  # a local file names no publisher
    host = urlparse(address).hostname or ""
    return host.removeprefix("www.") or None


def write_embeddings(db: Database, vectors: dict[str, Vectors], *, embedding_model: str) -> None:
    """Keep claim embeddings so a later run embeds only what is new; the caller holds the transaction."""
    db.executemany(
        "UPDATE claims SET embedding = ?, embedding_model = ? WHERE id = ?",
        [(v.astype(np.float32).tobytes(), embedding_model, cid) for cid, v in vectors.items()],
    )


def write_cluster_rows(db: Database, clusters: list[ClaimCluster]) -> None:
    """Insert clusters and links, with resolved ids on members; the caller holds the transaction."""
    for k in clusters:
        lead = k.members[0]
        db.execute(
            "INSERT INTO claim_clusters (cluster_id, size, doc_count, contested, independent, kind, label) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (k.cluster_id, len(k.members), len(k.doc_ids), int(k.contested), k.independent, lead.kind, lead.text),
        )
        db.executemany(
            "UPDATE claims SET cluster_id = ?, holder_entity_id = ?, entities = ? WHERE id = ?",
            [
                (k.cluster_id, c.holder.entity_id if c.holder else None,
                 json.dumps([e.model_dump() for e in c.entities], ensure_ascii=False), c.claim_id)
                for c in k.members
            ],
        )  # fmt: skip
        db.executemany(
            "INSERT OR REPLACE INTO claim_links (cluster_id, claim_a, claim_b, relation, similarity, reasons) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(k.cluster_id, x.a, x.b, x.relation, x.similarity, json.dumps(x.reasons)) for x in k.links],
        )


def _cluster_filter(
    about_id: str | None, contested: bool, min_docs: int, member: dict[str, str | None] | None = None
) -> tuple[str, list[object]]:
    clauses: list[str] = ["k.doc_count >= ?"]
    args: list[object] = [min_docs]
    if contested:
        clauses.append("k.contested = 1")
    found, member_args = _member_filter(**(member or {}))
    if found:
        clauses.append(
            "EXISTS (SELECT 1 FROM claims c JOIN documents d ON d.id = c.doc_id "
            f"WHERE c.cluster_id = k.cluster_id AND {found})"
        )
        args += member_args
    if about_id:
        clauses.append(
            "EXISTS (SELECT 1 FROM claims c WHERE c.cluster_id = k.cluster_id AND (c.holder_entity_id = ? OR EXISTS "
            "(SELECT 1 FROM json_each(c.entities) e WHERE json_extract(e.value, '$.entity_id') = ?)))"
        )
        args += [about_id, about_id]
    return f"WHERE {' AND '.join(clauses)}", args


def claim_clusters(
    db: Database,
    *,
    about_id: str | None = None,
    contested: bool = False,
    min_docs: int = 1,
    limit: int = -1,
    offset: int = 0,
    member: dict[str, str | None] | None = None,
) -> list[ClaimCluster]:
    """Clusters (most reported first): only those naming an entity (or held by it), only contested ones; with
    `member` ({text, outlet, date_from, date_to}) only those with a member claim that matches."""
    where, args = _cluster_filter(about_id, contested, min_docs, member)
    sql = (
        f"SELECT * FROM claim_clusters k {where} "
        "ORDER BY k.contested DESC, k.doc_count DESC, k.size DESC, "
        "(SELECT MAX(score) FROM claims c WHERE c.cluster_id = k.cluster_id) DESC, k.cluster_id LIMIT ? OFFSET ?"
    )
    return [_stored_cluster(db, r) for r in db.execute(sql, [*args, limit, offset]).fetchall()]


def cluster_count(
    db: Database,
    *,
    about_id: str | None = None,
    contested: bool = False,
    min_docs: int = 1,
    member: dict[str, str | None] | None = None,
) -> int:
    """How many clusters `claim_clusters` would return without a limit."""
    where, args = _cluster_filter(about_id, contested, min_docs, member)
    return int(db.execute(f"SELECT COUNT(*) FROM claim_clusters k {where}", args).fetchone()[0])


def _member_filter(
    text: str | None = None, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None
) -> tuple[str, list[object]]:
    """The WHERE clause over one member claim (c) and its document (d) for the board's filters."""
    clauses: list[str] = []
    args: list[object] = []
    if text:
        clauses.append("instr(lower(c.text), lower(?)) > 0")  # plain words, no query syntax to get wrong
        args.append(text)
    if outlet:
        clauses.append("d.outlet = ?")
        args.append(outlet)
    if date_from:
        clauses.append("d.published >= ?")
        args.append(date_from)
    if date_to:
        clauses.append("substr(d.published, 1, ?) <= ?")  # "2022-04" includes every day of April
        args += [len(date_to), date_to]
    return " AND ".join(clauses), args


def _stored_cluster(db: Database, r: Row) -> ClaimCluster:

    members = [
        claim_from_row(c)
        for c in db.execute(
            "SELECT * FROM claims WHERE cluster_id = ? ORDER BY score DESC, doc_id, start", (r["cluster_id"],)
        )
    ]  # the resolver's order, so the lead (members[0]) is the same one
    links = [
        ClaimLink(x["claim_a"], x["claim_b"], x["relation"], x["similarity"], json.loads(x["reasons"]))
        for x in db.execute(
            "SELECT * FROM claim_links WHERE cluster_id = ? ORDER BY claim_a, claim_b", (r["cluster_id"],)
        )
    ]
    return ClaimCluster(cluster_id=r["cluster_id"], members=members, links=links)
