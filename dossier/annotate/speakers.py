"""Who "he" or "she" is: pronoun speakers resolved by salience across the passage, with agreement.

One resolver for every stage. A candidate is a person the document names before the pronoun; people whose
first name has the other gender are out; the rest are scored by how recently and how often the passage
mentions them, whether they are mentioned in the pronoun's own paragraph, whether they were the grammatical
subject when last mentioned, and whether they spoke the previous quote. The person the passage is about
beats the last person named in passing.
"""

from __future__ import annotations

import math
import re

from spacy.tokens import Doc, Token

from dossier.annotate.genders import first_name_gender
from dossier.annotate.lexicon import HONORIFIC_GENDER, PRONOUN_GENDER
from dossier.records import DocEntity, Quote, Speaker

PASSAGE_CHARS = 1500  # how far back mentions count toward salience (a few paragraphs of news copy)
RECENCY_CHARS = 250.0  # a mention this far back has lost half its recency weight
W_RECENCY = 2.0  # the nearest mention matters most …
W_FREQUENCY = 0.6  # … but a protagonist mentioned again and again outweighs a name dropped once
W_PARAGRAPH = 1.0  # mentioned in the pronoun's own paragraph
W_SUBJECT = 1.0  # last mentioned as the subject of its clause: the one the sentence is about
W_PREVIOUS_SPEAKER = 1.5  # spoke the quote before: "she said" after her quote continues her


def entity_gender(doc: Doc, entity: DocEntity) -> str | None:
    """A person's gender from an honorific before a mention ("Ms. Greenberg") or a first name in any alias."""
    for start, _ in entity.mentions:
        before = re.findall(r"([A-Z][a-z]+)\.?\s*$", doc.text[max(0, start - 6) : start])
        if before and before[-1].lower() in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[before[-1].lower()]
    for name in [entity.name, *entity.aliases]:
        words = re.findall(r"[A-Z][a-z]+", name)
        if words and words[0].lower() in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[words[0].lower()]
        for word in words[:-1] if len(words) > 1 else []:
            gender = first_name_gender(word)
            if gender:
                return gender
    return None


def pronoun_referent(
    doc: Doc, position: int, pronoun: str, entities: list[DocEntity], earlier: list[Quote]
) -> Speaker | None:
    """The person a personal pronoun at `position` stands for, or None when nobody fits."""
    gender = PRONOUN_GENDER.get(pronoun.lower())
    paragraph_start = doc.text.rfind("\n\n", 0, position) + 1
    spoken = [q for q in earlier if q.end <= position and q.speaker is not None]
    previous = max(spoken, key=lambda q: q.end).speaker if spoken else None
    best: tuple[float, DocEntity] | None = None
    for entity in entities:
        if entity.type != "PERSON":
            continue
        before = sorted(s for s, _ in entity.mentions if s < position)
        if not before:
            continue
        candidate_gender = entity_gender(doc, entity)
        if gender in ("male", "female") and candidate_gender not in (None, gender):
            continue
        score = _salience(doc, before, position, paragraph_start)
        if previous is not None and previous.entity_key == entity.key and not previous.described:
            score += W_PREVIOUS_SPEAKER
        if best is None or score > best[0]:
            best = (score, entity)
    if best is None:
        return None
    return Speaker(name=best[1].name, entity_key=best[1].key)


def _salience(doc: Doc, before: list[int], position: int, paragraph_start: int) -> float:
    last = before[-1]
    recent = [s for s in before if position - s <= PASSAGE_CHARS]
    score = W_RECENCY * math.pow(0.5, (position - last) / RECENCY_CHARS)
    score += W_FREQUENCY * math.log1p(len(recent))
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
