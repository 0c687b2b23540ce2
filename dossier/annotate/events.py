"""Event mentions as a spaCy component: PLOVER type, mode, actor/target/location and the governing date.

Triggers are verbs and event nouns from a PLOVER lexicon (data/plover.tsv); participants come from the
dependency parse and are resolved to the document's entities (pronouns to the nearest person); the date is
the time expression that governs the trigger — never the publication date.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.annotate import extensions  # noqa: F401  (registers doc._.events)
from dossier.annotate.eventdates import event_date
from dossier.annotate.lexicon import PERSONAL_POSSESSIVE, SPEECH_VERBS
from dossier.annotate.needs import checked
from dossier.records import DocEntity, EventMention, Participant, TimeExpr

EXTRACTOR = "dossier.events.v1"
LEXICON = Path(__file__).resolve().parent / "data" / "plover.tsv"
SPEECH_LEMMAS = SPEECH_VERBS | {"believe"}  # a stated belief reports the event as much as "said" does
HEDGES = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently"}
HYPOTHETICAL_GOVERNORS = {"aim", "seek", "want", "plan", "intend", "hope", "wish", "propose", "threaten", "consider",
                          "expect", "need"}  # fmt: skip
MODALS = {"would", "could", "might", "may", "should", "must"}
FUTURE_AUX = {"will", "shall", "'ll"}
LOCATIVE = {"in", "at", "near", "through", "outside", "inside", "across", "around"}
MOTION_TYPES = {"CONSULT", "RETREAT", "PROTEST"}  # their place objects are where it happened, not a target
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NEEDS_PLACE = {"fall"}  # "Kabul fell" is a conquest; "Khan fell from grace" is not
INTRANSITIVE_ONLY = {"demonstrate", "rally", "march"}  # "the fall demonstrates the decline" is not a protest
NOT_DATES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
PRONOUNS = PERSONAL_POSSESSIVE


@functools.cache
def lexicon() -> dict[tuple[str, str], str]:
    with open(LEXICON, encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    return {(lemma, pos): category for lemma, pos, category in rows}


def event_component(doc: Doc) -> Doc:
    """spaCy component: doc._.events from triggers, the parse, doc._.entities and doc._.timexes."""
    doc._.events = event_mentions(doc)
    return doc


EVENTS_REQUIRE = ["token.dep", "token.lemma", "doc._.entities", "doc._.timexes"]


@Language.factory("dossier_events_v1", assigns=["doc._.events"], requires=EVENTS_REQUIRE)
def make_events(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return checked(nlp, name, EVENTS_REQUIRE, event_component)


def event_mentions(doc: Doc) -> list[EventMention]:
    entities: list[DocEntity] = doc._.entities or []
    timexes: list[TimeExpr] = [
        t for t in doc._.timexes or [] if t.type in ("DATE", "TIME") and t.value not in NOT_DATES
    ]
    by_char = {pos: e for e in entities for s, end in e.mentions for pos in range(s, end)}
    found = []
    triggers = [(token, kind) for token in doc if (kind := trigger_type(token)) is not None]
    nominal_triggers = frozenset(token.i for token, _ in triggers if token.pos_ == "NOUN")
    for token, event_type in triggers:
        participants = participants_of(token, event_type, by_char, entities)
        if token.lemma_.lower() in NEEDS_PLACE and not any(p.role in ("location", "target") for p in participants):
            continue
        dated = event_date(token, timexes, governing_timex(token, timexes), nominal_triggers)
        date = dated.timex if dated else None
        sent = token.sent
        found.append(
            EventMention(
                doc_id=doc._.doc_id or "",
                type=event_type,
                mode=mode_of(token),
                trigger=(token.idx, token.idx + len(token.text)),
                trigger_text=token.text,
                sentence=(sent.start_char, sent.end_char),
                date=date.value if date else None,
                date_span=(date.start, date.end) if date else None,
                date_source=dated.source if dated else None,
                date_confidence=dated.confidence if dated else None,
                participants=participants,
                extractor=EXTRACTOR,
            )
        )
    return found


def trigger_type(token: Token) -> str | None:
    pos = token.pos_
    if pos not in ("VERB", "NOUN"):
        return None
    if token.dep_ == "compound":
        return None  # "rally" in "rally Lahore" alt text, "war" in "war crimes"
    if pos == "VERB" and token.lemma_ in INTRANSITIVE_ONLY and any(c.dep_ in ("dobj", "ccomp") for c in token.children):
        return None
    return lexicon().get((token.lemma_.lower(), pos))


def participants_of(
    trigger: Token, event_type: str, by_char: dict[int, DocEntity], entities: list[DocEntity]
) -> list[Participant]:
    """Actor, target and location from the parse, each resolved to a document entity."""
    roles: list[tuple[str, Token]] = []
    for child in trigger.children:
        roles.extend(_roles_of_child(trigger, child, event_type))
    if trigger.dep_ == "xcomp" and not any(r == "actor" for r, _ in roles):
        roles += [("actor", c) for c in trigger.head.children if c.dep_ == "nsubj"]  # "a gunman tried to murder"
    for tok in _located_in_subtree(trigger, event_type, by_char):
        roles.append(("location", tok))
    out: list[Participant] = []
    for role, tok in roles:
        entity = entity_of(tok, by_char, entities)
        if entity is None:
            continue
        if role == "target" and event_type in MOTION_TYPES and entity.type in PLACE_LABELS:
            role = "location"
        if not any(p.entity_key == entity.key and p.role == role for p in out):
            out.append(Participant(entity_key=entity.key, name=entity.name, role=role))
    return out


def _roles_of_child(trigger: Token, child: Token, event_type: str) -> list[tuple[str, Token]]:
    dep, verb = child.dep_, trigger.pos_ == "VERB"
    if verb and dep in ("nsubj", "csubj"):
        return [("actor", child)] + [("actor", c) for c in child.conjuncts]
    if verb and dep in ("dobj", "nsubjpass", "dative"):
        return [("target", child)] + [("target", c) for c in child.conjuncts]
    if dep == "agent":
        return [("actor", c) for c in child.children if c.dep_ == "pobj"]
    if not verb and dep == "poss":
        return [("actor" if event_type != "COERCE" else "target", child)]
    if not verb and dep in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
        return [("actor", child)]
    if dep == "prep":
        objects = [c for c in child.children if c.dep_ == "pobj"]
        prep = child.lower_
        if prep == "by":
            return [("actor", o) for o in objects]
        if prep in ("of", "against", "on") and not verb:
            role = "location" if trigger.lemma_ in NEEDS_PLACE else "target"
            return [(role, o) for o in objects]
        if prep in ("against", "with") and verb:
            return [("target", o) for o in objects]
        if prep == "to" and trigger.lemma_ in NEEDS_PLACE:
            return [("actor", o) for o in objects]  # "Kabul falling to the Taliban"
    return []


def _located_in_subtree(trigger: Token, event_type: str, by_char: dict[int, DocEntity]) -> list[Token]:
    """Places introduced by a locative preposition on the trigger or its clause ("marched through Wazirabad")."""
    preps = LOCATIVE | ({"to", "into"} if event_type in MOTION_TYPES else set())
    clause = trigger.head if trigger.dep_ == "xcomp" else trigger  # "tried to murder X as he marched through Y"
    places = []
    for tok in clause.subtree:
        entity = by_char.get(tok.idx)
        if tok.dep_ != "pobj" or tok.head.lower_ not in preps or entity is None or entity.type not in PLACE_LABELS:
            continue
        holder = tok.head.head
        if holder.i in (clause.i, trigger.i) or (
            holder.dep_ in ("advcl", "conj", "xcomp") and holder.head.i in (clause.i, trigger.i)
        ):
            places.append(tok)
    return places


def entity_of(token: Token, by_char: dict[int, DocEntity], entities: list[DocEntity]) -> DocEntity | None:
    """The document entity a participant token names; a personal pronoun goes to the nearest person."""
    if token.lower_ in PRONOUNS:
        return _antecedent(token, entities)
    appositives = [c for c in token.children if c.dep_ == "appos"]
    for tok in [token, *appositives, *token.subtree]:  # "Pakistan's first prime minister, Zulfikar Ali Bhutto"
        if (entity := by_char.get(tok.idx)) is not None:
            return entity
    return None


def _antecedent(pronoun: Token, entities: list[DocEntity]) -> DocEntity | None:
    """The person a pronoun stands for: the nearest person mention in its sentence, else just before it."""
    sent = pronoun.sent
    people = [(s, e) for e in entities if e.type == "PERSON" for s, _ in e.mentions]
    in_sentence = [(abs(s - pronoun.idx), e) for s, e in people if sent.start_char <= s < sent.end_char]
    if in_sentence:
        return min(in_sentence, key=lambda p: p[0])[1]
    before = [(pronoun.idx - s, e) for s, e in people if s < pronoun.idx]
    return min(before, key=lambda p: p[0])[1] if before else None


def governing_timex(trigger: Token, timexes: list[TimeExpr]) -> TimeExpr | None:
    """The date the parse attaches to the trigger: in its own phrase, else on the noun phrase it sits in.

    No fallback to any date in the sentence: a long sentence mixes times, and a wrong date is worse than none.
    """
    sent: Span = trigger.sent
    in_sentence = [t for t in timexes if sent.start_char <= t.start < sent.end_char]
    node, branches = trigger, [trigger]
    while in_sentence:
        attached = [t for t in in_sentence if any(_covers(b, t) for b in branches)]
        if attached:
            return min(attached, key=lambda t: abs(t.start - trigger.idx))
        head = node.head
        if head.i == node.i or head.pos_ in ("VERB", "AUX"):
            return None  # stop at the clause: a verb's time is not the time of a noun inside it
        branches = [c for c in head.children if c.i != node.i]
        node = head
    return None


def _covers(branch: Token, timex: TimeExpr) -> bool:
    left, right = branch.left_edge.idx, branch.right_edge.idx + len(branch.right_edge.text)
    return left <= timex.start and timex.end <= right


def mode_of(trigger: Token) -> str:
    """asserted, negated, hypothetical, future or reported, from the trigger and the verbs that govern it."""
    chain = [trigger, *trigger.ancestors]
    governing = [t for t in chain if t.pos_ in ("VERB", "AUX", "NOUN")][:4]
    head = next((t for t in chain if t.pos_ == "VERB"), trigger)
    if any(c.dep_ == "neg" for t in governing[:2] for c in t.children) or any(
        c.lower_ in ("no", "never") for c in trigger.children
    ):
        return "negated"
    if any(c.lower_ in FUTURE_AUX for c in head.children):
        return "future"
    if any(c.lower_ in MODALS for c in head.children) or _conditional(head):
        return "hypothetical"
    if any(t.lemma_ in HYPOTHETICAL_GOVERNORS for t in governing[1:3]):
        return "hypothetical"
    if _under_speech(trigger) or _hedged(trigger):
        return "reported"
    return "asserted"


def _under_speech(trigger: Token) -> bool:
    """Inside what someone said: the path up passes a clausal complement of a speech verb."""
    node = trigger
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "xcomp", "parataxis") and node.head.lemma_ in SPEECH_LEMMAS:
            return True
        node = node.head
    return False


def _conditional(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)


def _hedged(trigger: Token) -> bool:
    sent = trigger.sent
    return any(t.lower_ in HEDGES for t in sent) or bool(re.search(r"\baccording to\b", sent.text, re.I))
