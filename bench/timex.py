"""Time-expression accuracy: Dossier's TIMEX3 grammar against gold, with dateparser as a baseline.

Part A — the shared TimeLine/WikiNews corpus (SemEval-2015 Task 4, corpus_1 and corpus_2, track B TimeML).
Those files annotate one TIMEX3 per document: the document creation time, in <DCT>. Its date is repeated in
the text as the dateline sentence ("March 01 , 2008"), and no other time expression in the text is annotated.
So the corpus measures only recall and value accuracy on the dateline; precision cannot be measured there.

Part B — bench/data/timex_gold.jsonl, hand-annotated news paragraphs with every TIMEX3 (TempEval-3
conventions) and their publication date. Scores as in TempEval-3: detection precision/recall/F1, strict (exact
span) and relaxed (overlapping span, one-to-one); value F1 over relaxed matches, P = correct values / system
expressions, R = correct values / gold expressions; type accuracy over relaxed matches.

dateparser's search_dates is the baseline (a bench-only dependency: pip install dateparser). It has no notion
of granularity, so every value it gives is written at day level ("last August" becomes 2021-08-20): that is the
point of the comparison. The gate fails (exit 1) when Dossier's value F1 on the gold set is below the floor
pinned in bench/floors.json under "timex".

    .venv/bin/python bench/timex.py                  # both parts, then the gate
    .venv/bin/python bench/timex.py --errors         # also list Dossier's mismatches on the gold set
    .venv/bin/python bench/timex.py --errors dateparser
    .venv/bin/python bench/timex.py --update-floors  # raise the floor to today's score (--lower-floors: even lower)
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tbaq import HELD_BACK, TUNE, TbaqDoc, tbaq_docs

from dossier.annotate.timex import time_expressions

BENCH = Path(__file__).resolve().parent
GOLD = BENCH / "data" / "timex_gold.jsonl"
FLOORS = BENCH / "floors.json"
FLOOR_KEY = "timex"
FLOOR_DIGITS = 3  # floor pinned rounded down to 0.001: a real regression fails, float noise does not
TIMELINE = BENCH.parents[1] / "shared" / "corpus" / "timeline-wikinews"
TIMEML_DIRS = ("corpus_1/corpus_trackB_TimeML", "corpus_2/corpus_trackB_TimeML")
MONTHS = list(calendar.month_name)[1:]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    type: str
    value: str


System = Callable[[str, date | None], list[Span]]


def dossier(text: str, anchor: date | None) -> list[Span]:
    return [Span(t.start, t.end, t.text, t.type, t.value) for t in time_expressions(text, anchor)]


def dateparser_system() -> System | None:
    """dateparser's search_dates with the anchor as its relative base, or None when it is not installed."""
    try:
        from dateparser.search import search_dates  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        print("dateparser is not installed (.venv/bin/pip install dateparser): its row is skipped", file=sys.stderr)
        return None

    def run(text: str, anchor: date | None) -> list[Span]:
        settings: dict[str, object] = {"RETURN_AS_TIMEZONE_AWARE": False}
        if anchor is not None:
            settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
        spans, position = [], 0
        for surface, moment in search_dates(text, languages=["en"], settings=settings) or []:
            start = text.find(surface, position)
            if start < 0:
                continue
            position = start + len(surface)
            timed = (moment.hour, moment.minute) != (0, 0)
            value = moment.strftime("%Y-%m-%dT%H:%M" if timed else "%Y-%m-%d")
            spans.append(Span(start, position, surface, "TIME" if timed else "DATE", value))
        return spans

    return run


def systems() -> dict[str, System]:
    found: dict[str, System] = {"dossier": dossier}
    baseline = dateparser_system()
    if baseline is not None:
        found["dateparser"] = baseline
    return found


# --- scoring -------------------------------------------------------------------------------------------------


def overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def matched(gold: list[Span], found: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one relaxed matching: each gold expression takes the free system span it overlaps most."""
    pairs, free = [], list(found)
    for want in gold:
        best = max(free, key=lambda got: overlap(want, got), default=None)
        if best is not None and overlap(want, best) > 0:
            pairs.append((want, best))
            free.remove(best)
    return pairs


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    errors: list[str] = field(default_factory=list)

    def ratio(self, hits: int, total: int) -> float:
        return hits / total if total else 0.0

    def prf(self, hits: int) -> tuple[float, float, float]:
        p, r = self.ratio(hits, self.system), self.ratio(hits, self.gold)
        return p, r, f1(p, r)

    @property
    def value_f1(self) -> float:
        return self.prf(self.value)[2]

    @property
    def value_accuracy(self) -> float:
        """TempEval-3's value accuracy: correct values over the gold expressions a system span overlaps."""
        return self.ratio(self.value, self.relaxed)

    def add(self, label: str, gold: list[Span], found: list[Span]) -> None:
        self.gold += len(gold)
        self.system += len(found)
        self.strict += len({(g.start, g.end) for g in gold} & {(s.start, s.end) for s in found})
        pairs = matched(gold, found)
        self.relaxed += len(pairs)
        self.value += sum(want.value == got.value for want, got in pairs)
        self.type += sum(want.type == got.type for want, got in pairs)
        self.errors += mismatches(label, gold, found, pairs)


def mismatches(label: str, gold: list[Span], found: list[Span], pairs: list[tuple[Span, Span]]) -> list[str]:
    lines = []
    paired = {id(got) for _, got in pairs}
    for want, got in pairs:
        extent = "" if (want.start, want.end) == (got.start, got.end) else f" extent {got.text!r}"
        if want.value != got.value or want.type != got.type or extent:
            lines.append(f"{label}  {want.text!r}: gold {want.type} {want.value}, got {got.type} {got.value}{extent}")
    lines += [f"{label}  missed {w.text!r} ({w.type} {w.value})" for w in gold if w not in {p[0] for p in pairs}]
    lines += [f"{label}  spurious {s.text!r} ({s.type} {s.value})" for s in found if id(s) not in paired]
    return lines


# --- part B: the hand-annotated gold set ----------------------------------------------------------------------


@dataclass(frozen=True)
class GoldItem:
    id: str
    split: str  # "dev": written before the grammar work and used to find its gaps; "heldout": written after, blind
    anchor: date | None
    text: str
    timexes: list[Span]


def gold_items(path: Path = GOLD) -> list[GoldItem]:
    """The gold set, each expression's offsets checked against its text."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        spans = [Span(t["start"], t["end"], t["text"], t["type"], t["value"]) for t in record["timexes"]]
        for span in spans:
            if text[span.start : span.end] != span.text:
                raise ValueError(f"{record['id']}: offsets {span.start}-{span.end} do not give {span.text!r}")
        anchor = date.fromisoformat(record["dct"]) if record["dct"] else None
        items.append(GoldItem(record["id"], record.get("split", "dev"), anchor, text, spans))
    return items


def score_gold(items: list[GoldItem], system: System) -> Score:
    score = Score()
    for item in items:
        score.add(item.id, item.timexes, system(item.text, item.anchor))
    return score


def gold_table(scores: dict[str, Score]) -> str:
    head = (
        f"{'system / split':<20}{'gold':>5}{'found':>6}  {'strict P/R/F1':<19}{'relaxed P/R/F1':<19}"
        f"{'value P/R/F1':<19}{'type acc':>8}{'value acc':>10}"
    )
    rows = [head, "-" * len(head)]
    for name, s in scores.items():
        cells = [" ".join(f"{x:.3f}" for x in s.prf(hits)) for hits in (s.strict, s.relaxed, s.value)]
        type_acc = s.ratio(s.type, s.relaxed)
        rows.append(
            f"{name:<20}{s.gold:>5}{s.system:>6}  {cells[0]:<19}{cells[1]:<19}{cells[2]:<19}{type_acc:>8.3f}"
            f"{s.value_accuracy:>10.3f}"
        )
    return "\n".join(rows)


def split_scores(items: list[GoldItem], runs: dict[str, System]) -> dict[str, Score]:
    """Each system on each split of the gold set and on all of it ("dossier" alone is the whole set)."""
    scores = {}
    for name, system in runs.items():
        for split in sorted({i.split for i in items}):
            scores[f"{name} {split}"] = score_gold([i for i in items if i.split == split], system)
        scores[name] = score_gold(items, system)
    return scores


# --- part A: the dateline of the shared TimeML corpus ----------------------------------------------------------


@dataclass(frozen=True)
class TimeMLDoc:
    name: str
    text: str
    anchor: date
    dateline: Span | None
    in_text_timexes: int
    dct_raw: str


def dct_date(raw: str) -> date:
    """The DCT value; one file writes 03-02-2009, read day first as its dateline "February 03 , 2009" shows."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", raw):
        return date.fromisoformat(raw)
    day, month, year = (int(p) for p in raw.split("-"))
    return date(year, month, day)


