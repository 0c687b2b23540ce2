"""The one schema of records that flows between stages.

Dicts appear only at the storage and export boundary; everything in between is one of these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceFormat = Literal["html", "text", "feed", "warc"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Comment(Record):
    """A reader comment kept apart from the article body."""

    author: str | None = None
    date: str | None = None  # ISO 8601 at the granularity given: "2022-11-09" or "2022-11-09T04:06"
    text: str
    parent: int | None = None  # index of the comment this one replies to, within the same document


class RawInput(Record):
    """Bytes of one article as found, before any extraction."""

    source: str  # path or URL as given; "file.warc.gz#https://…" for records inside containers
    content: bytes
    kind: SourceFormat
    url: str | None = None
    content_type: str | None = None  # HTTP Content-Type when the bytes came over HTTP or from a WARC
    hints: dict[str, str] = Field(default_factory=dict)  # metadata a container already knows (feed entry title…)


class ArticleMeta(Record):
    """A stored document's metadata without its body: what lists and search results show."""

    id: str  # content hash of the normalized source
    source: str
    version: int = 1
    format: SourceFormat
    url: str | None = None
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    outlet: str | None = None
    published: str | None = None  # original publication date, ISO 8601 at the granularity given
    language: str | None = None
    flags: list[str] = Field(default_factory=list)  # e.g. "non-english", "mojibake-fixed", "short"
    extractor: str  # stage name and version that produced text and metadata


class Article(ArticleMeta):
    """A clean stored document: body, metadata and reader comments."""

    text: str
    comments: list[Comment] = Field(default_factory=list)


Span = tuple[int, int]  # [start, end) character offsets into the stored clean text


class Mention(Record):
    """One place an entity is named (or described) in one document."""

    doc_id: str
    start: int
    end: int
    text: str  # the surface form exactly as written ("Imran Khan's", "Washington", "the army chief")
    label: str  # PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, …
    entity_key: str  # the within-document entity this mention belongs to
    extractor: str


class DocEntity(Record):
    """An entity as resolved inside one document: every mention that names or describes it."""

    doc_id: str
    key: str  # unique within the document, e.g. "PERSON:imran khan"
    name: str  # canonical name: the fullest form the document uses
    type: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    entity_id: str | None = None  # the cross-document entity, once resolved


class Entity(Record):
    """One entity across the collection, with every alias and the documents it appears in."""

    entity_id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    mentions: int = 0


class TimeExpr(Record):
    """A time expression normalized to TIMEX3 type and value at the granularity the text gives."""

    doc_id: str
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    mod: str | None = None
    anchor: str | None = None  # the date relative expressions were resolved against
    extractor: str


class Participant(Record):
    """An entity taking part in an event, with its role; the same shape in a mention and in a resolved event."""

    entity_key: str | None = None  # within-document entity
    entity_id: str | None = None  # cross-document entity
    name: str
    role: Literal["actor", "target", "location"]


DateSource = Literal["timex", "clause", "reported", "sentence", "paragraph"]


class EventMention(Record):
    """One report of a happening in one document, typed with PLOVER's 18 categories."""

    doc_id: str
    type: str  # AGREE, CONSULT, …, ASSAULT
    mode: Literal["asserted", "negated", "hypothetical", "future", "reported"]
    trigger: Span
    trigger_text: str
    sentence: Span
    date: str | None = None  # TIMEX3 value of the governing time expression, never the publication date
    date_span: Span | None = None
    date_source: DateSource | None = None  # where the date came from: timex, clause, reported, sentence, paragraph
    date_confidence: float | None = None  # how far to trust that step, 0–1; None with no date
    participants: list[Participant] = Field(default_factory=list)
    event_id: str | None = None  # the cross-document event, once resolved
    extractor: str


class Event(Record):
    """One happening across the collection, as stored and listed: participants and counts (the mentions are read
    apart; `EventCluster` is the resolver's shape, with them)."""

    event_id: str
    type: str  # PLOVER category
    date: str | None = None  # TIMEX3 value, the most specific any report gives
    participants: list[Participant] = Field(default_factory=list)  # cross-document entities, most reported first
    doc_count: int = 0
    mention_count: int = 0


