"""Quote extraction: Dossier against textacy's direct_quotations on the same text, in the same run.

Gold: bench/data/quotes_gold.jsonl (fictional sentences in the patterns news uses, every direct or mixed
quote with its speaker) and bench/data/quotes_seeds.tsv (every direct quote of the five seeds, by its opening
words, read against ../shared/corpus/seeds in place). Prints quote span P/R/F1 (strict: the same words;
relaxed: overlapping), speaker accuracy on matched quotes, and the unknown-speaker rate, for both systems.

Then PolNeAR (news we did not write, ../shared/corpus/quotes-polnear): recall of gold speech (a content counts
as found when predicted quote spans cover at least half of its characters), precision (predicted quotes that
overlap some gold attribution), speaker accuracy over found items whose gold source names someone, the same for
pronoun sources alone, and the unknown-speaker rate; bench/polnear.py says how PolNeAR's conventions are mapped.
`--polnear dev` (default) scores the dev split; `--polnear held-back` the slice of train that training never
fits on (every TUNE_EVERY-th article by sorted name, see train/quotes.py). The dev split has two halves by
sorted name: `dev-tune` (even positions), the only dev articles whose errors are read while changing the
attributor, and `dev-held` (odd positions), never read, scored to show the change carries over.

    python bench/quotes.py [--corpus PATH] [--polnear dev|dev-tune|dev-held|held-back|none] [--errors] [--record]
                           [--update-floors]

Floors for the fixtures, the seeds and PolNeAR dev are pinned in bench/floors.json under "quotes".
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import polnear
from spacy.language import Language
from spacy.tokens import Doc
from textacy.extract import direct_quotations

from dossier.annotate.cuemodel import METADATA
from dossier.annotate.pipeline import annotated, built_nlp
from dossier.annotate.speakers import RANKER
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target, read_target
from dossier.records import Article

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MARKS = " \n\t\"“”'‘’,.;:"


@dataclass
class Found:
    text: str
    speaker: str | None


@dataclass
class Gold:
    text: str  # the quoted words, or just their opening when prefix is True
    speaker: str | None
    prefix: bool = False


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", "").replace("”", "").replace('"', "")).strip(MARKS).lower()


def dossier_quotes(doc: Doc) -> list[Found]:
    return [Found(q.text, q.speaker.name if q.speaker else None) for q in doc._.quotes if q.kind != "indirect"]


def textacy_quotes(doc: Doc) -> list[Found]:
    found = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on a quote left open across paragraphs: it finds nothing there
        return []
    for triple in triples:
        speaker = " ".join(t.text for t in triple.speaker) if triple.speaker else None
        found.append(Found(triple.content.text, speaker))
    return found


def same_speaker(gold: str | None, found: str | None) -> bool:
    if gold is None or found is None:
        return gold is None and found is None
    g = set(norm(gold).replace("'s", "").replace("’s", "").split())
    f = set(norm(found).replace("'s", "").replace("’s", "").split())
    return bool(g) and (g <= f or f <= g)


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    speaker_right: int = 0
    unattributed: int = 0  # gold quotes with a known speaker that the system leaves without one (or misses)
    silent: int = 0  # system quotes that carry no speaker
    misses: list[str] | None = None

    def add(self, golds: list[Gold], found: list[Found]) -> None:
        self.gold += len(golds)
        self.system += len(found)
        self.silent += sum(1 for f in found if f.speaker is None)
        free = list(found)
        for g in golds:
            match = next((f for f in free if _strict(g, f)), None)
            if match is not None:
                self.strict += 1
            else:
                match = next((f for f in free if _overlaps(g, f)), None)
            if g.speaker is not None and (match is None or match.speaker is None):
                self.unattributed += 1
            if match is None or not same_speaker(g.speaker, match.speaker):
                self.misses = [*(self.misses or []), f"{g.text[:50]!r} gold={g.speaker} got={match and match.speaker}"]
            if match is None:
                continue
            free.remove(match)
            self.relaxed += 1
            self.speaker_right += same_speaker(g.speaker, match.speaker)

    def row(self, name: str) -> str:
        def f1(hit: int) -> tuple[float, float, float]:
            p = hit / self.system if self.system else 0.0
            r = hit / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = f1(self.strict)
        rp, rr, rf = f1(self.relaxed)
        speaker = self.speaker_right / self.relaxed if self.relaxed else 0.0
        attributable = self.gold  # every gold quote should end up with its speaker
        unknown = self.unattributed / attributable if attributable else 0.0
        silent = self.silent / self.system if self.system else 0.0
        return (
            f"{name:<10} {self.gold:5} {self.system:5}  {sp:5.2f} {sr:5.2f} {sf:5.2f}   {rp:5.2f} {rr:5.2f} {rf:5.2f}"
            f"   {speaker:7.2f}   {unknown:7.2f}   {silent:6.2f}"
        )


def _strict(gold: Gold, found: Found) -> bool:
    g, f = norm(gold.text), norm(found.text)
    return f.startswith(g) if gold.prefix else g == f


def _overlaps(gold: Gold, found: Found) -> bool:
    g, f = norm(gold.text), norm(found.text)
    return bool(g and f) and (g[:25] in f or f[:25] in g)


def fixture_cases() -> list[tuple[Article, list[Gold]]]:
    cases = []
    for line in (DATA / "quotes_gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        article = Article(id=row["id"], source=row["id"], format="text", text=row["text"], extractor="bench")
        cases.append((article, [Gold(q["text"], q["speaker"]) for q in row["quotes"]]))
    return cases


def seed_cases(corpus: Path) -> list[tuple[Article, list[Gold]]]:
    with open(DATA / "quotes_seeds.tsv", encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    cases = []
    for path in sorted((corpus / "seeds").glob("*.txt")):
        golds = [Gold(opening, speaker, prefix=True) for seed, opening, speaker in rows if path.name.startswith(seed)]
        cases += [(article_from_raw(raw), golds) for raw in read_target(Target(str(path)))]
    return cases


TUNE_EVERY = 5  # train/quotes.py holds back every 5th train article (sorted names) and never fits on it
DEV_HALVES = {"dev-tune": 0, "dev-held": 1}  # dev articles by sorted position: even ones are read, odd ones never


def polnear_split(corpus: Path, which: str) -> list[polnear.Article]:
    root = corpus / "quotes-polnear"
    if which == "dev":
        return polnear.articles(root / "dev")
    if which in DEV_HALVES:
        return polnear.articles(root / "dev", lambda i, name: i % 2 == DEV_HALVES[which])
    return polnear.articles(root / "train", lambda i, name: i % TUNE_EVERY == TUNE_EVERY - 1)


def dossier_spans(doc: Doc) -> list[polnear.Predicted]:
    """Dossier's speech (beliefs are their own kind and never shown as speech)."""
    return [
        polnear.Predicted(q.start, q.end, q.speaker.name if q.speaker else None, [v.name for v in q.via])
        for q in doc._.quotes
    ]


