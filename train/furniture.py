"""Train the furniture model (dossier/models/furniture/model.json) on html-news pages rendered as scrapes.

Data: the tuning part of ../shared/corpus/html-news (bench/scrapes.py: pages sorted by id, every third held back),
each page rendered by every converter in bench/scrapes.py; a line is labelled body when most of its words align
with the page's ground-truth articleBody. Held-back pages are only scored, at the end, for the metadata file.

Model: two stages of gradient-boosted trees (scikit-learn), stage two trained on stage one's out-of-fold
predictions (folds by page, so no page helps predict itself). Trees are written out as plain JSON arrays that
dossier/ingest/furniture.py evaluates with numpy: scikit-learn is needed to train, never to run.

    .venv/bin/python train/furniture.py            # seeded, CPU-only, a few minutes on two cores
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: bench.scrapes and dossier from the repo

from bench.scrapes import CONVERTERS, HELD_BACK_EVERY, body_line_flags, corpus_pages  # noqa: E402
from dossier.ingest.furniture import MODEL_FILE, Trees, stage_one_features, stage_two_features  # noqa: E402
from dossier.ingest.markdown import parsed_lines  # noqa: E402
from dossier.ingest.text import read_structure  # noqa: E402

OUT = ROOT / "dossier" / "models" / "furniture"
SEED = 11
FOLDS = 4
PARAMS = {"max_iter": 150, "max_leaf_nodes": 15, "learning_rate": 0.1, "min_samples_leaf": 40, "l2_regularization": 1.0}
VERSION = "furniture.v1"


class Rows:
    """Feature rows of every rendered page, with labels, word counts and the page each row came from."""

    def __init__(self) -> None:
        self.first: list[NDArray[np.float64]] = []
        self.labels: list[NDArray[np.int64]] = []
        self.words: list[NDArray[np.float64]] = []
        self.groups: list[NDArray[np.int64]] = []

    def add(self, scrape: str, body: str, group: int) -> None:
        lines = parsed_lines(scrape)
        numbers, table = stage_one_features(lines, read_structure(lines).view)
        if not numbers:
            return
        flags = body_line_flags([ln.text for ln in lines], body)
        self.first.append(table)
        self.labels.append(np.array([int(flags[n]) for n in numbers]))
        self.words.append(np.array([float(lines[n].words) for n in numbers]))
        self.groups.append(np.full(len(numbers), group))

    def arrays(self) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
        return (
            np.concatenate(self.first),
            np.concatenate(self.labels),
            np.concatenate(self.words),
            np.concatenate(self.groups),
        )


def rendered_rows(held_back: bool) -> Rows:
    rows = Rows()
    for index, page in enumerate(corpus_pages()):
        if page.held_back != held_back:
            continue
        for render in CONVERTERS.values():
            rows.add(render(page.html), page.body, index)
    return rows


def cached_rows(
    cache: Path | None, *, held_back: bool
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
    """The rows of one part, from the cache when it is there (features change: delete the cache)."""
    path = cache.with_suffix(f".{'held' if held_back else 'tuning'}.npz") if cache else None
    if path and path.exists():
        data = np.load(path)
        return data["x"], data["y"], data["words"], data["groups"]
    x, y, words, groups = rendered_rows(held_back=held_back).arrays()
    if path:
        np.savez(path, x=x, y=y, words=words, groups=groups)
    return x, y, words, groups


def weights(words: NDArray[np.float64]) -> NDArray[np.float64]:
    """Long lines weigh more, as they do in the shingle F1 the bench scores; a one-word line still counts."""
    return np.asarray(np.sqrt(np.maximum(words, 1.0)), dtype=np.float64)


def fitted(x: NDArray[np.float64], y: NDArray[np.int64], w: NDArray[np.float64]) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(random_state=SEED, early_stopping=False, **PARAMS)  # type: ignore[arg-type]
    return model.fit(x.astype(np.float32), y, sample_weight=w)


def exported(model: HistGradientBoostingClassifier) -> dict[str, object]:
    """The trees as JSON arrays; a node whose left child is -1 is a leaf. Leaf values already carry the rate."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "feature": np.where(leaf, -1, nodes["feature_idx"].astype(np.int64)).tolist(),
                "threshold": [float(t) for t in nodes["num_threshold"]],  # exact: a rounded cut moves lines
                "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
                "value": [round(float(v), 6) for v in nodes["value"]],
            }
        )
    return {"base": float(np.ravel(model._baseline_prediction)[0]), "rate": 1.0, "trees": trees}


