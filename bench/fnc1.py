"""FNC-1 stance pairs: reading the development half, splitting it by topic, and scoring (macro-F1 and FNC-1's own
weighted score, as `../shared/corpus/claims-fnc1/scorer.py` computes it).

The split is deterministic and topic-disjoint: headlines and bodies joined by a related pair form one topic (46
here); topics are ordered by the SHA-1 of their first headline (sorted) and every HELD_BACK_EVERY-th, from the
first, is held back (16 topics, 1,848 of 5,677 pairs). A pair goes with its headline's topic; an unrelated pair may
borrow a body from a topic of the other part (that is how FNC-1 makes unrelated pairs), but no held-back headline
and no body of a held-back topic is in a related tuning pair, and word weights are learnt from tuning bodies only.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "claims-fnc1"
LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = LABELS[:3]
HELD_BACK_EVERY = 3  # a third of the topics, never looked at while tuning
CACHE = Path("/tmp") / "dossier-fnc1-embeddings.npz"  # MiniLM over 7k sentences takes minutes: keep between runs


@dataclass(frozen=True)
class Pair:
    headline: str
    body_id: str
    stance: str


@dataclass(frozen=True)
class Split:
    tuning: list[Pair]
    held_back: list[Pair]
    bodies: dict[str, str]
    tuning_bodies: set[str]  # ids of the bodies of tuning topics: the only text word weights come from
    topics: tuple[int, int]  # topics in tuning, held back


def read_pairs(corpus: Path = CORPUS) -> tuple[list[Pair], dict[str, str]]:
    with (corpus / "stances.csv").open(encoding="utf-8", newline="") as f:
        pairs = [Pair(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(f)]
    with (corpus / "bodies.csv").open(encoding="utf-8", newline="") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}
    return pairs, bodies


def topics(pairs: list[Pair]) -> dict[str, str]:
    """Node ("h:<headline>" or "b:<body id>") → its topic root, joining the two sides of every related pair."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        h, b = root("h:" + p.headline), root("b:" + p.body_id)
        if p.stance != "unrelated":
            parent[h] = b
    return {x: root(x) for x in list(parent)}


def split(corpus: Path = CORPUS) -> Split:
    pairs, bodies = read_pairs(corpus)
    owner = topics(pairs)
    first: dict[str, str] = {}
    for node, topic in owner.items():
        if node.startswith("h:"):
            first[topic] = min(first.get(topic, node), node)
    ordered = sorted(first, key=lambda t: hashlib.sha1(first[t].encode("utf-8")).hexdigest())
    held = {t for i, t in enumerate(ordered) if i % HELD_BACK_EVERY == 0}
    tuning = [p for p in pairs if owner["h:" + p.headline] not in held]
    held_back = [p for p in pairs if owner["h:" + p.headline] in held]
    tuning_bodies = {b.removeprefix("b:") for b, t in owner.items() if b.startswith("b:") and t not in held}
    return Split(tuning, held_back, bodies, tuning_bodies, (len(ordered) - len(held), len(held)))


@dataclass(frozen=True)
class Score:
    macro_f1: float
    per_class: dict[str, float]
    fnc: float  # FNC-1 weighted score as a share of the best possible

    def line(self) -> str:
        classes = " ".join(f"{k}={v:.3f}" for k, v in self.per_class.items())
        return f"macro-F1 {self.macro_f1:.3f}  FNC {self.fnc:.3f}  ({classes})"


def scored(gold: list[str], predicted: list[str]) -> Score:
    per_class = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        per_class[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return Score(sum(per_class.values()) / len(LABELS), per_class, fnc_score(gold, predicted))


def fnc_score(gold: list[str], predicted: list[str]) -> float:
    """FNC-1's scorer: +0.25 for right related/unrelated, +0.75 more for the right stance of a related pair."""

    def points(g: str, p: str) -> float:
        score = 0.0
        if g == p:
            score += 0.25 + (0.5 if g != "unrelated" else 0.0)
        if g in RELATED and p in RELATED:
            score += 0.25
        return score

    best = sum(points(g, g) for g in gold)
    return sum(points(g, p) for g, p in zip(gold, predicted, strict=True)) / best if best else 0.0


def embedded(texts: list[str]) -> dict[str, np.ndarray]:
    """MiniLM embeddings by text (the packaged model), from the cache where known."""
    from dossier.resolve.claims import embeddings

    known: dict[str, np.ndarray] = {}
    if CACHE.exists():
        with np.load(CACHE) as stored:
            known = {k: stored[k] for k in stored.files}
    key = {t: hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts}
    missing = sorted({t for t in texts if key[t] not in known})
    if missing:
        print(f"embedding {len(missing)} texts …", file=sys.stderr)
        for k, v in zip(missing, embeddings(missing), strict=True):
            known[key[k]] = v
        np.savez(CACHE, **known)
    return {t: known[key[t]] for t in texts}


def passages(data: Split) -> dict[str, list[str]]:
    """Each body's sentences, split as Dossier splits text that comes without stored sentences."""
    from dossier.resolve.stance import sentence_spans

    return {b: [text[s:e] for s, e in sentence_spans(text)] for b, text in data.bodies.items()}


def pair_features(
    pairs: list[Pair], sentences: dict[str, list[str]], vectors: dict[str, np.ndarray], idf: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The stance model's feature rows and the gold label indexes."""
    from dossier.resolve.stance import Passage, features

    rows = []
    cache: dict[str, Passage] = {}
    for p in pairs:
        if p.body_id not in cache:
            sents = sentences[p.body_id]
            stack = np.stack([vectors[s] for s in sents]) if sents else np.zeros((0, 384), dtype=np.float32)
            cache[p.body_id] = Passage(sents, stack)
        rows.append(features(p.headline, vectors[p.headline], cache[p.body_id], idf))
    return np.asarray(rows, dtype=np.float64), np.asarray([LABELS.index(p.stance) for p in pairs])