def textacy_spans(doc: Doc) -> list[polnear.Predicted]:
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return []
    return [
        polnear.Predicted(t.content.start_char, t.content.end_char, " ".join(w.text for w in t.speaker) or None)
        for t in triples
    ]


def polnear_scores(nlp: Language, corpus: Path, which: str, errors: bool) -> dict[str, float]:
    gold = polnear_split(corpus, which)
    cases = [
        Article(id=a.name, source=a.name, format="text", text=a.text, extractor="bench", published=a.published or None)
        for a in gold
    ]
    by_name = {a.name: a for a in gold}
    ours, theirs = polnear.Tally(), polnear.Tally()
    for article, doc in annotated(nlp, cases):
        ours.add(doc, by_name[article.id], dossier_spans(doc))
        theirs.add(doc, by_name[article.id], textacy_spans(doc))
    print(f"\n-- PolNeAR {which}: {len(gold)} articles, speech attributions with content >= 15 characters")
    print(polnear.HEADER)
    print(ours.row("dossier"))
    print(theirs.row("textacy"))
    print("dossier, 3 places:", ", ".join(f"{k} {v:.3f}" for k, v in ours.scores().items()))
    if errors:
        for line in ours.errors:
            print("   dossier", line)
    counts = {"gold": ours.gold, "found": ours.found, "predicted": ours.predicted}
    baseline = {f"textacy_{k}": v for k, v in theirs.scores().items() if k in GATED}
    return ours.scores() | counts | baseline


