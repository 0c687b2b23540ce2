"""Check-worthy claims as a spaCy component: factual propositions with their holder and a transparent score.

A sentence is cut into the stretches each voice holds: what a quote covers belongs to its speaker, the rest
(less the cue and the speaker's name) to the author. Each stretch is scored by an additive model over
features — entities, amounts, dates, event triggers, accusatory and causal cues raise it; opinion, hedges,
questions, loaded words and normative or predictive statements lower it — and kept when the score reaches
CHECK_WORTHY. Every claim keeps the features that gave its score and the cue words that fired them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier.annotate import extensions  # noqa: F401  (registers doc._.claims)
from dossier.annotate.extensions import doc_text
from dossier.annotate.lexicon import PERSONAL_POSSESSIVE
from dossier.annotate.needs import checked
from dossier.annotate.quantities import NUMERIC_LABELS, quantities_in
from dossier.records import Claim, ClaimEntity, ClaimKind, DocEntity, EventMention, Quote, TimeExpr

EXTRACTOR = "dossier.claims.v1"
CHECK_WORTHY = 0.5  # at least two independent signals (say an entity and a dated event) over the base
MIN_WORDS = 5  # a shorter stretch is a fragment ("he said", a scare-quoted phrase), not a proposition
SHORT_WORDS = 8  # under this a stretch rarely states enough to check, so it is scored down
NOT_DATES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}  # "now", "recently": nothing to check against

# The model: each feature adds (or takes away) a fixed amount; the score is the clipped sum.
BASE = 0.1  # a sentence with nothing checkable in it is not a claim
ENTITY = 0.15  # per named person, place or organization: who and where make a statement checkable
MAX_ENTITIES = 2  # a list of names is no more checkable than two of them
NUMBER = 0.25  # counts, percentages and sums are what fact-checkers check first
DATE = 0.25  # a dated statement about someone named (entity + date + verb) is checkable against the record
EVENT = 0.2  # an event trigger (doc._.events): someone did something
ACCUSATION = 0.2  # blame and wrongdoing: the claims with most at stake
CAUSAL = 0.15  # "because", "led to": a causal link is a claim in itself
OPINION = -0.35  # "I think", "we can say", "in my view": the writer's view, not a fact
HEDGED = -0.1  # "may", "perhaps": the holder does not commit to it
QUESTION = -0.4  # a question (rhetorical in news prose) asserts nothing
LOADED = -0.1  # per loaded word ("bogus", "botched"): evaluation rather than fact
MAX_LOADED = 2
NORMATIVE = -0.2  # "should", "must": what ought to be cannot be checked
FUTURE = -0.1  # "will": a prediction cannot be checked yet
SHORT = -0.15

ACCUSATORY = re.compile(
    r"\b(accus\w*|blam\w*|alleg\w*|charged? with|responsible for|orchestrat\w*|conspir\w*|coups?|brib\w*|"
    r"rigg?(?:ed|ing)|fraud\w*|corrupt\w*|illegal\w*|crimes?|criminal|funded|funding|interfer\w*|meddl\w*|"
    r"plott?\w*|regime[- ]change|covert\w*|destabili[sz]\w*|sabotag\w*|kill\w*|murder\w*|assassinat\w*|"
    r"threat\w*|terroris\w*|aiding|backed|topple\w*|overthr\w*|seiz\w*|violat\w*|abduct\w*|tortur\w*)\b",
    re.I,
)
CAUSAL_CUES = re.compile(
    r"\b(because|due to|as a result|led to|leads to|leading to|caus\w*|result(?:ed|s)? in|owing to|thanks to|"
    r"therefore|consequently|triggered|sparked|brought about|gave rise to|in response to|in retaliation)\b",
    re.I,
)
OPINION_CUES = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+){0,2}(?:think|believe|feel|suspect|guess|argue|hope|say|contend|submit)\b|"
    r"\bin (?:my|our) (?:view|opinion)\b|\bit seems\b|\barguably\b|\bto be sure\b|\bof course\b",
    re.I,
)
HEDGE_CUES = re.compile(
    r"\b(perhaps|possibly|probably|likely|apparently|reportedly|allegedly|seem\w*|appear(?:s|ed)? to|"
    r"supposedly|purportedly|presumably)\b",
    re.I,
)
LOADED_WORDS = re.compile(
    r"\b(bogus|botched|shameful|disgraceful|notorious|puppet|so-called|heinous|absurd|ridiculous|outrageous|"
    r"insidious\w*|malign|obscene\w*|blatant\w*|horrific|evil|sinister|nefarious|ruthless\w*|barbaric|despicable|"
    r"sham|farce|propaganda|miraculous|glorious|heroic|tyrannical|callous|dirty|frankly|precisely|"
    r"unceremoniously|customary|brazen\w*|shameless\w*|infamous|cowardly|vile|scandalous|draconian|"
    r"benevolent|hysteric\w*|subversive\w*|embattled|ostensibly|virtually|mere|utter\w*)\b",
    re.I,
)
MODAL_HEDGES = {"may", "might", "could"}
NORMATIVE_CUES = re.compile(r"\b(should|must|ought to|need to|needs to|has to|have to)\b", re.I)
FUTURE_CUES = re.compile(r"\b(will|shall|going to)\b|'ll\b", re.I)
PERSONAL = PERSONAL_POSSESSIVE
REFERENT_REACH = 600  # characters before a sentence in which its "he" may find the person (about a paragraph)
NEGATORS = {"never", "nobody", "nothing", "neither", "nor", "none"}
TRIM_LEFT = re.compile(r"^(?:[\s,;:—–*_\"“”'‘’()\[\]-]|\b(?:that|and|but|as|according to)\b)+", re.I)
TRIM_RIGHT = re.compile(
    r"(?:[\s,;:—–*_\"“”'‘’()\[\]-]|\b(?:that|and|but|as|as saying|according to|said|says|told)\b)+$", re.I
)


def claim_component(doc: Doc) -> Doc:
    """spaCy component: doc._.claims, the check-worthy propositions with holder, score and features."""
    doc._.claims = claims_in(doc)
    return doc


CLAIMS_REQUIRE = ["token.dep", "token.lemma", "doc._.entities", "doc._.quotes", "doc._.timexes", "doc._.events"]


@Language.factory("dossier_claims_v1", assigns=["doc._.claims"], requires=CLAIMS_REQUIRE)
def make_claims(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return checked(nlp, name, CLAIMS_REQUIRE, claim_component)


def claims_in(doc: Doc, *, threshold: float = CHECK_WORTHY) -> list[Claim]:
    """Every stretch of a sentence held by one voice that scores at least `threshold`."""
    quotes: list[Quote] = doc._.quotes or []
    text = doc_text(doc)  # Doc.text is rebuilt from the tokens on every access
    amounts = [e for e in doc.ents if e.label_ in NUMERIC_LABELS]
    found = []
    for sent in doc.sents:
        for start, end, quote in claim_units(text, sent, quotes):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len([t for t in span if t.is_alpha]) < MIN_WORDS or not _has_predicate(doc, span):
                continue
            claim = scored_claim(doc, span, quote, amounts=amounts)
            if claim.check_worthiness >= threshold:
                found.append(claim)
    return found


def claim_units(text: str, sent: Span, quotes: list[Quote]) -> list[tuple[int, int, Quote | None]]:
    """The stretches of one sentence and who holds each: a quote's speaker, or the author (None)."""
    start, end = sent.start_char, sent.end_char
    units: list[tuple[int, int, Quote | None]] = []
    taken: list[tuple[int, int]] = []
    for q in quotes:
        for span in (q.cue_span, q.speaker_span):
            if span and start <= span[0] < end:
                taken.append(span)
    for q in quotes:
        if q.start < end and start < q.end:
            piece = (max(start, q.start), min(end, q.end))
            if q.kind == "mixed":  # a quoted fragment inside reported speech: the whole reported clause is theirs
                piece = _enclosing(piece, start, end, taken)
            units.append((*piece, q))
            taken.append(piece)
    rest = max(_free_segments(start, end, taken), key=lambda s: s[1] - s[0], default=None)
    if rest is not None:
        units.append((*rest, None))
    trimmed = [(*_trimmed(text, s, e), q) for s, e, q in units]
    return [(s, e, q) for s, e, q in trimmed if e > s]


