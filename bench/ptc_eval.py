"""The Propaganda Techniques Corpus as read by train/framing.py and bench/framing.py, and the SemEval scorer.

Split: articles sorted by id; every fifth (index % 5 == 4) is HELD BACK — never used to train or tune, read
only by the bench. The other four fifths train the model; train/framing.py tunes on 3-fold out-of-fold runs.
Scorer: SemEval-2020 Task 11 span identification with partial-overlap credit — a predicted span s earns
|s ∩ t| / |s| towards precision and |s ∩ t| / |t| towards recall for every gold span t it meets (gold spans
merged when they overlap, as in the task-1 labels). The technique-matched variant counts an intersection only
where the predicted technique equals the gold one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PTC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "propaganda-ptc"
HOLD_BACK_EVERY = 5  # every fifth article by sorted id is held back


@dataclass
class Article:
    id: str
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # task 1: technique-agnostic, merged
    techniques: list[tuple[int, int, str]] = field(default_factory=list)  # task 2: start, end, class


def articles(root: Path = PTC) -> list[Article]:
    """Every PTC train article with its gold spans, sorted by id."""
    task1: dict[str, list[tuple[int, int]]] = defaultdict(list)
    task2: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for path in sorted((root / "train-labels-task1-span-identification").glob("*.labels")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc, start, end = line.split("\t")
            task1[doc].append((int(start), int(end)))
    for path in sorted((root / "train-labels-task2-technique-classification").glob("*.labels")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc, technique, start, end = line.split("\t")
            task2[doc].append((int(start), int(end), technique))
    found = []
    for path in sorted((root / "train-articles").glob("article*.txt")):
        doc_id = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        found.append(Article(doc_id, text, merged(task1[doc_id]), sorted(task2[doc_id])))
    return found


def split(corpus: list[Article]) -> tuple[list[Article], list[Article]]:
    """(training articles, held-back articles)."""
    train = [a for i, a in enumerate(corpus) if i % HOLD_BACK_EVERY != HOLD_BACK_EVERY - 1]
    held = [a for i, a in enumerate(corpus) if i % HOLD_BACK_EVERY == HOLD_BACK_EVERY - 1]
    return train, held


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_f1(
    predicted: dict[str, list[tuple[int, int, str]]],
    gold: dict[str, list[tuple[int, int, str]]],
    *,
    match_technique: bool = False,
) -> tuple[float, float, float]:
    """SemEval-2020 Task 11 partial-overlap precision, recall, F1 over documents (techniques '' when agnostic)."""
    p_sum = r_sum = 0.0
    n_pred = sum(len(v) for v in predicted.values())
    n_gold = sum(len(v) for v in gold.values())
    for doc_id in set(predicted) | set(gold):
        for s in predicted.get(doc_id, []):
            for t in gold.get(doc_id, []):
                if match_technique and s[2] != t[2]:
                    continue
                inter = _overlap((s[0], s[1]), (t[0], t[1]))
                if inter:
                    p_sum += inter / max(1, s[1] - s[0])
                    r_sum += inter / max(1, t[1] - t[0])
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