class Speaker(Record):
    """Who says so: a resolved entity, a described source ("two government officials"), or a pronoun's referent."""

    name: str
    entity_key: str | None = None
    entity_id: str | None = None
    described: bool = False  # a description standing for unnamed people, not a name


class Quote(Record):
    """Speech attributed in one document: what was said (span), how (cue), by whom, through whom."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: Literal["direct", "indirect", "mixed"]
    # "said", "warned", "according to", "in Bolton's view", "quoted … as saying", ":", or the verb of the author's
    # sentence a quote sits in ("credited": "Sanders credited Clinton's victory to “a closed primary …”")
    cue: str | None = None
    cue_span: Span | None = None
    speaker: Speaker | None = None  # None: the speaker could not be found, and the record says so
    speaker_span: Span | None = None
    via: list[Speaker] = Field(default_factory=list)  # second-hand speech: who relays it, outermost first
    hedges: list[str] = Field(default_factory=list)  # "reportedly", "allegedly", "sources say"
    sourcing: Literal["named", "unnamed", "unknown"] = "unknown"
    extractor: str


class Quantity(Record):
    """A number a claim states, normalized so two reports can be compared ("nearly 33,000 personnel")."""

    text: str
    value: float | None = None  # None: a vague amount ("several hundred", "dozens")
    unit: str | None = None  # "%", "$", or the lemma of the noun counted ("personnel", "tonne")
    approx: bool = False  # "about", "nearly", "more than", "up to": a range, not a point


class ClaimEntity(Record):
    """An entity a claim names, as resolved in its document (and across the collection once resolved)."""

    name: str
    type: str
    entity_key: str
    entity_id: str | None = None


ClaimKind = Literal["numeric", "accusation", "causal", "temporal", "event", "attribution", "statement"]


class Claim(Record):
    """A check-worthy proposition in one document, with who holds it and why it is worth checking."""

    doc_id: str
    start: int
    end: int
    text: str
    holder: Speaker | None = None  # None with voice "author": the article's own voice
    voice: Literal["author", "quote", "reported"] = "author"
    check_worthiness: float  # 0–1, the clipped sum of `features`
    features: dict[str, float] = Field(default_factory=dict)  # each feature that fired and what it added
    cues: list[str] = Field(default_factory=list)  # the words that fired the cue features ("accused", "may")
    kind: ClaimKind = "statement"
    entities: list[ClaimEntity] = Field(default_factory=list)
    numbers: list[Quantity] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)  # TIMEX3 values of the dates the claim states
    negated: bool = False
    claim_id: str | None = None  # stable id from document and span, set when stored
    cluster_id: str | None = None  # the cross-document cluster, once resolved
    extractor: str


def claim_id(doc_id: str, start: int, end: int) -> str:
    """A stable id from the document and the span, so re-resolving never renames a claim."""
    return "c" + hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


# Cross-document records: what resolve/ decides and store/ writes (plain dataclasses, built by the resolvers).


@dataclass
class EventCluster:
    """The resolver's working shape of a cross-document event: every report (mention) of it, in any document;
    stored as an `Event` row plus each mention's event id."""

    event_id: str
    type: str
    date: str | None
    mentions: list[EventMention] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})

    def participants(self) -> list[Participant]:
        """The resolved entities taking part, one per (role, entity, name), most reported first."""
        counts: dict[tuple[str, str, str], int] = {}
        for m in self.mentions:
            for p in m.participants:
                if p.entity_id:
                    k = (p.role, p.entity_id, p.name)
                    counts[k] = counts.get(k, 0) + 1
        ranked = sorted(counts, key=lambda k: (-counts[k], k))
        return [Participant(role=role, entity_id=eid, name=name) for role, eid, name in ranked]


ClaimRelation = Literal["support", "contradiction", "same-origin", "related"]  # related: same topic only


@dataclass(frozen=True)
class Origin:
    """Where a document comes from, for telling copies from independent reports."""

    outlet: str | None = None
    host: str | None = None


@dataclass
class ClaimLink:
    a: str
    b: str
    relation: ClaimRelation
    similarity: float
    reasons: list[str]


