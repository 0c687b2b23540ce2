"""Train the pronoun-speaker ranker shipped in dossier/models/speakers/ from PolNeAR train (seeded, CPU-only).

Why this design: who "he said" is depends on a handful of cues that pull against each other (the last person
named, the one the passage keeps naming, the one who spoke just before, the subject of the last sentence). The
rules added them with hand weights; a pairwise logistic regression over the same cues (dossier/annotate/
speakers.py, candidate_features) learns how much each is worth from news it did not write: for every pronoun
source in PolNeAR train, the antecedent candidate that names the source's antecedent against each other
candidate. A weight per cue in JSON, nothing to load but a dict; the hand weights stay as the fallback.

Labels: PolNeAR marks the pronoun as the source and has no coreference, so the antecedent is the nearest
earlier gold source of the article that agrees in gender (bench/polnear.py, proxy_antecedent), the same
definition the bench scores with. Every TUNE_EVERY-th train article by sorted name is held back for C; the dev
split is scored by bench/quotes.py (dev-tune, dev-held) and copied into metadata.json.

    nice -n 10 python train/speakers.py [--corpus PATH]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import polnear  # noqa: E402

from dossier.annotate import speakers  # noqa: E402
from dossier.annotate.pipeline import MODEL, annotated, built_nlp  # noqa: E402
from dossier.annotate.speakers import HAND_WEIGHTS, RANKER, candidate_features  # noqa: E402
from dossier.records import Article, Quote  # noqa: E402

SEED = 13
TUNE_EVERY = 5  # every 5th train article (sorted names) is held back for choosing C (as train/quotes.py)
ROUNDS = 2  # reading rounds (see main): the second reads with the first's weights
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)  # inverse L2 strength, chosen on the held-back slice
CACHE = ROOT / ".cache" / "speakers"
COMPONENTS = ["dossier_timex_v1", "dossier_entities_v1", "dossier_quotes_v1"]  # what quote speakers read
Group = list[tuple[dict[str, float], bool]]  # one pronoun: each candidate's features, and whether it is right


def pronoun_groups(articles: list[polnear.Article], name: str) -> list[Group]:
    """For each gold pronoun source, its candidates' features and which one names the proxy antecedent."""
    path = CACHE / f"{name}.json"
    if path.exists():
        return [[(f, bool(y)) for f, y in g] for g in json.loads(path.read_text(encoding="utf-8"))]
    nlp = built_nlp(components=COMPONENTS)
    cases = [Article(id=a.name, source=a.name, format="text", text=a.text, extractor="train") for a in articles]
    by_name = {a.name: a for a in articles}
    groups: list[Group] = []
    for article, doc in annotated(nlp, cases):
        gold = by_name[article.id]
        for a in gold.attributions:
            pronoun = polnear.pronoun_of(a.source_text)
            if pronoun is None or not a.source or not polnear.is_speech(doc, a):
                continue
            antecedent = polnear.proxy_antecedent(doc, gold, a)
            if antecedent is None or not polnear.named_words(antecedent):
                continue
            position = a.source[0][0]
            earlier = quotes_read_before(doc._.quotes, a)
            scored = candidate_features(doc, position, pronoun, doc._.entities or [], earlier)
            want = polnear.named_words(antecedent)
            labels = [bool(polnear.named_words(" ".join([e.name, *e.aliases])) & want) for e, _ in scored]
            if any(labels) and len(scored) > 1:
                groups.append([(f, y) for (_, f), y in zip(scored, labels, strict=True)])
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(groups), encoding="utf-8")
    return groups


def quotes_read_before(quotes: list[Quote], gold: polnear.Attribution) -> list[Quote]:
    """The quotes the resolver has read when it meets this pronoun (quotes.pronouns_in_order): those starting
    before the pronoun's own quote. The pronoun's own quote is never among them, so "previous speaker" is the
    voice before it and not the resolver's own answer for this very pronoun ("“…,” he said" ends before "he")."""
    position = gold.source[0][0]
    own = next((q for q in quotes if q.speaker_span is not None and q.speaker_span[0] == position), None)
    if own is not None:
        return [q for q in quotes if q.start < own.start]
    content = gold.content
    return [q for q in quotes if q.end <= position and not any(q.start < e and s < q.end for s, e in content)]