def _free_segments(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) no taken range covers."""
    segments, position = [], start
    for s, e in sorted(taken):
        if s > position:
            segments.append((position, min(s, end)))
        position = max(position, e)
    if position < end:
        segments.append((position, end))
    return [(s, e) for s, e in segments if e > s]


def _enclosing(piece: tuple[int, int], start: int, end: int, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """The free segment of the sentence that holds a quoted fragment (the clause around it)."""
    for s, e in _free_segments(start, end, taken):
        if s <= piece[0] and piece[1] <= e:
            return s, e
    return piece


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without the connecting words and marks at either edge ("that", "according to", quote marks)."""
    chunk = text[start:end]
    left = TRIM_LEFT.match(chunk)
    skip = left.end() if left else 0
    right = TRIM_RIGHT.search(chunk[skip:])
    cut = len(chunk[skip:]) - (right.end() - right.start()) if right else len(chunk[skip:])
    return start + skip, start + skip + max(0, cut)


def _has_predicate(doc: Doc, span: Span) -> bool:
    """A proposition needs a verb or an event noun ("his ouster … on April 10"): "Global Research, April 20,
    2022" names and dates but states nothing."""
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return True
    return any(span.start_char <= e.trigger[0] < span.end_char for e in doc._.events or [])


def scored_claim(doc: Doc, span: Span, quote: Quote | None, *, amounts: list[Span] | None = None) -> Claim:
    """A claim record for one stretch: features, score, kind, and what it names, counts and dates."""
    entities = entities_in(doc, span)
    timexes: list[TimeExpr] = doc._.timexes or []
    in_span = [t for t in timexes if span.start_char <= t.start and t.end <= span.end_char]
    dates = [t.value for t in in_span if t.type in ("DATE", "TIME") and t.value not in NOT_DATES]
    numbers = quantities_in(span, skip=[(t.start, t.end) for t in in_span], amounts=amounts)
    events = [e for e in doc._.events or [] if span.start_char <= e.trigger[0] < span.end_char]
    features, cues = claim_features(span, quote, entities=len(entities), numbers=bool(numbers), dates=bool(dates),
                                    events=events)  # fmt: skip
    score = round(min(1.0, max(0.0, sum(features.values()))), 3)
    voice = "author" if quote is None else "quote" if quote.kind == "direct" else "reported"
    return Claim(
        doc_id=doc._.doc_id or "", start=span.start_char, end=span.end_char, text=span.text,
        holder=quote.speaker if quote else None, voice=voice, check_worthiness=score, features=features,
        cues=cues, kind=kind_of(features, quote), entities=entities, numbers=numbers, dates=sorted(set(dates)),
        negated=negated(span), extractor=EXTRACTOR,
    )  # fmt: skip


