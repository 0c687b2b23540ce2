"""Train the speech-cue scorer shipped in dossier/models/quotes/ from PolNeAR train (seeded, CPU-only, minutes).

Why this design: attribution in news is anchored on a cue (a reporting verb, "according to"); once the cue is
known the parse gives what is said (its complement, or the quote beside it) and who says it (its subject or
agent), which the rule layer in dossier/annotate/quotes.py already reads well. What did not transfer was *which*
verbs are cues: a hand list misses "touted", "griped", "has learned" and fires on "suggests the data". So the
learned part is a logistic regression over sparse parse features of every candidate verb: linear, a few hundred
KB of weights as JSON, scored in microseconds, nothing to load but a dict, and it generalizes through
features (dependency, complement, subject kind, quote marks) and not only through the lemma.

Data: ../shared/corpus/quotes-polnear/train, first annotator per article (bench/polnear.py). Every
TUNE_EVERY-th article by sorted name is held back: the model is never fit on it; C and the threshold are chosen
on it. The dev split is scored once at the end by bench/quotes.py and its numbers copied into metadata.json.
Parses are cached (DocBin) under .cache/quotes/ so a re-run only refits.

    nice -n 10 python train/quotes.py [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.language import Language
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import polnear  # noqa: E402

from dossier.annotate.cuemodel import METADATA, MODEL_DIR, WEIGHTS, cue_features, is_candidate  # noqa: E402
from dossier.annotate.pipeline import MODEL, built_nlp  # noqa: E402
from dossier.annotate.quotemarks import quote_spans  # noqa: E402

SEED = 13
TUNE_EVERY = 5  # every 5th train article (sorted names) is held back for choosing C and the threshold
C_GRID = (0.1, 0.3, 1.0)  # inverse L2 strength; chosen on the held-back slice
BETA2 = 2.0  # F-beta with beta² = 2: a missed cue loses a whole quote, a spare one is often still attribution
MIN_WEIGHT = 0.005  # smaller weights change no decision and are dropped from the shipped file
CACHE = ROOT / ".cache" / "quotes"


def parsed(nlp: Language, articles: list[polnear.Article], name: str) -> list[Doc]:
    """The articles parsed once by the pipeline's own model and sentence rules, cached as a DocBin."""
    path = CACHE / f"{name}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == [a.text for a in articles]:
            return docs
    CACHE.mkdir(parents=True, exist_ok=True)
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    DocBin(attrs=["ORTH", "LEMMA", "TAG", "POS", "MORPH", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"],
           docs=docs).to_disk(path)  # fmt: skip
    return docs


def examples(docs: list[Doc], articles: list[polnear.Article]) -> tuple[list[dict[str, int]], list[int]]:
    """One example per candidate token: its features, and 1 when it lies in the cue of gold speech."""
    X: list[dict[str, int]] = []
    y: list[int] = []
    for doc, article in zip(docs, articles, strict=True):
        cues = {pos for a in article.attributions if polnear.is_speech(doc, a) for s, e in a.cue for pos in range(s, e)}
        inside = {pos for q in quote_spans(doc.text) for pos in range(q.start, q.end)}
        for tok in doc:
            if not is_candidate(tok):
                continue
            X.append(dict.fromkeys(cue_features(tok, tok.idx in inside), 1))
            y.append(int(tok.idx in cues))
    return X, y


def best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F1 on the held-back slice (recall weighted a little: spans are checked again)."""
    best = (0.5, 0.0)
    for threshold in np.arange(0.2, 0.8, 0.02):
        predicted = probabilities >= threshold
        tp = float((predicted & (labels == 1)).sum())
        p = tp / max(1.0, float(predicted.sum()))
        r = tp / max(1.0, float((labels == 1).sum()))
        f = (1 + BETA2) * p * r / (BETA2 * p + r) if p + r else 0.0
        if f > best[1]:
            best = (round(float(threshold), 2), f)
    return best


def _int32(matrix: Any) -> Any:
    """liblinear takes 32-bit sparse indices only; DictVectorizer may hand back 64-bit ones."""
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


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
    nlp = built_nlp(components=[])
    X_fit, y_fit = examples(parsed(nlp, fit_articles, "fit"), fit_articles)
    X_held, y_held = examples(parsed(nlp, held_articles, "held"), held_articles)
    print(f"{len(X_fit)} fit / {len(X_held)} held-back candidates; parsed in {time.perf_counter() - started:.0f} s")
    vectorizer = DictVectorizer()
    A_fit, A_held = (_int32(m) for m in (vectorizer.fit_transform(X_fit), vectorizer.transform(X_held)))
    results = []
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=SEED)
        model.fit(A_fit, y_fit)
        threshold, score = best_threshold(model.predict_proba(A_held)[:, 1], np.array(y_held))
        print(f"C={c}: held-back cue F-beta {score:.3f} at threshold {threshold}")
        results.append((score, c, threshold, model))
    score, c, threshold, model = max(results, key=lambda r: r[0])
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps({"threshold": threshold, "weights": dict(sorted(weights.items()))}, indent=0))
    previous = json.loads(METADATA.read_text()) if METADATA.exists() else {}
    metadata = {
        "model": "speech-cue logistic regression over parse features (dossier/annotate/cuemodel.py)",
        "why": "cues anchor attribution; the parse gives content and source; a linear model generalizes through "
        "parse features, ships as a small JSON dict and scores in microseconds (see train/quotes.py)",
        "training_data": "PolNeAR v1.0 train split, first annotator per article; every 5th article by sorted name "
        "held back for C and threshold",
        "parser": MODEL,
        "seed": SEED,
        "params": {"C": c, "threshold": threshold, "C_grid": list(C_GRID), "min_weight": MIN_WEIGHT},
        "fit_articles": len(fit_articles),
        "held_back_articles": len(held_articles),
        "candidates": {"fit": len(X_fit), "held_back": len(X_held)},
        "features": len(weights),
        "held_back_cue_score": round(score, 3),
        "scores": previous.get("scores", {}),  # filled by bench/quotes.py --record (held-back and dev)
    }
    METADATA.write_text(json.dumps(metadata, indent=2) + "\n")
    print(f"C={c} threshold={threshold}: {len(weights)} weights -> {WEIGHTS} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