def timeml_doc(path: Path) -> TimeMLDoc:
    """Text rebuilt from the <s> elements joined by newlines (tokenized spacing kept), and the dateline."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    raw = dct.get("value", "") if dct is not None else ""
    anchor = dct_date(raw)
    text = "\n".join("".join(s.itertext()) for s in root.iter("s"))
    written = f"{MONTHS[anchor.month - 1]} {anchor.day:02d} , {anchor.year}"
    start = text.find(written)
    dateline = Span(start, start + len(written), written, "DATE", anchor.isoformat()) if start >= 0 else None
    in_text = len(root.findall("TEXT//TIMEX3"))
    return TimeMLDoc(path.name, text, anchor, dateline, in_text, raw)


def timeml_docs() -> list[TimeMLDoc]:
    return [timeml_doc(p) for d in TIMEML_DIRS for p in sorted((TIMELINE / d).glob("*.tml"))]


def dateline_report(docs: list[TimeMLDoc], runs: dict[str, System]) -> str:
    datelines = [d for d in docs if d.dateline is not None]
    odd = [f"{d.name}: {d.dct_raw}" for d in docs if not re.fullmatch(r"\d{4}-\d\d-\d\d", d.dct_raw)]
    lines = [
        f"{len(docs)} documents; TIMEX3 annotated inside <TEXT>: {sum(d.in_text_timexes for d in docs)}; "
        f"the DCT's date appears as the dateline sentence in {len(datelines)}.",
        f"DCT values not in ISO form (read day first): {', '.join(odd) or 'none'}",
        "Only the dateline is gold, so precision cannot be measured here: other expressions are unannotated.",
        f"{'system':<11}{'dateline recall strict':>23}{'relaxed':>9}{'value acc':>11}{'other timexes found':>21}",
    ]
    for name, system in runs.items():
        strict = relaxed = correct = other = 0
        for doc in datelines:
            assert doc.dateline is not None
            found = system(doc.text, doc.anchor)
            pairs = matched([doc.dateline], found)
            strict += any((s.start, s.end) == (doc.dateline.start, doc.dateline.end) for s in found)
            relaxed += len(pairs)
            correct += sum(got.value == doc.dateline.value for _, got in pairs)
            other += len(found) - len(pairs)
        n = len(datelines) or 1
        lines.append(f"{name:<11}{strict / n:>23.3f}{relaxed / n:>9.3f}{correct / n:>11.3f}{other:>21}")
    return "\n".join(lines)


# --- part C: TempEval-3 training data (TBAQ), tuning part and held-back part ----------------------------------


def tbaq_scores(docs: list[TbaqDoc], runs: dict[str, System]) -> dict[str, Score]:
    """Each system on the tuning part, the held-back part, and all of TBAQ."""
    scores: dict[str, Score] = {}
    for name, system in runs.items():
        for split in (TUNE, HELD_BACK):
            score = scores[f"{name} {split}"] = Score()
            for doc in (d for d in docs if d.split == split):
                gold = [Span(t.start, t.end, t.text, t.type, t.value) for t in doc.timexes]
                score.add(doc.name, gold, system(doc.text, doc.anchor))
        whole = scores[f"{name} all"] = Score()
        for split in (TUNE, HELD_BACK):
            part = scores[f"{name} {split}"]
            for attr in ("gold", "system", "strict", "relaxed", "value", "type"):
                setattr(whole, attr, getattr(whole, attr) + getattr(part, attr))
    return scores


def tbaq_report(docs: list[TbaqDoc], runs: dict[str, System]) -> tuple[str, dict[str, Score]]:
    held = [d.name for d in docs if d.split == HELD_BACK]
    scores = tbaq_scores(docs, runs)
    head = (
        f"{len(docs)} documents; held back (every 4th of the sorted names, never inspected while tuning): "
        f"{len(held)}, from {held[0] if held else '-'} to {held[-1] if held else '-'}; tuned on the other "
        f"{len(docs) - len(held)}."
    )
    return head + "\n" + gold_table(scores), scores


# --- floors and the command line -------------------------------------------------------------------------------


def read_floors() -> dict[str, dict[str, float]]:
    floors: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    return floors


def pin_floors(today: dict[str, float], *, allow_lower: bool) -> dict[str, float]:
    """Write today's scores (rounded down) under "timex", keeping every other key of floors.json."""
    floors = read_floors()
    pinned = dict(floors.get(FLOOR_KEY, {}))
    scale = 10.0**FLOOR_DIGITS
    for metric, score in today.items():
        rounded = math.floor(score * scale) / scale
        pinned[metric] = rounded if allow_lower else max(pinned.get(metric, 0.0), rounded)
    floors[FLOOR_KEY] = pinned
    FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    print(f"floors written to {FLOORS}: {FLOOR_KEY} = {pinned}")
    return pinned


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", nargs="?", const="dossier", metavar="SYSTEM", help="list mismatches on gold")
    parser.add_argument("--tbaq-errors", action="store_true", help="list Dossier's mismatches on the TBAQ tuning part")
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's scores")
    parser.add_argument("--lower-floors", action="store_true", help="pin the floors to today's scores, even lower")
    args = parser.parse_args()
    runs = systems()

    print("A. TimeLine/WikiNews TimeML (corpus_1 + corpus_2, track B): the DCT dateline is the only gold")
    print(dateline_report(timeml_docs(), runs))
    items = gold_items()
    gold_count = sum(len(i.timexes) for i in items)
    print(f"\nB. {GOLD.relative_to(BENCH.parent)}: {len(items)} paragraphs, {gold_count} TIMEX3")
    scores = split_scores(items, runs)
    print(gold_table(scores))
    if args.errors:
        print(f"\n{args.errors} mismatches:")
        print("\n".join(scores[args.errors].errors) if args.errors in scores else f"no system {args.errors!r}")
    today = {"dossier_value_f1": scores["dossier"].value_f1}
    docs = tbaq_docs()
    if docs:
        print("\nC. TempEval-3 training data (TBAQ: TimeBank 1.2 + AQUAINT), every TIMEX3 in <TEXT>, DCT as anchor")
        table, tbaq = tbaq_report(docs, runs)
        print(table)
        if args.tbaq_errors:  # the tuning part only: the held-back part is never listed
            print("\ndossier mismatches on the TBAQ tuning part:\n" + "\n".join(tbaq[f"dossier {TUNE}"].errors))
        today["tbaq_value_accuracy_tune"] = tbaq[f"dossier {TUNE}"].value_accuracy
        today["tbaq_value_accuracy_held_back"] = tbaq[f"dossier {HELD_BACK}"].value_accuracy
    return gate(today, update=args.update_floors or args.lower_floors, allow_lower=args.lower_floors)


def gate(today: dict[str, float], *, update: bool, allow_lower: bool) -> int:
    """Exit status 1 when any of today's scores is below its pinned floor."""
    floors = pin_floors(today, allow_lower=allow_lower) if update else read_floors().get(FLOOR_KEY, {})
    failed = [f"{k} {v:.4f} < floor {floors[k]:.3f}" for k, v in today.items() if v < floors.get(k, 0.0)]
    if failed:
        print("\nFAIL: " + "; ".join(failed), file=sys.stderr)
        return 1
    print("\ngate passed: " + ", ".join(f"{k} {v:.4f} >= {floors.get(k, 0.0):.3f}" for k, v in today.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