def claim_features(
    span: Span, quote: Quote | None, *, entities: int, numbers: bool, dates: bool, events: list[EventMention]
) -> tuple[dict[str, float], list[str]]:
    """The features that fire on one stretch, each with its contribution, and the cue words behind them."""
    text = span.text
    features: dict[str, float] = {"base": BASE}
    cues: list[str] = []
    raised = (
        ("entities", ENTITY * min(entities, MAX_ENTITIES), entities > 0),
        ("number", NUMBER, numbers),
        ("date", DATE, dates),
        ("event", EVENT, bool(events)),
    )
    for name, weight, fired in raised:
        if fired:
            features[name] = round(weight, 3)
    for name, weight, pattern in (
        ("accusation", ACCUSATION, ACCUSATORY),
        ("causal", CAUSAL, CAUSAL_CUES),
        ("normative", NORMATIVE, NORMATIVE_CUES),
        ("future", FUTURE, FUTURE_CUES),
    ):
        found = pattern.search(text)
        if found:
            features[name] = weight
            cues.append(found.group(0).lower())
    hedge = HEDGE_CUES.search(text) or next((t for t in span if t.tag_ == "MD" and t.lower_ in MODAL_HEDGES), None)
    if hedge is not None:  # "May 2020" is a month: modals count only as the tagger's modal verbs
        features["hedged"] = HEDGED
        cues.append(hedge.group(0).lower() if isinstance(hedge, re.Match) else hedge.lower_)
    loaded = sorted({m.group(0).lower() for m in LOADED_WORDS.finditer(text)})
    if loaded:
        features["loaded"] = round(LOADED * min(len(loaded), MAX_LOADED), 3)
        cues += loaded
    opinion = OPINION_CUES.search(text)
    if opinion and quote is None:  # first person inside a quote is the speaker's own account, not the author's view
        features["opinion"] = OPINION
        cues.append(opinion.group(0).lower())
    if text.rstrip(" \"”’'*_)").endswith("?"):
        features["question"] = QUESTION
    if len([t for t in span if t.is_alpha]) < SHORT_WORDS:
        features["short"] = SHORT
    return features, cues


