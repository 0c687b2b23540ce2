"""Propaganda-technique spans on the held-back fifth of PTC, and annotate throughput with framing on.

    .venv/bin/python bench/framing.py [--limit N] [--check-floors]

Held back: PTC train articles sorted by id, index % 5 == 4 (bench/ptc_eval.py); train/framing.py never reads
them. Scores: SemEval-2020 Task 11 span identification F1 (technique-agnostic, partial-overlap credit) and the
same credit counted only where the technique matches. Anchors on the PTC *test* set (not comparable item by
item, but the same metric): best SI F1 0.5155, median team ~0.44. Throughput: the full Dossier pipeline with
dossier_framing_v1 against bare `nlp.pipe` of the same spaCy model on the same texts, in this run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from ptc_eval import articles, span_f1, split  # noqa: E402

from dossier.annotate.pipeline import MODEL, built_nlp  # noqa: E402

FLOORS = ROOT / "bench" / "floors.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N held-back articles")
    parser.add_argument("--check-floors", action="store_true", help="exit 1 when a score is under its floor")
    args = parser.parse_args()
    _, held = split(articles())
    if args.limit:
        held = held[: args.limit]
    texts = [a.text for a in held]

    import spacy

    bare = spacy.load(MODEL)
    nlp = built_nlp()  # COMPONENTS ends with dossier_framing_v1
    bare(texts[0]), nlp(texts[0])  # warm both before timing
    predicted: dict[str, list[tuple[int, int, str]]] = {}
    voices: dict[str, int] = {}
    failed: list[str] = []
    bare_seconds = full_seconds = 0.0
    for article in held:  # interleaved, one document at a time, so a busy machine slows both alike
        started = time.perf_counter()
        bare(article.text)
        middle = time.perf_counter()
        try:
            doc = nlp(article.text)
        except Exception as exc:  # a bug elsewhere in the pipeline must not hide the framing numbers
            failed.append(f"{article.id}: {type(exc).__name__}: {exc}")
            continue
        finally:
            full_seconds += time.perf_counter() - middle
        bare_seconds += middle - started
        predicted[article.id] = [(t.start, t.end, t.technique) for t in doc._.techniques]
        for t in doc._.techniques:
            voices[t.voice] = voices.get(t.voice, 0) + 1
    held = [a for a in held if a.id in predicted]

    agnostic_gold = {a.id: [(s, e, "") for s, e in a.spans] for a in held}
    agnostic_pred = {k: [(s, e, "") for s, e, _ in v] for k, v in predicted.items()}
    p, r, f = span_f1(agnostic_pred, agnostic_gold)
    tp, tr, tf = span_f1(predicted, {a.id: a.techniques for a in held}, match_technique=True)
    result = {
        "held_back_articles": len(held),
        "si_precision": round(p, 4),
        "si_recall": round(r, 4),
        "si_f1": round(f, 4),
        "technique_precision": round(tp, 4),
        "technique_recall": round(tr, 4),
        "technique_f1": round(tf, 4),
        "predicted_spans": sum(len(v) for v in predicted.values()),
        "gold_spans": sum(len(a.spans) for a in held),
        "voices": voices,
        "failed_documents": failed,
        "throughput_ratio_vs_bare_nlp_pipe": round(bare_seconds / full_seconds, 3),
    }
    print(json.dumps(result, indent=2))
    if args.check_floors:
        floors = json.loads(FLOORS.read_text(encoding="utf-8")).get("framing", {})
        low = {k: (result[k], v) for k, v in floors.items() if float(result[k]) < v}  # type: ignore[arg-type]
        if low:
            print(f"below floor: {low}")
            sys.exit(1)


if __name__ == "__main__":
    main()