def record_scores(split: str, scores: dict[str, float]) -> None:
    """The models' metadata keeps the scores they were shipped with (cue model and pronoun ranker)."""
    for path in (METADATA, RANKER.parent / "metadata.json"):
        if not path.exists():
            continue
        meta = json.loads(path.read_text(encoding="utf-8"))
        meta.setdefault("scores", {})[split] = scores
        path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", action="store_true", help="list the gold quotes Dossier misses or misattributes")
    parser.add_argument("--polnear", choices=["dev", *DEV_HALVES, "held-back", "none"], default="dev")
    parser.add_argument("--record", action="store_true", help="write the PolNeAR scores into the model's metadata")
    parser.add_argument("--update-floors", action="store_true", help="raise bench/floors.json to today's scores")
    args = parser.parse_args()
    nlp = built_nlp()
    sets = {"fixtures": fixture_cases()}
    if (args.corpus / "seeds").exists():
        sets["seeds"] = seed_cases(args.corpus)
    print("unknown speaker = share of gold quotes left without a speaker (missed, or found with none);")
    print("silent = share of the system's own quotes that carry no speaker (textacy drops those instead)\n")
    print(f"{'':<10} {'':<5} {'':<5}  {'strict':^17}   {'relaxed':^17}   speaker   unknown")
    print(
        f"{'system':<10} {'gold':>5} {'found':>5}  {'P':>5} {'R':>5} {'F1':>5}   {'P':>5} {'R':>5} {'F1':>5}"
        "   accuracy  speaker   silent"
    )
    measured: dict[str, float] = {}
    for name, cases in sets.items():
        ours, theirs = Score(), Score()
        for article, doc in annotated(nlp, [a for a, _ in cases]):
            golds = next(g for a, g in cases if a.id == article.id)
            ours.add(golds, dossier_quotes(doc))
            theirs.add(golds, textacy_quotes(doc))
        print(f"-- {name}")
        print(ours.row("dossier"))
        print(theirs.row("textacy"))
        if args.errors:
            for line in ours.misses or []:
                print("   dossier miss:", line)
        measured[f"{name}_recall"] = ours.relaxed / ours.gold if ours.gold else 0.0
        measured[f"{name}_speaker_accuracy"] = ours.speaker_right / ours.relaxed if ours.relaxed else 0.0
    if args.polnear != "none" and (args.corpus / "quotes-polnear").exists():
        scores = polnear_scores(nlp, args.corpus, args.polnear, args.errors)
        if args.record:
            record_scores(args.polnear.replace("-", "_"), scores)
        if args.polnear == "dev":
            measured.update({f"polnear_dev_{k}": v for k, v in scores.items() if k in GATED})
    return gate(measured, update=args.update_floors)


GATED = ("recall", "precision", "speaker_accuracy", "pronoun_speaker_accuracy")
FLOOR_KEY = "quotes"
FLOORS = Path(__file__).resolve().parent / "floors.json"


def gate(measured: dict[str, float], *, update: bool) -> int:
    """Fail when a pinned score fell below its floor; --update-floors raises floors to today's scores."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    pinned: dict[str, float] = floors.get(FLOOR_KEY, {})
    if update:
        for key, value in measured.items():
            pinned[key] = max(pinned.get(key, 0.0), math.floor(value * 100) / 100)  # 0.01: noise is not a fall
        floors[FLOOR_KEY] = dict(sorted(pinned.items()))
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    failed = [f"{k} {measured[k]:.3f} < floor {v:.2f}" for k, v in pinned.items() if k in measured and measured[k] < v]
    for line in failed:
        print(f"FAIL: {line}", file=sys.stderr)
    print("\ngate " + ("FAILED" if failed else "passed") + f" ({len(pinned)} floors in bench/floors.json)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