def out_of_fold(
    x: NDArray[np.float64], y: NDArray[np.int64], w: NDArray[np.float64], groups: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Stage one's probability for every row from a model that never saw the row's page."""
    predicted = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        predicted[test] = fitted(x[train], y[train], w[train]).predict_proba(x[test].astype(np.float32))[:, 1]
    return predicted


def stacked(
    first: NDArray[np.float64], p: NDArray[np.float64], words: NDArray[np.float64], groups: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Stage two's rows, built page by page (the neighbourhood of a line never crosses into another page)."""
    parts = []
    for group in dict.fromkeys(groups.tolist()):
        mask = groups == group
        parts.append(stage_two_features(first[mask], p[mask], words[mask]))
    return np.concatenate(parts)


def word_f1(y: NDArray[np.int64], keep: NDArray[np.bool_], words: NDArray[np.float64]) -> float:
    hits = float((words * (keep & (y == 1))).sum())
    predicted, expected = float((words * keep).sum()), float((words * (y == 1)).sum())
    return 2 * hits / (predicted + expected) if predicted + expected else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, help="keep the feature rows in this .npz between runs")
    args = parser.parse_args(argv)
    started = time.monotonic()
    x, y, words, groups = cached_rows(args.cache, held_back=False)
    w = weights(words)
    print(f"{len(y)} tuning lines, {int(y.sum())} body, {x.shape[1]} features", flush=True)
    p1 = out_of_fold(x, y, w, groups)
    print(f"stage one out of fold after {time.monotonic() - started:.0f} s", flush=True)
    x2 = stacked(x, p1, words, groups)
    p2 = out_of_fold(x2, y, w, groups)
    thresholds = np.round(np.arange(0.2, 0.81, 0.05), 2)
    threshold = float(max(thresholds, key=lambda t: word_f1(y, p2 >= t, words)))
    first, second = fitted(x, y, w), fitted(x2, y, w)
    stages = [exported(first), exported(second)]
    hx, hy, hwords, hgroups = cached_rows(args.cache, held_back=True)
    hp1 = Trees.from_json(stages[0]).probability(hx)
    hp2 = Trees.from_json(stages[1]).probability(stacked(hx, hp1, hwords, hgroups))
    check = second.predict_proba(stacked(hx, hp1, hwords, hgroups).astype(np.float32))[:, 1]
    assert np.allclose(hp2, check, atol=1e-4), "the JSON trees must score as scikit-learn does"
    scores = {
        "tuning_out_of_fold_line_word_f1": round(word_f1(y, p2 >= threshold, words), 4),
        "held_back_line_word_f1": round(word_f1(hy, hp2 >= threshold, hwords), 4),
        "held_back_stage_one_line_word_f1": round(word_f1(hy, hp1 >= threshold, hwords), 4),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    model = {"version": VERSION, "threshold": threshold, "stages": stages}
    (OUT / MODEL_FILE).write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    meta = {
        "version": VERSION,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "script": "train/furniture.py",
        "data": f"../shared/corpus/html-news tuning part (sorted ids, every {HELD_BACK_EVERY}rd held back), "
        f"rendered by {', '.join(CONVERTERS)}",
        "lines": {"tuning": len(y), "tuning_body": int(y.sum()), "held_back": len(hy)},
        "seed": SEED,
        "folds": FOLDS,
        "params": PARAMS,
        "threshold": threshold,
        "features": {"stage_one": int(x.shape[1]), "stage_two": int(x2.shape[1])},
        "scores": scores,
        "seconds": round(time.monotonic() - started),
    }
    (OUT / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
