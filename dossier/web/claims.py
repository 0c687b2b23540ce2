"""The claims board: clusters of the same claim across documents, each member marked as supporting,
contradicting or same-origin (syndicated or copied: not independent support) relative to the cluster's lead."""

from __future__ import annotations

from typing import Any

from dossier.records import Claim, ClaimCluster, ClaimLink
from dossier.store.db import Database
from dossier.store.library import Titles, doc_titles
from dossier.web import claimstore
from dossier.web.errors import BadRequest
from dossier.web.links import doc_href, with_query
from dossier.web.schemas import ClaimLinkOut, ClaimOut, ClaimsOut, ClusterOut, OutletColumn, Page, Relation
from dossier.web.timeline import resolved_entity

RELATION_ORDER = {"contradiction": 0, "same-origin": 1, "support": 2}  # the most telling relation wins


def _relation(value: str | None) -> Relation:
    """A stored link's relation as one of the board's columns ("related" for anything unexpected)."""
    known: dict[str, Relation] = {"support": "support", "contradiction": "contradiction", "same-origin": "same-origin"}
    return known.get(value or "", "related")


def _claim_out(c: Claim, relation: Relation, reasons: list[str], titles: Titles) -> ClaimOut:
    title, outlet, published = titles.get(c.doc_id, (None, None, None))
    return ClaimOut(
        claim_id=c.claim_id, doc_id=c.doc_id, title=title, outlet=outlet, published=published, text=c.text,
        holder=c.holder, voice=c.voice, score=c.check_worthiness, kind=c.kind, relation=relation,
        reasons=reasons, href=doc_href(c.doc_id, f"c-{c.claim_id or c.start}"),
    )  # fmt: skip


def cluster_out(cluster: ClaimCluster, titles: Titles) -> ClusterOut:
    """A stored cluster with each member's relation to the lead (the most check-worthy member)."""
    lead, *rest = cluster.members
    by_pair: dict[frozenset[str | None], ClaimLink] = {frozenset((x.a, x.b)): x for x in cluster.links}
    groups: dict[Relation, list[ClaimOut]] = {"support": [], "contradiction": [], "same-origin": [], "related": []}
    for member in rest:
        link = by_pair.get(frozenset((lead.claim_id, member.claim_id)))
        if link is None:  # no direct comparison with the lead: take its most telling relation to anyone
            own = [x for x in cluster.links if member.claim_id in (x.a, x.b)]
            own.sort(key=lambda x: RELATION_ORDER.get(x.relation, 9))
            link = own[0] if own else None
        relation = _relation(link.relation if link is not None else None)
        groups[relation].append(_claim_out(member, relation, list(link.reasons) if link else [], titles))
    return ClusterOut(
        cluster_id=cluster.cluster_id, kind=cluster.kind, doc_count=cluster.doc_count,
        independent=cluster.independent, contested=cluster.contested, lead=_claim_out(lead, "lead", [], titles),
        supporting=groups["support"], contradicting=groups["contradiction"], same_origin=groups["same-origin"],
        related=groups["related"], outlets=outlet_columns(lead, groups, titles),
        links=[ClaimLinkOut(a=x.a, b=x.b, relation=x.relation, similarity=x.similarity, reasons=list(x.reasons))
               for x in cluster.links],
    )  # fmt: skip


def outlet_columns(lead: Any, groups: dict[Relation, list[ClaimOut]], titles: Titles) -> list[OutletColumn]:
    """The cluster's claims grouped by outlet, the lead's outlet first, then the most reported."""
    columns: dict[str | None, list[ClaimOut]] = {}
    lead_out = _claim_out(lead, "lead", [], titles)
    columns[lead_out.outlet] = [lead_out]
    for members in groups.values():
        for c in members:
            columns.setdefault(c.outlet, []).append(c)
    rest = sorted((k for k in columns if k != lead_out.outlet), key=lambda k: (-len(columns[k]), k or "~"))
    return [OutletColumn(outlet=k, claims=columns[k]) for k in [lead_out.outlet, *rest]]


def claims_board(
    db: Database,
    *,
    about: str | None = None,
    contested: bool = False,
    min_docs: int | None = None,
    limit: int = 20,
    offset: int = 0,
    base: str = "/claims.json",
    text: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> ClaimsOut:
    """One page of claim clusters (contested and most reported first); an empty board says why it is empty."""
    if min_docs is not None and min_docs < 1:
        raise BadRequest("min_docs must be at least 1")
    ref = resolved_entity(db, about)
    filters = {"about": about or "", "contested": "true" if contested else "", "min_docs": str(min_docs or ""),
               "q": text or "", "outlet": outlet or "", "from": date_from or "", "to": date_to or ""}  # fmt: skip
    empty = Page[ClusterOut](items=[], total=0, limit=limit, offset=offset, next=None)
    about_id = ref.entity_id if ref else None
    member = {"text": text, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    wanted: dict[str, Any] = {"about_id": about_id, "contested": contested, "min_docs": min_docs or 2}
    if any(member.values()):
        wanted["member"] = member
    total = claimstore.cluster_count(db, **wanted)
    if total is None:
        return ClaimsOut(available=False, message=claimstore.UNAVAILABLE, clusters=empty, filters={})
    message = None
    if not total and min_docs is None:  # nothing reported twice yet: show what single documents claim
        wanted["min_docs"] = 1
        total = claimstore.cluster_count(db, **wanted) or 0
        if total:
            message = "No claim is reported by two or more documents yet; showing claims from single documents."
    shown = claimstore.claim_clusters(db, **wanted, limit=limit, offset=offset) or []
    titles = doc_titles(db, (c.doc_id for k in shown for c in k.members))
    more = offset + limit < total
    page = Page[ClusterOut](
        items=[cluster_out(k, titles) for k in shown], total=total, limit=limit, offset=offset,
        next=with_query(base, {**filters, "limit": limit, "offset": offset + limit}) if more else None,
    )  # fmt: skip
    if not total and message is None:
        message = "No claim clusters match these filters."
    return ClaimsOut(available=True, message=message, clusters=page, filters={k: v for k, v in filters.items() if v})
