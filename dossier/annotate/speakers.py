"""Who "he" or "she" is: pronoun speakers resolved by salience across the passage, with agreement.

One resolver for every stage. A candidate is a person the document names before the pronoun (a bare surname
the tagger left untagged counts as a mention); people whose first name has the other gender are out; the rest
are scored by a ranker over cues: how recently and how often the passage mentions them, whether in the
pronoun's own paragraph or the one before, whether as a grammatical subject, whether they spoke the quote
before or others in the passage. Names inside quote marks are talked about, not talking: they count for
nothing. The weights are learned on PolNeAR train (train/speakers.py, dossier/models/speakers/); the hand
weights stand in when no model is shipped.
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from dossier.annotate.extensions import doc_text
from dossier.annotate.genders import first_name_gender
from dossier.annotate.lexicon import HONORIFIC_GENDER, PRONOUN_GENDER
from dossier.annotate.quotemarks import quote_spans
from dossier.records import DocEntity, Quote, Speaker

PERSON_TITLES = frozenset({  # titles only a person holds, right before a name
    "president", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "governor", "gov",
    "mayor", "secretary", "judge", "justice", "dr", "gen", "general", "ambassador", "chancellor", "minister",
    "premier", "speaker", "professor", "prof", "lt", "col", "sgt", "capt", "adm", "pope", "king", "queen",
})  # fmt: skip
RANKER = Path(__file__).resolve().parents[1] / "models" / "speakers" / "ranker.json"
PASSAGE_CHARS = 1500  # how far back mentions count toward salience (a few paragraphs of news copy)
RECENCY_CHARS = 250.0  # a mention this far back has lost half its recency weight
_QUOTED_KEY = "dossier.quoted_spans"
_SURNAMES_KEY = "dossier.surname_mentions"
HAND_WEIGHTS = {  # the rules' weights, used when no learned ranker is shipped (tuned on the train slice)
    "recency": 2.0,  # the nearest mention matters most …
    "frequency": 0.6,  # … but a protagonist mentioned again and again outweighs a name dropped once
    "paragraph": 1.0,  # mentioned in the pronoun's own paragraph
    "subject": 1.0,  # last mentioned as the subject of its clause: the one the sentence is about
    "previous_speaker": 1.5,  # spoke the quote before: "she said" after her quote continues her
    "name_gender_conflicts": -5.0,  # a first name of the other gender all but rules a person out
}


def entity_gender(doc: Doc, entity: DocEntity) -> str | None:
    """A person's gender from an honorific before a mention ("Ms. Greenberg") or a first name in any alias."""
    titled = stated_gender(doc, entity)
    if titled is not None:
        return titled
    for name in [entity.name, *entity.aliases]:
        words = re.findall(r"[A-Z][a-z]+", name)
        for word in words[:-1] if len(words) > 1 else []:
            gender = first_name_gender(word)
            if gender:
                return gender
    return None


def stated_gender(doc: Doc, entity: DocEntity) -> str | None:
    """The gender an honorific states, before a mention or inside a name ("Mr. Kamp"); a first name only
    suggests one."""
    titled = honorific_gender(doc, entity)
    if titled is not None:
        return titled
    for name in [entity.name, *entity.aliases]:
        words = re.findall(r"[A-Z][a-z]+", name)
        if words and words[0].lower() in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[words[0].lower()]
    return None


def honorific_gender(doc: Doc, entity: DocEntity) -> str | None:
    """The gender of an honorific standing before any mention ("Mr. Obama"): also proof the entity is a person.

    Honorifics of both genders ("Mr. Khan", "Mrs. Khan" merged into one entity by their shared surname) say
    nothing about either person: None."""
    seen = {g for start, _ in entity.mentions if (g := honorific_before(doc, start)) is not None}
    return seen.pop() if len(seen) == 1 else None


def honorific_before(doc: Doc, position: int) -> str | None:
    """The gender of an honorific right before a position ("Mrs. |Clinton"), or None."""
    before = re.findall(r"([A-Z][a-z]+)\.?\s*$", doc_text(doc)[max(0, position - 6) : position])
    return HONORIFIC_GENDER.get(before[-1].lower()) if before else None


def pronoun_referent(
    doc: Doc, position: int, pronoun: str, entities: list[DocEntity], earlier: list[Quote]
) -> Speaker | None:
    """The person a personal pronoun at `position` stands for, or None when nobody fits."""
    scored = candidate_features(doc, position, pronoun, entities, earlier)
    if not scored:
        return None
    weights = ranker_weights()
    _, best = max(((_score(f, weights), e) for e, f in scored), key=lambda pair: pair[0])
    return Speaker(name=best.name, entity_key=best.key)


