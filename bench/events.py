"""Event typing and participants on the PLOVER gold-standard records (../shared/corpus/events-plover).

322 news-style sentences, each coded with one PLOVER 0.5 event type, its source (actor) and target actors, and a
markup that marks the trigger words `(EVT: …)`. Each sentence is run through Dossier's pipeline alone, published
on the record's date. Scores:

- coverage: sentences where Dossier finds any event;
- type accuracy: the gold type equals the type of Dossier's event whose trigger is one of the marked trigger words
  (else its first event in the sentence), over all sentences (an empty sentence counts wrong) and over the covered;
- actor / target recall: gold actors whose text is inside (or contains) the name of a participant in that role of
  the chosen event, case aside.

The records are split by a rule: in file order, every 4th is held back; the lexicon is tuned looking only at
the other three quarters' errors (`--errors` lists those), and both parts are reported.

PLOVER 0.5 names mapped to ours (DESIGN.md's 18 categories, PLOVER 1.0): FIGHT → ASSAULT (1.0 folds armed clashes
into ASSAULT); every other 0.5 category has the same name; the DOCUMENT record (file documentation) is skipped.
Floors pinned in bench/floors.json under "events"; the gate fails (exit 1) below them.

    .venv/bin/python bench/events.py
    .venv/bin/python bench/events.py --errors         # the sentences typed wrong
    .venv/bin/python bench/events.py --update-floors
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dossier.annotate.pipeline import annotated, built_nlp
from dossier.records import Article, EventMention

BENCH = Path(__file__).resolve().parent
PLOVER = BENCH.parents[1] / "shared" / "corpus" / "events-plover" / "PLOVER_GSR_CAMEO.txt"
FLOORS = BENCH / "floors.json"
FLOOR_KEY = "events"
TYPE_MAP = {"FIGHT": "ASSAULT"}  # PLOVER 0.5 → the names Dossier uses (PLOVER 1.0)
SKIPPED = {"DOCUMENT"}
HOLD_BACK_EVERY = 4  # every 4th record (file order) is held back from tuning
TRIGGER = re.compile(r"\(EVT:\s*([^)]*)\)")


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    date: str | None
    type: str
    triggers: set[str]
    sources: list[str]
    targets: list[str]
    held_back: bool = False


def gold_sentences(path: Path = PLOVER) -> list[GoldSentence]:
    found = []
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") not in SKIPPED]
    for index, r in enumerate(records):
        if not r.get("text"):
            continue
        info = r.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        triggers = {w.lower() for span in TRIGGER.findall(markup) for w in span.split()}
        found.append(
            GoldSentence(
                r["id"], r["text"], r.get("date"), TYPE_MAP.get(r["event"], r["event"]), triggers,
                actor_texts(r.get("source")),
                actor_texts(r.get("target")), index % HOLD_BACK_EVERY == HOLD_BACK_EVERY - 1,
            )
        )  # fmt: skip
    return found


def actor_texts(field: object) -> list[str]:
    """The actors' words; a few records give a bare string or nothing instead of a list of actors."""
    if not isinstance(field, list):
        return []
    return [a["actorText"] for a in field if isinstance(a, dict) and a.get("actorText")]


def chosen_event(gold: GoldSentence, events: list[EventMention]) -> EventMention | None:
    """Dossier's event on a marked trigger word, else its first in the sentence."""
    on_trigger = [e for e in events if e.trigger_text.lower() in gold.triggers]
    return (on_trigger or events or [None])[0]


def names_match(gold: str, name: str) -> bool:
    g, n = gold.lower().strip(), name.lower().strip()
    return bool(g and n) and (g in n or n in g)


@dataclass
class Tally:
    sentences: int = 0
    covered: int = 0
    typed: int = 0
    actors: int = 0
    actors_found: int = 0
    targets: int = 0
    targets_found: int = 0


def scored(golds: list[GoldSentence]) -> tuple[Tally, list[str], Counter[tuple[str, str]]]:
    nlp = built_nlp()
    articles = [
        Article(id=g.id, source=g.id, format="text", text=g.text, extractor="bench", published=g.date) for g in golds
    ]
    tally, errors, confusion = Tally(), [], Counter[tuple[str, str]]()
    for gold, (_, doc) in zip(golds, annotated(nlp, articles), strict=True):
        event = chosen_event(gold, list(doc._.events))
        tally.sentences += 1
        tally.covered += event is not None
        got = event.type if event else "-"
        tally.typed += got == gold.type
        confusion[(gold.type, got)] += 1
        if got != gold.type:
            errors.append(
                f"{gold.id}  gold {gold.type}, got {got} ({event.trigger_text if event else ''}): {gold.text}"
            )
        people = event.participants if event else []
        tally.actors += len(gold.sources)
        tally.actors_found += sum(
            any(names_match(s, p.name) for p in people if p.role == "actor") for s in gold.sources
        )
        tally.targets += len(gold.targets)
        tally.targets_found += sum(
            any(names_match(t, p.name) for p in people if p.role == "target") for t in gold.targets
        )
    return tally, errors, confusion


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def report(label: str, tally: Tally) -> dict[str, float]:
    today = {
        "type_accuracy": ratio(tally.typed, tally.sentences),
        "actor_recall": ratio(tally.actors_found, tally.actors),
        "target_recall": ratio(tally.targets_found, tally.targets),
    }
    print(
        f"{label:<10}{tally.sentences:>6}{ratio(tally.covered, tally.sentences):>10.3f}{today['type_accuracy']:>10.3f}"
        f"{ratio(tally.typed, tally.covered):>10.3f}{today['actor_recall']:>10.3f}{today['target_recall']:>10.3f}"
    )
    return today


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list the tuning part's sentences typed wrong")
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's scores")
    args = parser.parse_args()
    golds = gold_sentences()
    print(f"PLOVER GSR: {len(golds)} sentences (FIGHT mapped to ASSAULT, DOCUMENT skipped; every 4th held back)")
    print(f"{'part':<10}{'sent':>6}{'coverage':>10}{'type acc':>10}{'covered':>10}{'actor R':>10}{'target R':>10}")
    today: dict[str, float] = {}
    for label, part in (
        ("tune", [g for g in golds if not g.held_back]),
        ("held-back", [g for g in golds if g.held_back]),
    ):
        tally, errors, confusion = scored(part)
        scores = report(label, tally)
        today.update({f"{k}_{label.replace('-', '_')}": v for k, v in scores.items()})
        if label == "tune":
            wrong = Counter({k: v for k, v in confusion.items() if k[0] != k[1]})
            tune_errors = errors
            common = ", ".join(f"{g}→{s} ×{n}" for (g, s), n in wrong.most_common(8))
    print(f"most frequent confusions on the tuning part (gold → Dossier): {common}")
    if args.errors:
        print("\n".join(tune_errors))
    return gate(today, update=args.update_floors)


def gate(today: dict[str, float], *, update: bool) -> int:
    floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    pinned = floors.get(FLOOR_KEY, {})
    if update:
        pinned = {k: max(pinned.get(k, 0.0), math.floor(v * 1000) / 1000) for k, v in today.items()}
        floors[FLOOR_KEY] = pinned
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"floors written: {FLOOR_KEY} = {pinned}")
    failed = [f"{k} {v:.4f} < {pinned[k]:.3f}" for k, v in today.items() if v < pinned.get(k, 0.0)]
    if failed:
        print("FAIL: " + "; ".join(failed), file=sys.stderr)
        return 1
    print("gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
