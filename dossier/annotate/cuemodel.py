"""A learned speech-cue scorer: which verbs (and "according to") introduce someone's words, from the parse.

Trained on PolNeAR train by train/quotes.py: a logistic regression over sparse parse features of each
candidate token (its lemma alone and with its dependency and its complement, the kind of subject it has, the
quote marks beside it, the clause it governs). The weights ship as JSON in dossier/models/quotes/, read once,
no network; scoring a token is a sum of a dozen weights. metadata.json beside them says what it was trained
on, with which seed and parameters, and its held-back and dev scores.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from spacy.tokens import Token

from dossier.annotate.lexicon import BELIEF_VERBS, PERSONAL, PLURAL, SPEECH_NOUNS, SPEECH_VERBS

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "quotes"
WEIGHTS = MODEL_DIR / "cue_weights.json"
METADATA = MODEL_DIR / "metadata.json"
QUOTE_CHARS = {'"', "“", "”", "«", "»", "''", "``"}
COMPLEMENTS = ("ccomp", "xcomp", "parataxis", "advcl", "dobj", "dative", "agent", "prep", "npadvmod")
SUBJECTS = ("nsubj", "nsubjpass")


def is_candidate(tok: Token) -> bool:
    """Verbs, and the "according" of "according to": the words a speech cue can be."""
    if tok.lower_ == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    return tok.pos_ == "VERB" or (tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS)


def cue_features(tok: Token, inside_quote: bool) -> list[str]:
    """The sparse features of one candidate cue token (names only; every feature has value 1)."""
    lemma = tok.lemma_.lower()
    deps = sorted({c.dep_ for c in tok.children if c.dep_ in COMPLEMENTS + SUBJECTS})
    subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
    feats = [
        "bias", f"lemma={lemma}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"head_pos={tok.head.pos_}",
        f"lemma_dep={lemma}|{tok.dep_}", f"lex={_lexicon(lemma)}", f"lex_dep={_lexicon(lemma)}|{tok.dep_}",
        f"in_quote={inside_quote}", f"subj={_subject_kind(subject)}", f"lemma_subj={lemma}|{_subject_kind(subject)}",
    ]  # fmt: skip
    feats += [f"child={d}" for d in deps] + [f"lemma_child={lemma}|{d}" for d in deps]
    feats += [f"lex_child={_lexicon(lemma)}|{d}" for d in deps]
    doc = tok.doc
    before = doc[max(tok.sent.start, tok.i - 3) : tok.i]
    after = doc[tok.i + 1 : min(tok.sent.end, tok.i + 4)]
    feats.append(f"quote_before={any(t.text in QUOTE_CHARS for t in before)}")
    feats.append(f"quote_after={any(t.text in QUOTE_CHARS for t in after)}")
    feats.append(f"comma_before={any(t.text == ',' for t in before)}")
    feats.append(f"next={after[0].lower_ if len(after) else '<end>'}"[:40])
    feats.append(f"lex_next={_lexicon(lemma)}|{after[0].lower_ if len(after) else '<end>'}"[:40])
    feats.append(f"colon_after={any(t.text == ':' for t in after)}")
    feats.append(f"sent_end={tok.i >= tok.sent.end - 3}")
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i < tok.i:
        feats.append(f"trails={_lexicon(lemma)}")  # "…, he said": the cue hangs off what was said
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
        feats.append("participle_modifier")
    return feats


def _lexicon(lemma: str) -> str:
    if lemma == "according":
        return "according"
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in BELIEF_VERBS:
        return "belief"
    return "speech_noun" if lemma in SPEECH_NOUNS else "other"


def _subject_kind(subject: Token | None) -> str:
    if subject is None:
        return "none"
    word = subject.lower_
    if word in PERSONAL:
        return "personal"
    if word in PLURAL:
        return "plural"
    if subject.ent_type_:
        return f"ent:{subject.ent_type_}"
    label = next((t.ent_type_ for t in subject.subtree if t.ent_type_), "")
    return f"phrase:{label}" if label else f"pos:{subject.pos_}"


@functools.cache
def cue_weights() -> tuple[dict[str, float], float]:
    """The shipped weights and decision threshold (tuned on the held-back slice of PolNeAR train)."""
    if not WEIGHTS.exists():
        return {}, math.inf  # no model shipped: no learned cue fires, the rules alone speak
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return dict(data["weights"]), float(data["threshold"])


def cue_probability(features: list[str], weights: dict[str, float]) -> float:
    z = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