@dataclass
class ClaimCluster:
    """One claim across documents: its members, most check-worthy (the lead) first, and each pair's relation.
    The one shape the resolver builds, the store writes and reads back, and the CLI, web app and exports show."""

    cluster_id: str
    members: list[Claim]
    links: list[ClaimLink] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        return sorted({c.doc_id for c in self.members})

    @property
    def doc_count(self) -> int:
        return len(self.doc_ids)

    @property
    def kind(self) -> ClaimKind | None:
        """The lead member's kind (numeric, accusation, …)."""
        return self.members[0].kind if self.members else None

    @property
    def contested(self) -> bool:
        return any(link.relation == "contradiction" for link in self.links)

    @property
    def independent(self) -> int:
        """How many independent origins the members come from (same-origin copies count once)."""
        group = {c.claim_id or "": c.claim_id or "" for c in self.members}

        def root(x: str) -> str:
            while group[x] != x:
                x = group[x]
            return x

        for link in self.links:
            if link.relation == "same-origin":
                group[root(link.a)] = root(link.b)
        return len({root(x) for x in group})


TechniqueName = Literal[
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
]  # the 14 classes of the Propaganda Techniques Corpus (SemEval-2020 Task 11)


class Technique(Record):
    """A span that uses a propaganda technique, and whose voice carries it (the author's or a source's)."""

    doc_id: str
    start: int
    end: int
    text: str
    technique: TechniqueName
    confidence: float  # P(technique span) × P(this class | span), 0–1
    voice: Literal["author", "quote", "reported"]
    extractor: str


StanceLabel = Literal["agree", "disagree", "discuss"]


class Evidence(Record):
    """A sentence of a document that bears on a checked claim, with who asserts it there."""

    start: int
    end: int
    text: str
    similarity: float  # MiniLM cosine to the checked claim
    holder: str | None = None  # the speaker whose words these are; None: the article's own voice
    voice: Literal["author", "quote", "reported"] = "author"
    claim_id: str | None = None  # the stored claim this sentence is, when it is one


class CheckMatch(Record):
    """A stored document that bears on a checked claim: how (agree / disagree / discuss) and where."""

    doc_id: str
    source: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    relation: StanceLabel
    score: float  # the model's probability of `relation`
    evidence: list[Evidence] = Field(default_factory=list)


class ClaimCheck(Record):
    """One checked claim and every stored document that bears on it, most related first."""

    claim: str
    matches: list[CheckMatch] = Field(default_factory=list)
    extractor: str


class Affiliation(Record):
    """A person (or an organisation mistyped for one) acting for a state, as one sentence says: "Russian President
    Vladimir Putin", "Imran Khan, Pakistan's prime minister"."""

    entity_id: str  # the office holder
    name: str
    state_id: str  # the state they act for (a GPE entity)
    state_name: str
    title: str  # the office as written, lower-cased ("prime minister")
    doc_id: str  # the document that states it
    statement: Span  # the words that state it ("Russian President Putin")
    sentence: Span
    text: str  # the sentence
    published: str | None = None  # when the stating document was published: the date the affiliation holds at
    # "document": it holds in the stating document only (a qualified title, "then prime minister", may describe
    # another time); "period": also in other documents' evidence dated near the publication date
    reach: Literal["document", "period"] = "document"


class RelationEvidence(Record):
    """One sentence that shows how two entities stand: an event between them, or a quote of one about the other."""

    doc_id: str
    sentence: Span  # offsets into the document's clean text
    text: str
    kind: Literal["event", "quote"]
    type: str  # the PLOVER type of the event, or the quote's cue ("accused", "praised")
    polarity: Literal["cooperative", "conflictual"]
    date: str | None = None  # the event's date; None when the period comes from the publication date
    dated_by: Literal["event", "publication"] = "event"
    # empty when the sentence is between the pair itself; else the stated offices through which one (or both) of
    # its entities stand for a state of the pair ("Putin offered Khan …" counts for Russia — Pakistan)
    affiliations: list[Affiliation] = Field(default_factory=list)


class Relation(Record):
    """How two entities stand in one period: counts of cooperative and conflictual evidence, and the balance."""

    entity_a: str  # entity ids, a < b
    name_a: str
    entity_b: str
    name_b: str
    period: str  # "2022-02" (month, by default), or "2022" (year)
    cooperative: int
    conflictual: int
    balance: float  # (cooperative - conflictual) / (cooperative + conflictual), -1 … 1
    evidence: list[RelationEvidence] = Field(default_factory=list)
    extractor: str = "dossier.relations.v2"
