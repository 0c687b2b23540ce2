"""Who "he" or "she" is: pronoun speakers resolved by salience across the passage, with agreement.

One resolver for every stage. A candidate is a person the document names before the pronoun; people whose
first name has the other gender are out; the rest are scored by how recently and how often the passage
mentions them, whether they are mentioned in the pronoun's own paragraph, whether they were the grammatical
subject when last mentioned, and whether they are the latest earlier speaker who agrees with the pronoun. Names
inside quote marks are talked about, not talking: they count for nothing. The person the passage is about beats
the last person named in passing.
"""

from __future__ import annotations

import math
import re

from spacy.tokens import Doc, Token

from dossier.annotate.extensions import doc_text
from dossier.annotate.genders import first_name_gender
from dossier.annotate.lexicon import HONORIFIC_GENDER, PRONOUN_GENDER
from dossier.annotate.quotemarks import quote_spans
from dossier.records import DocEntity, Quote, Speaker

PASSAGE_CHARS = 1500  # how far back mentions count toward salience (a few paragraphs of news copy)
RECENCY_CHARS = 250.0  # a mention this far back has lost half its recency weight
_QUOTED_KEY = "dossier.quoted_spans"
W_RECENCY = 2.0  # the nearest mention matters most …
W_FREQUENCY = 0.6  # … but a protagonist mentioned again and again outweighs a name dropped once
W_PARAGRAPH = 1.0  # mentioned in the pronoun's own paragraph
W_SUBJECT = 1.0  # last mentioned as the subject of its clause: the one the sentence is about
W_PREVIOUS_SPEAKER = 1.5  # spoke the quote before: "she said" after her quote continues her
QUOTED_MENTION = 0.0  # a name inside quote marks is talked about, not talking (train slice: 0 beat 1)


def entity_gender(doc: Doc, entity: DocEntity) -> str | None:
    """A person's gender from an honorific before a mention ("Ms. Greenberg") or a first name in any alias."""
    titled = honorific_gender(doc, entity)
    if titled is not None:
        return titled
    for name in [entity.name, *entity.aliases]:
        words = re.findall(r"[A-Z][a-z]+", name)
        if words and words[0].lower() in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[words[0].lower()]
        for word in words[:-1] if len(words) > 1 else []:
            gender = first_name_gender(word)
            if gender:
                return gender
    return None


def honorific_gender(doc: Doc, entity: DocEntity) -> str | None:
    """The gender of an honorific standing before any mention ("Mr. Obama"): also proof the entity is a person."""
    for start, _ in entity.mentions:
        before = re.findall(r"([A-Z][a-z]+)\.?\s*$", doc_text(doc)[max(0, start - 6) : start])
        if before and before[-1].lower() in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[before[-1].lower()]
    return None


def pronoun_referent(
    doc: Doc, position: int, pronoun: str, entities: list[DocEntity], earlier: list[Quote]
) -> Speaker | None:
    """The person a personal pronoun at `position` stands for, or None when nobody fits."""
    gender = PRONOUN_GENDER.get(pronoun.lower())
    paragraph_start = doc_text(doc).rfind("\n\n", 0, position) + 1
    quoted = _quoted_spans(doc)
    candidates: dict[str, tuple[DocEntity, list[int]]] = {}
    for entity in entities:
        if entity.type != "PERSON" and honorific_gender(doc, entity) is None:
            continue  # "Mr. Obama" tagged a place is still a person
        before = sorted(s for s, _ in entity.mentions if s < position)
        if not before or all(_inside(m, quoted) for m in before):
            continue  # named only inside quote marks: talked about, not the one talking
        if gender in ("male", "female") and entity_gender(doc, entity) not in (None, gender):
            continue
        candidates[entity.key] = (entity, before)
    previous = _previous_speaker(earlier, position, candidates)
    best: tuple[float, DocEntity] | None = None
    for key, (entity, before) in candidates.items():
        score = _salience(doc, before, position, paragraph_start, quoted)
        if key == previous:
            score += W_PREVIOUS_SPEAKER
        if best is None or score > best[0]:
            best = (score, entity)
    if best is None:
        return None
    return Speaker(name=best[1].name, entity_key=best[1].key)


def _previous_speaker(
    earlier: list[Quote], position: int, candidates: dict[str, tuple[DocEntity, list[int]]]
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


def _salience(doc: Doc, before: list[int], position: int, paragraph_start: int, quoted: list[tuple[int, int]]) -> float:
    weights = [QUOTED_MENTION if _inside(m, quoted) else 1.0 for m in before]
    spoken_of = [m for m, w in zip(before, weights, strict=True) if w > 0]
    if not spoken_of:
        return 0.0
    last = spoken_of[-1]
    recent = sum(w for m, w in zip(before, weights, strict=True) if position - m <= PASSAGE_CHARS)
    score = W_RECENCY * math.pow(0.5, (position - last) / RECENCY_CHARS)
    score += W_FREQUENCY * math.log1p(recent)
    if last >= paragraph_start:
        score += W_PARAGRAPH
    token = doc.char_span(last, last + 1, alignment_mode="expand")
    if token is not None and len(token) and _is_subject(token[0]):
        score += W_SUBJECT
    return score


def _is_subject(token: Token) -> bool:
    node = token
    for _ in range(3):  # "Hillary Clinton": the name's head token carries the role
        if node.dep_ in ("nsubj", "nsubjpass"):
            return True
        if node.dep_ not in ("compound", "flat", "appos"):
            return False
        node = node.head
    return False
