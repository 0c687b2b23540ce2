"""Claim relation: does a passage agree with a claim, disagree with it, discuss it without taking a side, or not
bear on it at all (FNC-1's four stances)?

Features are computed from the claim, the passage's sentences and their MiniLM embeddings (the caller embeds, so
stored vectors are reused): how close the best-matching sentences come in meaning and in words, whether refuting,
hedging or negating words sit near them, and whether the claim's numbers appear. A gradient-boosted model trained
by `train/stance.py` on FNC-1 turns them into the four probabilities.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Stance = Literal["agree", "disagree", "discuss", "unrelated"]
STANCES: tuple[Stance, ...] = ("agree", "disagree", "discuss", "unrelated")
Vectors = npt.NDArray[np.float32]
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "stance"
LEAD_SENTENCES = 3  # news puts its verdict first: "a hoax", "reportedly"
ON_TOPIC_COVERAGE = 0.3  # a sentence naming this share of the claim's (idf-weighted) words is about it
TOP_SENTENCES = 3  # the best-matching few sentences carry the stance; the rest of an article is context
NEAR_SENTENCES = 1  # words of refutation count in the matched sentences and their immediate neighbours
CLOSE_COSINE = 0.5  # sentences this close to the claim are about it (MiniLM paraphrases score 0.6 and up)
BM25_K1 = 1.2  # the usual BM25 saturation and length normalisation
BM25_B = 0.75
UNKNOWN_IDF = 8.0  # a word absent from the training bodies is rare: weigh it like a name
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n+")
STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the and or but of in on at to for from by with as is are was were be been being has have had it its "
        "this that these those he she they them his her their we our you your i me my than then so such which who "
        "whom whose what when where while also into over after before about between during since until would will "
        "could may might can do does did s",
    )
)
REFUTING = frozenset(
    re.findall(
        r"\S+",
        "fake fraud fraudulent hoax hoaxes false falsely deny denies denied denying denial not despite nope doubt "
        "doubts doubted bogus debunk debunks debunked debunking prank pranks retract retracts retracted retraction "
        "untrue incorrect wrong misleading baseless rumour rumours rumor rumors myth satire satirical fabricated "
        "refute refutes refuted dismissed dismisses reject rejects rejected contrary never no nothing",
    )
)
HEDGING = frozenset(
    re.findall(
        r"\S+",
        "reportedly allegedly alleged purportedly supposedly apparently claim claims claimed claiming according "
        "report reports reported rumoured rumored unconfirmed unverified may might could possibly perhaps appears "
        "appear suggests suggest seems seem believed speculation speculated if whether unclear investigating sources",
    )
)
ASSERTING = frozenset(
    re.findall(
        r"\S+",
        "confirmed confirms confirm announced announces officially official revealed reveals shows showed proved "
        "proves indeed actually verified statement said says told",
    )
)
STRONG_REFUTING = frozenset(
    re.findall(
        r"\S+",
        "hoax hoaxes fake false falsely debunk debunks debunked debunking satire satirical fabricated untrue bogus "
        "prank myth denied denies deny baseless",
    )
)
NEGATION = frozenset(["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "n't", "cannot", "without"])

FEATURES = (
    "cos_max", "cos_top_mean", "cos_lead", "cos_centroid", "cos_gap", "close_share", "argmax_position",
    "log_sentences", "coverage", "idf_coverage", "best_idf_coverage", "tfidf_cosine", "bm25", "bigram_share",
    "name_coverage", "refuting_near", "hedging_near", "asserting_near", "negation_near", "refuting_all",
    "hedging_all", "claim_refuting", "claim_hedging", "claim_negated", "claim_question", "negation_mismatch",
    "numbers_claim", "numbers_found", "claim_words", "strong_refuting", "refuting_lead", "hedging_lead",
    "refuting_on_topic", "hedging_on_topic", "refuting_close_max", "hedging_close_max", "best_hedged",
    "best_refuting", "on_topic_share", "log_words", "questions",
)  # fmt: skip


@dataclass(frozen=True)
class Passage:
    """What a claim is compared with: sentences (with their offsets) and their unit-length embeddings."""

    sentences: Sequence[str]
    vectors: Vectors


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence offsets by punctuation and line breaks, for text that comes without stored sentences."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def tokens(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def content(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]


def _idf(word: str, idf: Mapping[str, float]) -> float:
    return idf.get(word, UNKNOWN_IDF)


def _counts(words: Sequence[str], lexicon: frozenset[str]) -> float:
    hits = sum(1 for w in words if w in lexicon or (w.endswith("n't") and lexicon is NEGATION))
    return hits / max(len(words), 1) * 100.0  # per hundred words: long articles are not more refuting


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def features(claim: str, claim_vector: Vectors, passage: Passage, idf: Mapping[str, float]) -> list[float]:
    """One row of FEATURES for a claim against a passage."""
    n = len(passage.sentences)
    cos = passage.vectors @ claim_vector if n else np.zeros(1, dtype=np.float32)
    order = np.argsort(-cos)
    top = order[:TOP_SENTENCES]
    centroid = passage.vectors.mean(axis=0) if n else np.zeros_like(claim_vector)
    centroid_cos = float(centroid @ claim_vector / (np.linalg.norm(centroid) or 1.0))
    claim_words = content(tokens(claim))
    sentence_words = [tokens(s) for s in passage.sentences]
    all_words = [w for ws in sentence_words for w in ws]
    near_idx = sorted({j for i in top for j in range(i - NEAR_SENTENCES, i + NEAR_SENTENCES + 1) if 0 <= j < n})
    near = [w for j in near_idx for w in sentence_words[j]]
    best = set(sentence_words[int(order[0])]) if n else set()
    lexical = _lexical(claim_words, all_words, best, idf)
    claim_all = tokens(claim)
    claim_negated = _counts(claim_all, NEGATION) > 0
    best_negated = bool(n) and _counts(sentence_words[int(order[0])], NEGATION) > 0
    numbers = _numbers(claim)
    found = _numbers(" ".join(passage.sentences[j] for j in top)) if n else set()
    names = {w.lower() for w in re.findall(r"\b[A-Z][a-zA-Z]+", claim)} - STOPWORDS
    text_lower = set(all_words)
    return [
        float(cos[order[0]]),
        float(cos[top].mean()),
        float(cos[: min(2, n)].max()) if n else 0.0,
        centroid_cos,
        float(cos[order[0]] - cos.mean()),
        float((cos >= CLOSE_COSINE).mean()),
        float(order[0]) / max(n, 1),
        math.log1p(n),
        *lexical,
        len(names & text_lower) / max(len(names), 1),
        _counts(near, REFUTING),
        _counts(near, HEDGING),
        _counts(near, ASSERTING),
        _counts(near, NEGATION),
        _counts(all_words, REFUTING),
        _counts(all_words, HEDGING),
        float(any(w in REFUTING for w in claim_all)),
        float(any(w in HEDGING for w in claim_all)),
        float(claim_negated),
        float("?" in claim),
        float(claim_negated != best_negated),
        float(len(numbers)),
        len(numbers & found) / len(numbers) if numbers else 1.0,
        float(len(claim_words)),
        *_cues(claim_words, sentence_words, cos, top, idf),
        sum(1 for t in passage.sentences if "?" in t) / max(n, 1),
    ]


def _has(words: Sequence[str], lexicon: frozenset[str]) -> bool:
    return any(w in lexicon for w in words)


def _cues(
    claim: list[str], sentences: list[list[str]], cos: Vectors, top: npt.NDArray[np.intp], idf: Mapping[str, float]
) -> list[float]:
    """Where the refuting and hedging words are: in the lead, in the sentences about the claim, near the best."""
    n = len(sentences)
    if not n:
        return [0.0] * 11
    weights = {w: _idf(w, idf) for w in set(claim)}
    total = sum(weights.values()) or 1.0
    on_topic = [
        ws for ws in sentences if sum(v for w, v in weights.items() if w in set(ws)) / total >= ON_TOPIC_COVERAGE
    ]
    topic_words = [w for ws in on_topic for w in ws]
    lead = [w for ws in sentences[:LEAD_SENTENCES] for w in ws]
    everything = [w for ws in sentences for w in ws]
    refuting = np.asarray([_has(ws, REFUTING) for ws in sentences])
    hedging = np.asarray([_has(ws, HEDGING) for ws in sentences])
    best = sentences[int(top[0])]
    return [
        math.log1p(sum(1 for w in everything if w in STRONG_REFUTING)),
        float(sum(1 for w in lead if w in REFUTING)),
        float(sum(1 for w in lead if w in HEDGING)),
        _counts(topic_words, REFUTING) if topic_words else 0.0,
        _counts(topic_words, HEDGING) if topic_words else 0.0,
        float((cos * refuting).max()),
        float((cos * hedging).max()),
        float(_has(best, HEDGING)),
        float(_has(best, REFUTING)),
        float(len(on_topic)) / n,
        math.log1p(len(everything)),
    ]


def _lexical(claim: list[str], body: list[str], best: set[str], idf: Mapping[str, float]) -> list[float]:
    """coverage, idf_coverage, best_idf_coverage, tfidf_cosine, bm25, bigram_share."""
    if not claim or not body:
        return [0.0] * 6
    present = set(body)
    weights = {w: _idf(w, idf) for w in set(claim)}
    total = sum(weights.values()) or 1.0
    coverage = sum(1 for w in set(claim) if w in present) / len(set(claim))
    idf_coverage = sum(v for w, v in weights.items() if w in present) / total
    best_coverage = sum(v for w, v in weights.items() if w in best) / total
    tf: dict[str, int] = {}
    for w in content(body):
        tf[w] = tf.get(w, 0) + 1
    body_norm = math.sqrt(sum((c * _idf(w, idf)) ** 2 for w, c in tf.items())) or 1.0
    claim_norm = math.sqrt(sum(v**2 for v in weights.values())) or 1.0
    cosine = sum(tf.get(w, 0) * v * v for w, v in weights.items()) / (body_norm * claim_norm)
    length = len(body) / 500.0  # FNC-1 bodies average ~400 words: that is the "average document" for BM25
    bm25 = (
        sum(
            v * tf[w] * (BM25_K1 + 1) / (tf[w] + BM25_K1 * (1 - BM25_B + BM25_B * length))
            for w, v in weights.items()
            if w in tf
        )
        / total
    )
    pairs = set(pairwise(claim))
    body_content = content(body)
    body_pairs = set(pairwise(body_content))
    bigrams = len(pairs & body_pairs) / len(pairs) if pairs else 0.0
    return [coverage, idf_coverage, best_coverage, cosine, bm25, bigrams]


@dataclass(frozen=True)
class StanceModel:
    """The trained booster and the word weights it was trained with."""

    booster: Any
    idf: Mapping[str, float]
    metadata: Mapping[str, Any]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        """One row of STANCES probabilities per feature row."""
        if not rows:
            return np.zeros((0, len(STANCES)))
        return np.asarray(self.booster.predict(np.asarray(rows, dtype=np.float64)), dtype=np.float64)


@functools.cache
def stance_model(directory: Path = MODEL_DIR) -> StanceModel:
    """The packaged model, loaded once per process."""
    import lightgbm

    booster = lightgbm.Booster(model_file=str(directory / "model.txt"))
    idf = json.loads((directory / "idf.json").read_text(encoding="utf-8"))
    metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    return StanceModel(booster=booster, idf=idf, metadata=metadata)


def stance_of(probabilities: Sequence[float]) -> tuple[Stance, float]:
    """The most probable stance and its probability."""
    k = int(np.argmax(probabilities))
    return STANCES[k], float(probabilities[k])