def kind_of(features: dict[str, float], quote: Quote | None) -> ClaimKind:
    """What makes the claim checkable, the most specific first."""
    for feature, kind in (
        ("number", "numeric"),
        ("accusation", "accusation"),
        ("causal", "causal"),
        ("date", "temporal"),
        ("event", "event"),
    ):
        if feature in features:
            return kind  # type: ignore[return-value]
    return "attribution" if quote is not None and quote.speaker is not None else "statement"


def entities_in(doc: Doc, span: Span) -> list[ClaimEntity]:
    """The document entities a stretch names, in order of first mention, and the person its "he"/"his" means."""
    found: dict[str, tuple[int, DocEntity]] = {}
    for entity in doc._.entities or []:
        inside = [s for s, e in entity.mentions if span.start_char <= s and e <= span.end_char]
        if inside and entity.key not in found:
            found[entity.key] = (min(inside), entity)
    ordered = [e for _, e in sorted(found.values(), key=lambda pair: pair[0])]
    referent = pronoun_referent(doc, span) if not any(e.type == "PERSON" for e in ordered) else None
    if referent is not None and referent.key not in found:
        ordered.append(referent)
    return [ClaimEntity(name=e.name, type=e.type, entity_key=e.key, entity_id=e.entity_id) for e in ordered]


def pronoun_referent(doc: Doc, span: Span) -> DocEntity | None:
    """Who "he"/"his" in a stretch naming no person is: the first person its sentence names ("Before his ouster
    …, Imran Khan claimed"), else the last person named shortly before."""
    if not any(t.lower_ in PERSONAL for t in span):
        return None
    sent = span.sent
    entities: list[DocEntity] = doc._.entities or []
    people = [(s, e) for e in entities if e.type == "PERSON" for s, _ in e.mentions]
    in_sentence = [p for p in people if sent.start_char <= p[0] < sent.end_char]
    if in_sentence:
        return min(in_sentence, key=lambda p: p[0])[1]
    before = [p for p in people if sent.start_char - REFERENT_REACH <= p[0] < sent.start_char]
    return max(before, key=lambda p: p[0])[1] if before else None


def negated(span: Span) -> bool:
    """The main predication is negated ("was not ousted", "never received", "no letter was sent"), not a clause
    hanging off it ("a country that never recovered")."""
    main = [span.root, *(c for c in span.root.children if c.dep_ in ("conj", "ccomp", "xcomp", "auxpass", "aux"))]
    for verb in main:
        for child in verb.children:
            if child.dep_ == "neg" or child.lower_ in NEGATORS:
                return True
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
                d.lower_ == "no" and d.dep_ == "det" for d in child.children
            ):
                return True
    return False
