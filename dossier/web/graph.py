"""The actor graph: entities as nodes; edges from events (actor → target, cooperative or conflictual by PLOVER
type) and from quotes (speaker → entity named in what is said), weighted by how many sentences attest them."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from dossier.dateranges import iso_range
from dossier.store.db import Database
from dossier.store.graph import edge_events, edge_quotes, entity_labels
from dossier.web.errors import BadRequest
from dossier.web.links import doc_href, entity_href, polarity
from dossier.web.schemas import Evidence, GraphEdge, GraphNode, GraphOut, Polarity

EDGE_MODES = ("asserted", "reported", "future")  # negated and hypothetical events did not happen between anyone
EVIDENCE_PER_EDGE = 30  # sentences listed when an edge is clicked; the weight still counts them all
MAX_NODES = 300  # beyond this a force layout is a hairball; narrow with min_weight instead


@dataclass
class _Edge:
    source: str
    target: str
    polarity: Polarity
    types: Counter[str] = field(default_factory=Counter)
    evidence: list[Evidence] = field(default_factory=list)
    seen: set[tuple[str, int]] = field(default_factory=set)  # one sentence counts once per edge

    def add(self, kind: str, evidence: Evidence, key: tuple[str, int]) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.types[kind] += 1
        self.evidence.append(evidence)


def _edge_id(source: str, target: str, kind: str) -> str:
    return "g" + hashlib.sha1(f"{source}>{target}:{kind}".encode()).hexdigest()[:12]


Window = tuple[str, str] | None  # first and last day (ISO) an edge's evidence must fall in, or no window


def in_window(value: str | None, window: Window) -> bool:
    """Whether a granular date overlaps the window; with a window, an undated sentence is outside it."""
    if window is None:
        return True
    first, last = iso_range(value)
    return first is not None and last is not None and last >= window[0] and first <= window[1]


def time_window(date_from: str | None, date_to: str | None) -> Window:
    """The days from the start of date_from to the end of date_to (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if not date_from and not date_to:
        return None
    low = iso_range(date_from)[0] if date_from else "0001-01-01"
    high = iso_range(date_to)[1] if date_to else "9999-12-31"
    if low is None or high is None:
        raise BadRequest(f"from/to must be calendar dates (YYYY, YYYY-MM or YYYY-MM-DD), not {date_from!r}/{date_to!r}")
    return low, high


def _event_edges(db: Database, edges: dict[tuple[str, str, str], _Edge], window: Window = None) -> None:
    for r in (r for r in edge_events(db, EDGE_MODES) if in_window(r.date, window)):
        actors = [p.entity_id for p in r.participants if p.role == "actor" and p.entity_id]
        targets = [p.entity_id for p in r.participants if p.role == "target" and p.entity_id]
        pairs = [(a, t) for a in actors for t in targets if a != t]
        if not targets:  # "Pakistan and Russia signed…": co-actors act together
            pairs = [(a, b) for i, a in enumerate(actors) for b in actors[i + 1 :] if a != b]
        kind = polarity(r.type)
        for a, t in pairs:
            edge = edges.setdefault((a, t, kind), _Edge(a, t, kind))
            evidence = Evidence(
                doc_id=r.doc_id, title=r.title, sentence=" ".join(r.sentence.split()), kind=r.type, mode=r.mode,
                href=doc_href(r.doc_id, f"ev-{r.trigger_start}"),
            )  # fmt: skip
            edge.add(r.type, evidence, (r.doc_id, r.sentence_start))


def _quote_edges(db: Database, edges: dict[tuple[str, str, str], _Edge], window: Window = None) -> None:
    for r in (r for r in edge_quotes(db) if in_window(r.published, window)):
        edge = edges.setdefault((r.speaker_id, r.about_id, "quote"), _Edge(r.speaker_id, r.about_id, "quote"))
        evidence = Evidence(
            doc_id=r.doc_id, title=r.title, sentence=" ".join(r.text.split()), kind="QUOTE", mode=None,
            href=doc_href(r.doc_id, f"q-{r.start}"),
        )  # fmt: skip
        edge.add("QUOTE", evidence, (r.doc_id, r.start))


def actor_graph(
    db: Database,
    *,
    min_weight: int = 1,
    max_nodes: int = 80,
    quotes: bool = True,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> GraphOut:
    """Nodes and weighted edges; only the `max_nodes` most connected actors (and, with `entity`, its neighbours)."""
    if min_weight < 1 or not 1 <= max_nodes <= MAX_NODES:
        raise BadRequest(f"min_weight must be at least 1 and max_nodes between 1 and {MAX_NODES}")
    window = time_window(date_from, date_to)  # events by their own date, quotes by the day they were published
    edges: dict[tuple[str, str, str], _Edge] = {}
    _event_edges(db, edges, window)
    if quotes:
        _quote_edges(db, edges, window)
    kept = [e for e in edges.values() if len(e.evidence) >= min_weight]
    if entity:
        kept = [e for e in kept if entity in (e.source, e.target)]
    weight: Counter[str] = Counter()
    for e in kept:
        weight[e.source] += len(e.evidence)
        weight[e.target] += len(e.evidence)
    chosen = {n for n, _ in weight.most_common(max_nodes)}
    kept = [e for e in kept if e.source in chosen and e.target in chosen]
    names = entity_labels(db, chosen)
    nodes = [
        GraphNode(id=n, name=names.get(n, (n, ""))[0], type=names.get(n, (n, "?"))[1], weight=w, href=entity_href(n))
        for n, w in sorted(weight.items(), key=lambda item: (-item[1], item[0]))  # ties by id: the same on any store
        if n in chosen
    ]
    out_edges = [
        GraphEdge(
            id=_edge_id(e.source, e.target, e.polarity), source=e.source, target=e.target, polarity=e.polarity,
            weight=len(e.evidence), types=dict(e.types.most_common()), evidence=e.evidence[:EVIDENCE_PER_EDGE],
        )
        for e in sorted(kept, key=lambda e: (-len(e.evidence), e.source, e.target, e.polarity))
    ]  # fmt: skip
    filters = {"min_weight": str(min_weight), "max_nodes": str(max_nodes), "quotes": "true" if quotes else "false"}
    if entity:
        filters["entity"] = entity
    filters.update({k: v for k, v in (("from", date_from), ("to", date_to)) if v})
    return GraphOut(nodes=nodes, edges=out_edges, filters=filters)