def candidate_features(
    doc: Doc, position: int, pronoun: str, entities: list[DocEntity], earlier: list[Quote]
) -> list[tuple[DocEntity, dict[str, float]]]:
    """Every person the pronoun may stand for (named before it, outside quote marks, agreeing), with the cues
    the ranker weighs: recency, frequency, paragraph, grammatical role, and who spoke before."""
    gender = PRONOUN_GENDER.get(pronoun.lower())
    text = doc_text(doc)
    paragraph_start = text.rfind("\n\n", 0, position) + 1
    previous_paragraph = text.rfind("\n\n", 0, max(0, paragraph_start - 2)) + 1
    quoted = _quoted_spans(doc)
    extra = surname_mentions(doc, entities)
    candidates: dict[str, tuple[DocEntity, list[int], str | None]] = {}
    for entity in entities:
        if entity.type != "PERSON" and honorific_gender(doc, entity) is None and not titled(doc, entity):
            continue  # "Mr. Obama" or "President Obama" tagged a place is still a person
        starts = {s for s, _ in entity.mentions} | set(extra.get(entity.key, ()))
        before = sorted(s for s in starts if s < position and not _inside(s, quoted))
        if not before:
            continue  # named only inside quote marks: talked about, not the one talking
        known = entity_gender(doc, entity)
        if _gender_conflicts(gender, known) and stated_gender(doc, entity) is not None:
            continue  # "Mrs. Clinton" is never "he"; a first name alone only weighs against (see name_gender_conflicts)
        candidates[entity.key] = (entity, before, known)
    previous = _previous_speaker(earlier, position, candidates)
    spoke = {
        q.speaker.entity_key for q in earlier if q.speaker and q.end <= position and position - q.end < PASSAGE_CHARS
    }
    spoken_count: dict[str | None, int] = {}
    for q in earlier:
        if q.speaker is not None and q.end <= position:
            spoken_count[q.speaker.entity_key] = spoken_count.get(q.speaker.entity_key, 0) + 1
    first_named = min(candidates.values(), key=lambda c: c[1][0])[0].key if candidates else None
    here = doc.char_span(position, position + 1, alignment_mode="expand")
    sentence = here[0].sent if here is not None and len(here) else None
    previous_sentence = _narration_before(sentence, quoted) if sentence is not None else None
    latest = sorted(candidates.values(), key=lambda c: -c[1][-1])
    scored = []
    for rank, (entity, before, known) in enumerate(latest):
        last = before[-1]
        token = doc.char_span(last, last + 1, alignment_mode="expand")
        head = _phrase_head(token[0]) if token is not None and len(token) else None
        features = {
            "recency": math.pow(0.5, (position - last) / RECENCY_CHARS),
            "frequency": math.log1p(sum(1 for m in before if position - m <= PASSAGE_CHARS)),
            "paragraph": float(last >= paragraph_start),
            "subject": float(token is not None and len(token) > 0 and _is_subject(token[0])),
            "previous_speaker": float(entity.key == previous),
            "spoke_in_passage": float(entity.key in spoke),
            "nearest": float(rank == 0),
            "previous_paragraph": float(previous_paragraph <= last < paragraph_start),
            "first_named": float(entity.key == first_named),
            "gender_agrees": float(known is not None and known == gender),
            # a census first name of the other gender ("Lindsey Graham" … "he continued"): strong, not certain
            "name_gender_conflicts": float(_gender_conflicts(gender, known)),
            "mentions": math.log1p(len(before)),
            "quotes_spoken": math.log1p(spoken_count.get(entity.key, 0)),
            "possessive": float(head is not None and head.dep_ == "poss"),
            "oblique": float(head is not None and head.dep_ in ("pobj", "dobj", "dative")),
            "sentence_subject": float(
                any(_subject_of(sent, before) for sent in (sentence, previous_sentence) if sent is not None)
            ),
            # news introduces a person, then quotes them: "Raynard Jackson, a consultant, … “…,” he said"
            "introduced_here": float(before[0] >= paragraph_start),
            # "Asked whether Clinton would win, she replied": a name inside the pronoun's own sentence
            "same_sentence": float(sentence is not None and last >= sentence.start_char),
            # the subject of a main clause, not of one embedded in it ("… in the event that Clinton faces …")
            "root_subject": float(head is not None and _is_subject(head) and _clause_is_root(head)),
        }
        scored.append((entity, features))
    return scored


def _gender_conflicts(pronoun_gender: str | None, known: str | None) -> bool:
    """A "he" or "she" against a person whose gender is known to be the other one."""
    return pronoun_gender in ("male", "female") and known not in (None, pronoun_gender)


