"""The relation between two claims of one cluster, decided with the claim-relation (stance) model.

Contradiction needs the same proposition asserted and denied — the model reads one claim as disputing the other
while they stay close in meaning, or one negates what the other asserts in otherwise the same words — or the same
quantity given different numbers or dates (the claims agree once the figures are set aside). Same origin is as
before (one outlet, host, speaker or wording twice: syndication is not independent support). Support needs the
same proposition restated (on two single sentences the model reads a shared topic as agreement: Bhutto's fall in
1979 "agreed" 0.59 with a 2022 soft coup); two claims that are only about the same topic are "related".
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from dossier.records import Claim, ClaimRelation
from dossier.resolve.claimtext import dates_disagree, numbers_disagree, opposing_verbs, plain, words
from dossier.resolve.stance import STANCES, Passage, StanceModel, Vectors, features

SAME_PROPOSITION = 0.75  # MiniLM cosine of two wordings of one proposition; "Bhutto fell in 1979" vs "a soft coup": 0.5
DENIAL_MIN = 0.5  # the model's probability of "disagree" (either way round) that makes a denial
SAME_QUANTITY = 0.4  # content-word overlap, figures left out, for two numbers to count the same thing
NUMERAL = re.compile(r"\d[\d,.]*")

Relate = Callable[[Claim, Claim], tuple[ClaimRelation, list[str]]]


def stance_pair(a: str, va: Vectors, b: str, vb: Vectors, model: StanceModel) -> dict[str, float]:
    """The stance probabilities of each claim read as the passage for the other, the stronger of the two."""
    rows = [
        features(a, va, Passage([b], vb.reshape(1, -1)), model.idf),
        features(b, vb, Passage([a], va.reshape(1, -1)), model.idf),
    ]
    found = model.probabilities(rows).max(axis=0)
    return {label: float(p) for label, p in zip(STANCES, found, strict=True)}


def same_quantity(a: Claim, b: Claim) -> bool:
    """The claims say the same thing once their figures are left out (one poll, not two polls)."""
    left, right = words(NUMERAL.sub(" ", a.text)), words(NUMERAL.sub(" ", b.text))
    return bool(left and right) and len(left & right) / len(left | right) >= SAME_QUANTITY


def contradiction(a: Claim, b: Claim, cosine: float, stance: dict[str, float]) -> list[str]:
    """Why the two claims cannot both hold; empty when they can."""
    found = []
    if cosine >= SAME_PROPOSITION:
        if a.negated != b.negated:
            found.append("negation differs: one denies what the other asserts")
        verbs = opposing_verbs(a.text, b.text)
        if verbs:
            found.append(verbs)
    if same_quantity(a, b):
        for differs in (numbers_disagree(a.numbers, b.numbers), dates_disagree(a.dates, b.dates)):
            if differs:
                found.append(differs)
    denied = stance["disagree"] >= DENIAL_MIN and stance["disagree"] > stance["agree"]
    if not found and cosine >= SAME_PROPOSITION and denied:
        found.append(f"the model reads one as disputing the other ({stance['disagree']:.2f})")
    return found


def model_relation(
    a: Claim,
    b: Claim,
    *,
    vectors: tuple[Vectors, Vectors],
    model: StanceModel,
    origin: Callable[[Claim, Claim], list[str]],
) -> tuple[ClaimRelation, list[str]]:
    """Contradiction, same-origin, support, or only related, with the reasons."""
    va, vb = vectors
    cosine = float(np.dot(va, vb))
    stance = stance_pair(plain(a.text), va, plain(b.text), vb, model)
    conflict = contradiction(a, b, cosine, stance)
    if conflict:
        return "contradiction", conflict
    copied = origin(a, b)
    if copied:
        return "same-origin", copied
    if cosine >= SAME_PROPOSITION:  # the model's "agree" alone is not enough between two single sentences: it
        return "support", [f"independent reports state it ({cosine:.2f} alike)"]  # learnt stance on whole articles
    return "related", [f"same topic, not the same proposition ({cosine:.2f} alike, agree {stance['agree']:.2f})"]
