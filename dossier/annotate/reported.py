"""Reported speech found by the learned cue scorer: the cue token and the stretch of text it reports.

The scorer (cuemodel.py) says which verbs introduce someone's words; the parse gives what they said: the
cue's clausal complement ("X warned that …"), or, when the cue trails what it reports ("The deal is dead, he
said"), the clause it hangs off minus the cue's own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.annotate.cuemodel import cue_features, cue_probability, cue_weights, is_candidate

CLAUSES = ("ccomp", "xcomp")  # a cue's complement that holds what was said (xcomp: "urged him to resign")
TRAILING = ("parataxis", "ccomp", "advcl")  # "…, he said" attached under the clause it reports
MIN_CONTENT_TOKENS = 3  # a shorter complement is a fragment ("said so", "told them to")


@dataclass(frozen=True)
class ReportedSpan:
    cue: Token
    start: int
    end: int
    probability: float


def learned_reports(doc: Doc, quoted: set[int]) -> list[ReportedSpan]:
    """Every candidate cue the model scores at or above its threshold, with the span it reports."""
    weights, threshold = cue_weights()
    if not weights:
        return []
    found = []
    for tok in doc:
        if not is_candidate(tok) or tok.pos_ != "VERB":
            continue  # "according to" has its own reader in quotes.py; a speech noun's speaker is its verb's
        probability = cue_probability(cue_features(tok, tok.idx in quoted), weights)
        if probability < threshold:
            continue
        span = reported_span(tok)
        if span is not None:
            found.append(ReportedSpan(tok, span[0], span[1], probability))
    return found


def learned_cue(tok: Token) -> bool:
    """The model's word on one verb outside quote marks (used by the rules beside their own list)."""
    weights, threshold = cue_weights()
    return bool(weights) and is_candidate(tok) and cue_probability(cue_features(tok, False), weights) >= threshold


def reported_span(cue: Token) -> tuple[int, int] | None:
    """What a cue reports: its complement clause, or the clause a trailing cue hangs off."""
    clause = next((c for c in cue.children if c.dep_ in CLAUSES), None)
    if clause is not None:
        tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.i == clause.left_edge.i)]
        return _trimmed(tokens)
    if cue.dep_ in TRAILING and cue.head.i < cue.i and cue.tag_ != "VBG":  # "…, describing": not "…, he said"
        own = {t.i for t in cue.subtree}
        tokens = [t for t in cue.head.subtree if t.i not in own and t.i < cue.left_edge.i]
        return _trimmed(tokens)
    return None


def _trimmed(tokens: list[Token]) -> tuple[int, int] | None:
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if len(words) < MIN_CONTENT_TOKENS:
        return None
    first, last = words[0], words[-1]
    return first.idx, last.idx + len(last.text)