def titled(doc: Doc, entity: DocEntity) -> bool:
    """A mention right after a title only people hold ("President Obama", "Sen. Graham"): a person, whatever
    the tagger typed it."""
    text = doc_text(doc)
    for start, _ in entity.mentions:
        before = re.findall(r"([A-Za-z]+)\.?\s+$", text[max(0, start - 16) : start])
        if before and before[-1].lower() in PERSON_TITLES:
            return True
    return False


def _narration_before(sentence: Span, quoted: list[tuple[int, int]]) -> Span | None:
    """The sentence before this one in the author's voice: sentences inside quote marks are the speaker's own
    words, so for "“… We will win.” he said" the sentence before is the one before the quote opened."""
    doc = sentence.doc
    start = sentence.start
    for _ in range(12):
        if start <= 0:
            return None
        previous = doc[start - 1].sent
        first_word = next((t.idx for t in previous if not (t.is_punct or t.is_space)), previous.start_char)
        if not _inside(first_word, quoted):
            return previous
        start = previous.start
    return None


def _score(features: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


@functools.cache
def ranker_weights() -> dict[str, float]:
    """The learned ranker's weights (train/speakers.py), or the hand weights when no model is shipped."""
    if not RANKER.exists():
        return dict(HAND_WEIGHTS)
    return dict(json.loads(RANKER.read_text(encoding="utf-8"))["weights"])


def surname_mentions(doc: Doc, entities: list[DocEntity]) -> dict[str, list[int]]:
    """A named person's later bare surname ("Ham went on …") the entity layer left untagged, by entity key.

    A surname two people share ("Clinton") is left to the entity layer; so are words inside another person's
    mention."""
    cached = doc.user_data.get(_SURNAMES_KEY)
    if cached is not None:
        return dict(cached)
    people = [e for e in entities if e.type == "PERSON" and len(e.name.split()) >= 2]
    surnames: dict[str, list[DocEntity]] = {}
    for entity in people:
        surnames.setdefault(entity.name.split()[-1], []).append(entity)
    taken = [(s, e) for entity in entities if entity.type == "PERSON" for s, e in entity.mentions]
    found: dict[str, list[int]] = {}
    text = doc_text(doc)
    for surname, owners in surnames.items():
        if len(owners) != 1 or not re.fullmatch(r"[A-Z][\w'’-]+", surname):
            continue
        starts = [m.start() for m in re.finditer(rf"\b{re.escape(surname)}\b", text)]
        found[owners[0].key] = [s for s in starts if not _inside(s, taken)]
    doc.user_data[_SURNAMES_KEY] = found
    return dict(found)


def _previous_speaker(
    earlier: list[Quote], position: int, candidates: dict[str, tuple[DocEntity, list[int], str | None]]
) -> str | None:
    """The entity key of the latest earlier quote's speaker who could be this pronoun (agreeing, named)."""
    spoken = sorted((q for q in earlier if q.end <= position and q.speaker is not None), key=lambda q: q.end)
    for quote in reversed(spoken):
        speaker = quote.speaker
        if speaker is not None and not speaker.described and speaker.entity_key in candidates:
            return speaker.entity_key
    return None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in spans)


def _quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    cached = doc.user_data.get(_QUOTED_KEY)
    if cached is None:
        cached = [(q.start, q.end) for q in quote_spans(doc_text(doc))]
        doc.user_data[_QUOTED_KEY] = cached
    return cached


def _phrase_head(token: Token) -> Token:
    """ "Hillary Clinton" → the token carrying the name's role in the clause."""
    node = token
    for _ in range(3):
        if node.dep_ not in ("compound", "flat") or node.head.i == node.i:
            break
        node = node.head
    return node


def _subject_of(sentence: Span, mentions: list[int]) -> bool:
    """The candidate is a subject in this sentence (the pronoun's own, or the one before it)."""
    doc = sentence.doc
    for start in mentions:
        if sentence.start_char <= start < sentence.end_char:
            token = doc.char_span(start, start + 1, alignment_mode="expand")
            if token is not None and len(token) and _is_subject(token[0]):
                return True
    return False


def _clause_is_root(token: Token) -> bool:
    """The token's clause is its sentence's main one (or a conjunct of it)."""
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _is_subject(token: Token) -> bool:
    node = token
    for _ in range(3):  # "Hillary Clinton": the name's head token carries the role
        if node.dep_ in ("nsubj", "nsubjpass"):
            return True
        if node.dep_ not in ("compound", "flat", "appos"):
            return False
        node = node.head
    return False