def pairs(groups: list[Group], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise differences: right minus wrong is a positive example, wrong minus right a negative one."""
    rows, labels = [], []
    for group in groups:
        right = [np.array([f[n] for n in names]) for f, y in group if y]
        wrong = [np.array([f[n] for n in names]) for f, y in group if not y]
        for r in right[:1]:
            for w in wrong:
                rows += [r - w, w - r]
                labels += [1, 0]
    return np.array(rows), np.array(labels)


def accuracy(groups: list[Group], weights: dict[str, float]) -> float:
    """Share of pronouns whose top-scored candidate is a right one."""
    right = 0
    for group in groups:
        best = max(group, key=lambda c: sum(weights.get(n, 0.0) * v for n, v in c[0].items()))
        right += best[1]
    return right / max(1, len(groups))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    started = time.perf_counter()
    split = args.corpus / "quotes-polnear" / "train"
    fit_articles = polnear.articles(split, lambda i, name: i % TUNE_EVERY != TUNE_EVERY - 1)
    held_articles = polnear.articles(split, lambda i, name: i % TUNE_EVERY == TUNE_EVERY - 1)
    # The cues read the quote layer (who spoke before), and the quote layer resolves earlier pronouns with the
    # ranker in use: reading with whatever ranker.json is on disk would make each run depend on the last. So
    # round 1 reads with the hand weights, round 2 with round 1's weights, and round 2's weights ship.
    weights: dict[str, float] = dict(HAND_WEIGHTS)
    for round_ in range(1, ROUNDS + 1):
        reading = dict(weights)
        speakers.ranker_weights = functools.partial(dict, reading)  # what pronoun_referent consults meanwhile
        fit = pronoun_groups(fit_articles, f"fit-{round_}")
        held = pronoun_groups(held_articles, f"held-{round_}")
        names = sorted(fit[0][0][0])
        print(f"round {round_}: {len(fit)} fit / {len(held)} held-back pronouns with 2+ candidates")
        hand = accuracy(held, HAND_WEIGHTS)
        print(f"hand weights: held-back accuracy {hand:.3f}")
        X, y = pairs(fit, names)
        results = []
        for c in C_GRID:
            model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000, solver="liblinear", random_state=SEED)
            model.fit(X, y)
            learned = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}
            score = accuracy(held, learned)
            print(f"C={c}: held-back accuracy {score:.3f}")
            results.append((score, -c, c, learned))
        score, _, c, weights = max(results, key=lambda r: (r[0], r[1]))  # ties: the stronger regularization
    RANKER.parent.mkdir(parents=True, exist_ok=True)
    RANKER.write_text(json.dumps({"weights": weights}, indent=2) + "\n", encoding="utf-8")
    meta_path = RANKER.parent / "metadata.json"
    previous = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    metadata = {
        "model": "pronoun-speaker ranker: pairwise logistic regression over antecedent cues "
        "(dossier/annotate/speakers.py, candidate_features)",
        "why": "the cues pull against each other; learned weights from news we did not write replace hand ones; "
        "a weight per cue as JSON (see train/speakers.py)",
        "training_data": "PolNeAR v1.0 train split, first annotator per article, gold pronoun sources (he/she) "
        "labelled with the nearest earlier gold source agreeing in gender; every 5th article by sorted name "
        "held back for C",
        "parser": MODEL,
        "seed": SEED,
        "params": {"C": c, "C_grid": list(C_GRID), "reading_rounds": ROUNDS},
        "pronouns": {"fit": len(fit), "held_back": len(held)},
        "held_back_accuracy": {"ranker": round(score, 3), "hand_weights": round(hand, 3)},
        "scores": previous.get("scores", {}),  # PolNeAR dev halves, from bench/quotes.py
    }
    meta_path.write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    print(f"C={c}: {weights} -> {RANKER} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
