"""The date of an event mention, from the nearest time expression that the text lets govern it, and how sure.

A cascade, most specific first: the event's own time expression (in its phrase), the clause it sits in, the time
of the speech that reports it ("X said on Tuesday that …"), its sentence, and the narrative time of its paragraph
(the last date written before it there). Each step says which it was (`date_source`) and how far to trust it
(`date_confidence`). The publication date is never used: an undated event stays undated, and is counted so.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.annotate.extensions import doc_text
from dossier.annotate.lexicon import SPEECH_VERBS
from dossier.records import DateSource, TimeExpr

OWN: DateSource = "timex"
CLAUSE: DateSource = "clause"
REPORTED: DateSource = "reported"
SENTENCE: DateSource = "sentence"
PARAGRAPH: DateSource = "paragraph"
CONFIDENCE: dict[
    DateSource, float
] = {  # how often the step gives the right date, roughly, on the seeds and TimeBank-style news
    OWN: 0.9,  # the parse attaches the expression to the trigger's phrase
    CLAUSE: 0.75,  # same clause: "troops entered the city on Friday"
    REPORTED: 0.5,  # the speech time bounds the event (it happened by then), it does not date it exactly
    SENTENCE: 0.5,  # the sentence's only date, though not attached to the event by the parse
    PARAGRAPH: 0.35,  # narrative time carries over sentences until a new date or a paragraph break
}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "acl", "xcomp", "csubj"}  # a clause of its own
PARAGRAPH_BREAK = "\n\n"
NARRATIVE_TAGS = {"VBD"}  # simple past: "Its leaders fled to Pakistan."


@dataclass(frozen=True)
class EventDate:
    timex: TimeExpr
    source: DateSource
    confidence: float


def event_date(
    trigger: Token, timexes: list[TimeExpr], own: TimeExpr | None, nominal_triggers: frozenset[int] = frozenset()
) -> EventDate | None:
    """The date that governs the trigger, from the most specific step that finds one.

    `nominal_triggers`: token indices of the document's event nouns. An event noun does not take a date of its
    clause that another event noun stands between: "Khan's ouster harks back to the toppling and assassination of
    Bhutto, in April 1979" dates the toppling, whatever the parse attached the date to.
    """
    if own is not None:
        return EventDate(own, OWN, CONFIDENCE[OWN])
    sent = trigger.sent
    in_sentence = [t for t in timexes if sent.start_char <= t.start < sent.end_char]
    verb = clause_verb(trigger)
    if in_sentence and verb is not None:
        in_clause = [t for t in in_sentence if _in_clause(verb, t)]
        if trigger.pos_ == "NOUN":
            in_clause = [t for t in in_clause if not _event_noun_between(trigger, t, nominal_triggers)]
        found = _nearest(trigger, in_clause)
        if found is not None:
            return EventDate(found, CLAUSE, CONFIDENCE[CLAUSE])
        speech = _speech_verb(verb)
        found = _nearest(trigger, [t for t in in_sentence if speech is not None and _in_clause(speech, t)])
        if found is not None:
            return EventDate(found, REPORTED, CONFIDENCE[REPORTED])
    if trigger.pos_ != "VERB":
        return None  # a noun's time is its own phrase's or its clause's: "the 9/11 attack" is no date of the 1990s
    if len({t.value for t in in_sentence}) > 1:
        return None  # a sentence that mixes times does not say which is this event's
    found = _nearest(trigger, in_sentence)
    if found is not None:
        return EventDate(found, SENTENCE, CONFIDENCE[SENTENCE])
    if trigger.tag_ not in NARRATIVE_TAGS:
        return None  # only a past-tense narrative carries its time over sentences
    narrative = paragraph_time(trigger.doc, sent.start_char, timexes)
    return EventDate(narrative, PARAGRAPH, CONFIDENCE[PARAGRAPH]) if narrative is not None else None


def clause_verb(trigger: Token) -> Token | None:
    """The verb whose clause the trigger is in: the trigger itself when it is one, else its nearest verb above."""
    node = trigger
    while node.pos_ not in ("VERB", "AUX"):
        if node.head.i == node.i:
            return None
        node = node.head
    return node


def _in_clause(verb: Token, timex: TimeExpr) -> bool:
    """Whether the expression lies in the verb's own clause, not in a clause embedded under it."""
    for tok in verb.subtree:
        if tok.idx <= timex.start < tok.idx + len(tok.text):
            path = tok
            while path.i != verb.i:
                if path.dep_ in CLAUSE_DEPS or (path.dep_ == "conj" and path.pos_ in ("VERB", "AUX")):
                    return False
                path = path.head
            return True
    return False


def _event_noun_between(trigger: Token, timex: TimeExpr, nominal_triggers: frozenset[int]) -> bool:
    """Another event noun between the two, outside the trigger's own phrase ("the toppling and assassination")."""
    low, high = sorted((trigger.idx, timex.start))
    return any(
        low < tok.idx < high
        and tok.i in nominal_triggers
        and tok.i != trigger.i
        and not trigger.is_ancestor(tok)
        and not tok.is_ancestor(trigger)
        for tok in trigger.sent  # both lie in this sentence: a long document costs no more per trigger
    )


def _speech_verb(verb: Token) -> Token | None:
    """The speech verb whose complement this clause is: "said on Tuesday that troops had entered"."""
    node = verb
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "parataxis", "xcomp") and node.head.lemma_ in SPEECH_VERBS:
            return node.head
        node = node.head
    return None


def _nearest(trigger: Token, candidates: list[TimeExpr]) -> TimeExpr | None:
    return min(candidates, key=lambda t: abs(t.start - trigger.idx), default=None)


def paragraph_time(doc: Doc, sentence_start: int, timexes: list[TimeExpr]) -> TimeExpr | None:
    """The last calendar date written before the sentence in its paragraph: the narrative time there."""
    paragraph_start = doc_text(doc).rfind(PARAGRAPH_BREAK, 0, sentence_start) + 1
    before = [t for t in timexes if paragraph_start <= t.start < sentence_start and t.value[:1].isdigit()]
    return max(before, key=lambda t: t.start, default=None)
