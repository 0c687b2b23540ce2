"""Claim relation (stance) on the FNC-1 development half: Dossier's model against a word-overlap baseline, in the
same run, on the held-back topics (never looked at while tuning) and on the tuning topics (the model's training
data, so its score there is not a generalisation estimate).

Split (bench/fnc1.py): headlines and bodies joined by related pairs form topics; topics in SHA-1 order of their
first headline, every third held back. Scores: macro-F1 over agree / disagree / discuss / unrelated, and FNC-1's
weighted score (its scorer.py's rule) as a share of the best possible.

Baseline: relatedness by word-overlap cosine (content-word counts, headline vs body) above a threshold chosen on
the tuning part; every related pair "discuss".

    .venv/bin/python bench/claims.py                  # score and check the floors
    .venv/bin/python bench/claims.py --update-floors  # raise the floors to today's scores
    .venv/bin/python bench/claims.py --lower-floors   # pin the floors to today's scores even when lower
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
from fnc1 import LABELS, Pair, Score, embedded, pair_features, passages, scored, split

from dossier.resolve.stance import content, stance_model, tokens

FLOORS = Path(__file__).resolve().parent / "floors.json"
FLOOR_DIGITS = 3  # floors rounded down to 0.001: a real regression fails, noise in the last digit does not


def overlap_cosine(headline: str, body: str) -> float:
    a, b = Counter(content(tokens(headline))), Counter(content(tokens(body)))
    dot = sum(v * b[w] for w, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def baseline_threshold(pairs: list[Pair], bodies: dict[str, str]) -> float:
    """The cosine that best separates related from unrelated on the tuning part."""
    scores = [(overlap_cosine(p.headline, bodies[p.body_id]), p.stance != "unrelated") for p in pairs]
    best, at = -1, 0.0
    for t in sorted({round(s, 3) for s, _ in scores}):
        right = sum(1 for s, related in scores if (s >= t) == related)
        if right > best:
            best, at = right, t
    return at


def baseline(pairs: list[Pair], bodies: dict[str, str], threshold: float) -> list[str]:
    return ["discuss" if overlap_cosine(p.headline, bodies[p.body_id]) >= threshold else "unrelated" for p in pairs]


def model_labels(pairs: list[Pair], sentences: dict[str, list[str]], vectors: dict[str, np.ndarray]) -> list[str]:
    model = stance_model()
    x, _ = pair_features(pairs, sentences, vectors, dict(model.idf))
    return [LABELS[k] for k in np.argmax(model.probabilities(x.tolist()), axis=1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's scores")
    parser.add_argument("--lower-floors", action="store_true", help="pin the floors to today's scores, even lower")
    args = parser.parse_args(argv)
    data = split()
    sentences = passages(data)
    texts = sorted({p.headline for p in data.tuning + data.held_back} | {s for v in sentences.values() for s in v})
    vectors = embedded(texts)
    threshold = baseline_threshold(data.tuning, data.bodies)
    results: dict[str, dict[str, Score]] = {}
    for part, pairs in (("held-back", data.held_back), ("tuning", data.tuning)):
        gold = [p.stance for p in pairs]
        results[part] = {
            "dossier": scored(gold, model_labels(pairs, sentences, vectors)),
            "baseline": scored(gold, baseline(pairs, data.bodies, threshold)),
        }
    print(
        f"FNC-1 dev half: {data.topics[0]} tuning topics ({len(data.tuning)} pairs), {data.topics[1]} held-back "
        f"topics ({len(data.held_back)} pairs); baseline: word-overlap cosine ≥ {threshold:.3f} → discuss"
    )
    for part, scores in results.items():
        for system, score in scores.items():
            print(f"  {part:9} {system:8} {score.line()}")
    return gate(results["held-back"], update=args.update_floors, lower=args.lower_floors)


def gate(held: dict[str, Score], *, update: bool, lower: bool) -> int:
    floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    ours = floors.get("claims", {})
    today = {
        "stance_macro_f1_held_back": math.floor(held["dossier"].macro_f1 * 10**FLOOR_DIGITS) / 10**FLOOR_DIGITS,
        "stance_fnc_held_back": math.floor(held["dossier"].fnc * 10**FLOOR_DIGITS) / 10**FLOOR_DIGITS,
    }
    if update or lower:
        floors["claims"] = {k: v if lower else max(v, ours.get(k, 0.0)) for k, v in today.items()}
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"floors: {floors['claims']}")
        return 0
    failures = [f"{k} {today[k]:.3f} is below the floor {v:.3f}" for k, v in ours.items() if today.get(k, 0.0) < v]
    if held["dossier"].macro_f1 <= held["baseline"].macro_f1:
        failures.append("the model does not beat the word-overlap baseline on macro-F1")
    for line in failures:
        print(f"FAIL {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
