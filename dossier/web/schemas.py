"""What the pages' .json twins and the REST API return: typed, documented in the OpenAPI schema.

Offsets index the document's clean `text`; every `href` is a page of this app. Text fields are plain text, never
HTML: clients must escape them.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from dossier.records import (
    Article,
    Claim,
    ClaimCheck,
    DocEntity,
    Entity,
    EventMention,
    Quote,
    Speaker,
    Technique,
    TimeExpr,
)  # fmt: skip

T = TypeVar("T")
Polarity = Literal["cooperative", "conflictual", "quote"]
Relation = Literal["lead", "support", "contradiction", "same-origin", "related"]


class Out(BaseModel):
    pass


class Page(Out, Generic[T]):
    """One page of a longer list."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, or null on the last one")


class DocumentSummary(Out):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    authors: list[str]
    language: str | None
    flags: list[str]
    source: str
    url: str | None
    version: int
    href: str


class LibraryItem(DocumentSummary):
    snippet: str | None = Field(None, description="search snippet as plain text (only with a query)")
    highlights: list[tuple[int, int]] = Field(default_factory=list, description="matched words in the snippet")
    score: float | None = None


class Facet(Out):
    value: str
    label: str
    count: int


class LibraryFacets(Out):
    outlets: list[Facet]
    entities: list[Facet]
    years: list[Facet]


class LibraryOut(Out):
    query: str | None
    filters: dict[str, str]
    documents: Page[LibraryItem]
    facets: LibraryFacets


class SearchHitOut(Out):
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    highlights: list[tuple[int, int]]
    score: float
    href: str


class EntityRef(Out):
    entity_id: str
    name: str
    type: str
    href: str


class ParticipantOut(Out):
    role: str
    entity_id: str | None
    name: str
    href: str | None


class MentionOut(Out):
    """One report of an event: where it is said and how."""

    doc_id: str
    title: str | None
    outlet: str | None
    sentence: str
    mode: str
    date: str | None
    date_start: str | None = Field(None, description="first day the date covers, ISO (2022-04 → 2022-04-01)")
    date_end: str | None = Field(None, description="last day the date covers, ISO, inclusive (2022-04 → 2022-04-30)")
    href: str


class TimelineEvent(Out):
    event_id: str
    type: str
    polarity: Polarity
    date: str
    date_start: str | None = Field(None, description="first day the date covers, ISO (2022-04 → 2022-04-01)")
    date_end: str | None = Field(None, description="last day the date covers, ISO, inclusive (2022-04 → 2022-04-30)")
    start: str = Field(description="first day the date covers (ISO)")
    end: str = Field(description="day after the last day it covers (ISO)")
    granularity: str = Field(description="day, week, month, quarter, half, season, year, decade or century")
    date_label: str
    participants: list[ParticipantOut]
    doc_count: int
    modes: list[str]
    evidence: str
    href: str
    mentions: list[MentionOut]


class TimelineOut(Out):
    events: list[TimelineEvent]
    types: list[str] = Field(description="event types present in the collection")
    entity: EntityRef | None
    filters: dict[str, str]
    undated: int = Field(0, description="events of this entity and these types with no calendar date (not drawn)")


class EventOut(Out):
    event_id: str
    type: str
    polarity: Polarity
    date: str | None
    date_start: str | None = Field(None, description="first day the date covers, ISO (2022-04 → 2022-04-01)")
    date_end: str | None = Field(None, description="last day the date covers, ISO, inclusive (2022-04 → 2022-04-30)")
    date_label: str | None
    participants: list[ParticipantOut]
    doc_count: int
    mention_count: int
    href: str | None


class EventDetail(EventOut):
    mentions: list[MentionOut]


class GraphNode(Out):
    id: str
    name: str
    type: str
    weight: int
    href: str


class Evidence(Out):
    doc_id: str
    title: str | None
    sentence: str
    kind: str = Field(description="PLOVER event type, or QUOTE")
    mode: str | None
    href: str


class GraphEdge(Out):
    id: str
    source: str
    target: str
    polarity: Polarity
    weight: int = Field(description="evidence count")
    types: dict[str, int]
    evidence: list[Evidence]


class GraphOut(Out):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    filters: dict[str, str]


class QuoteOut(Out):
    doc_id: str
    title: str | None
    outlet: str | None = None
    published: str | None = None
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker: Speaker | None
    via: list[Speaker]
    hedges: list[str]
    sourcing: str
    href: str


class CoOccurring(Out):
    entity: EntityRef
    shared_documents: int


class ClaimOut(Out):
    claim_id: str | None
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    holder: Speaker | None
    voice: str
    score: float
    kind: str
    relation: Relation
    reasons: list[str]
    href: str


class ClaimLinkOut(Out):
    a: str
    b: str
    relation: str
    similarity: float
    reasons: list[str]


class ClusterOut(Out):
    cluster_id: str
    kind: str | None
    doc_count: int
    independent: int
    contested: bool
    lead: ClaimOut
    supporting: list[ClaimOut]
    contradicting: list[ClaimOut]
    same_origin: list[ClaimOut]
    related: list[ClaimOut]
    links: list[ClaimLinkOut]
    outlets: list[OutletColumn] = Field(default_factory=list, description="the members by outlet, lead's first")


class OutletColumn(Out):
    """One outlet's reports of a cluster's claim, to set outlets side by side."""

    outlet: str | None
    claims: list[ClaimOut]


class ClaimsOut(Out):
    available: bool
    message: str | None = None
    clusters: Page[ClusterOut]
    filters: dict[str, str]
    check: ClaimCheck | None = Field(None, description="the claim checked with `check=`, and what bears on it")


class EntityDetail(Out):
    entity: Entity
    href: str
    documents: list[DocumentSummary]
    quotes_by: list[QuoteOut]
    quotes_about: list[QuoteOut]
    events: list[EventOut]
    co_occurring: list[CoOccurring]
    claims: list[ClusterOut]


class ReaderOut(Out):
    """One document with every annotation the reader draws."""

    document: Article
    entities: list[DocEntity]
    timexes: list[TimeExpr]
    events: list[EventMention]
    quotes: list[Quote]
    claims: list[Claim]
    claims_available: bool
    techniques: list[Technique] = []  # propaganda-technique spans, the reader's "Framing" layer (off by default)


class IngestedOut(Out):
    source: str
    doc_id: str
    outcome: str
    version: int
    href: str


class DeletedOut(Out):
    deleted: list[str]  # the full ids of the documents removed, with everything derived from them


class IngestOut(Out):
    stored: list[IngestedOut]
    failed: list[str]
    warnings: list[str]
    annotation: Literal["queued", "skipped"]


class ErrorBody(Out):
    status: int
    message: str
    details: list[dict[str, object]] | None = None


class ErrorOut(Out):
    error: ErrorBody


class SemanticHitOut(Out):
    """A sentence, claim or quote close in meaning to a semantic query; offsets index the document's text."""

    doc_id: str
    kind: str = Field(description="sentence, claim or quote")
    start: int
    end: int
    text: str
    score: float = Field(description="cosine similarity to the query (MiniLM embeddings)")
    title: str | None
    outlet: str | None
    published: str | None
    href: str


class CheckIn(Out):
    """Claims to check: one (`claim`) or several (`claims`), answered in order."""

    claim: str | None = Field(None, description="one claim")
    claims: list[str] = Field(default_factory=list, description="several claims, one result each, in order")
