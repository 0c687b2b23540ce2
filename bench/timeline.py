"""Dossier against the SemEval-2015 Task 4 TimeLine gold (Track A: timelines from raw text), on Wikinews.

For corpus_1 (airlines) and corpus_2 (car makers) of ../shared/corpus/timeline-wikinews (read in place):

1. every Track A document is rebuilt from its `<s>` sentences (tokens joined by spaces, one sentence a line),
   published on its DCT, and run through Dossier's pipeline (one model, `nlp.pipe`); each event mention is
   mapped back from its trigger's characters to the task's id `docid-sentence-token`;
2. entities are resolved across the corpus and events clustered with `resolved_events`; each target entity is
   matched to the resolved entities whose name or alias equals it (case, a leading "the" and punctuation
   aside), and its timeline is every event (all mentions of its cluster) with a mention whose participants
   include one of them — the *fallback* adds events whose sentence names the target or any alias of those
   entities; undated events go to ordinal 0 with XXXX-XX-XX, dated ones are ranked by date;
3. timelines are scored with the task's temporal-awareness measure (bench/timeline_eval.py, which documents
   where it approximates the official script), micro-averaged over the target entities of each corpus and
   overall, on the task's 0–100 scale.

Simpler diagnostics follow: event-mention recall against every gold event id (entity ignored), how many of an
entity's gold mentions its Dossier timeline holds, date accuracy of the mentions found, the gold triggers most
often missed, and Dossier's linked mentions the gold does not have. No floors: it prints, it does not gate.

    .venv/bin/python bench/timeline.py
    .venv/bin/python bench/timeline.py --show "Airbus"        # gold vs Dossier timeline of one entity
    .venv/bin/python bench/timeline.py --write /tmp/timelines  # Dossier's timelines in the task's format
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from timeline_eval import (
    UNKNOWN_DATE,
    Score,
    Timeline,
    UndatedPolicy,
    parsed_timeline,
    percent,
    task_date,
    temporal_awareness,
    timeline_of,
)

from dossier.annotate.pipeline import annotated, built_nlp
from dossier.records import Article, DocEntity, Entity, EventMention
from dossier.records import EventCluster as Event
from dossier.resolve.entities import resolved_entities
from dossier.resolve.events import resolved_events
from dossier.resolve.gazetteer import key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "timeline-wikinews"
CORPORA = ("corpus_1", "corpus_2")
BEST_PUBLISHED_F1 = 7.85  # SemEval-2015 Task 4, Track A, best run (Minard et al. 2015), 0–100 scale
EXTRACTOR = "bench.timeline"


@dataclass
class SourceDoc:
    """A Track A document: id, creation time, the rebuilt text and where each of its tokens sits."""

    doc_id: str
    dct: str
    text: str
    starts: list[int] = field(default_factory=list)  # token start offsets, ascending
    tokens: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, sentence id, token)

    def token_id(self, char: int) -> str | None:
        """The task id `docid-sentence-token` of the whitespace token holding character `char`."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        start, end, sentence, token = self.tokens[i]
        return f"{self.doc_id}-{sentence}-{token}" if start <= char < end else None


GLUE_LEFT = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "%",
    ")",
    "]",
    "}",
    "''",
    "'s",
    "'S",
    "'",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
}
GLUE_RIGHT = {"(", "[", "{", "``"}
QUOTES = {"``": '"', "''": '"'}


def sentence_surface(words: list[str], *, detokenize: bool) -> tuple[str, list[tuple[int, int]]]:
    """A sentence's text from its tokens and each token's (start, end) in it.

    Detokenized, the text reads like the article did ("Boeing 's" → "Boeing's", "24 , 2003" → "24, 2003",
    `` and '' → "), which is what Dossier meets in practice; raw, the tokens are joined by single spaces.
    """
    text, spans = "", []
    for i, word in enumerate(words):
        surface = QUOTES.get(word, word) if detokenize else word
        glued = detokenize and i > 0 and (word in GLUE_LEFT or words[i - 1] in GLUE_RIGHT)
        if i > 0 and not glued:
            text += " "
        spans.append((len(text), len(text) + len(surface)))
        text += surface
    return text, spans


def read_tml(path: Path, *, detokenize: bool = True) -> SourceDoc:
    root = ET.parse(path).getroot()
    doc_id = (root.findtext("DOCID") or path.name.split("_")[0]).strip()
    timex = root.find("DCT/TIMEX3")
    dct = timex.get("value", "") if timex is not None else ""
    doc = SourceDoc(doc_id=doc_id, dct=dct, text="")
    lines: list[str] = []
    offset = 0
    for sentence in root.iterfind("TEXT/s"):
        words = "".join(sentence.itertext()).split()
        line, spans = sentence_surface(words, detokenize=detokenize)
        for word, (start, end) in zip(words, spans, strict=True):
            doc.starts.append(offset + start)
            doc.tokens.append((offset + start, offset + end, sentence.get("id", ""), word))
        lines.append(line)
        offset += len(line) + 1
    doc.text = "\n".join(lines)
    return doc


def article_of(doc: SourceDoc, path: Path) -> Article:
    return Article(
        id=doc.doc_id,
        source=str(path),
        format="text",
        published=doc.dct or None,
        text=doc.text,
        language="en",
        extractor=EXTRACTOR,
    )


@dataclass
class CorpusRun:
    """Everything Dossier found in one corpus, resolved across its documents."""

    name: str
    docs: dict[str, SourceDoc]
    mentions: list[EventMention]
    entities: list[Entity]
    events: list[Event]
    targets: list[str]
    gold: dict[str, Timeline]

    def mention_id(self, m: EventMention) -> str | None:
        return self.docs[m.doc_id].token_id(m.trigger[0])


def slug(name: str) -> str:
    """The gold file name of a target: `United States Air Force` → `united_states_air_force`."""
    return re.sub(r"\W+", "_", name.lower()).strip("_")


def gold_timelines(folder: Path) -> dict[str, Timeline]:
    """Gold timelines by file name (the first line can be misspelt: "United States Air Froce")."""
    return {p.stem: parsed_timeline(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}


def run_corpus(
    nlp_docs: Iterable[tuple[Article, list[EventMention], list[DocEntity]]],
    name: str,
    docs: dict[str, SourceDoc],
    corpus_dir: Path,
) -> CorpusRun:
    mentions: list[EventMention] = []
    doc_entities: list[DocEntity] = []
    for _, found, ents in nlp_docs:
        mentions.extend(found)
        doc_entities.extend(ents)
    entities, assignment = resolved_entities(doc_entities)
    for m in mentions:
        for p in m.participants:
            p.entity_id = assignment.get((m.doc_id, p.entity_key or ""))
    events = resolved_events(mentions)
    number = name.split("_")[-1]
    targets_file = corpus_dir / f"list_target_entities_corpus_{number}.txt"
    targets = [t.strip() for t in targets_file.read_text(encoding="utf-8").splitlines() if t.strip()]
    gold = gold_timelines(corpus_dir / "TimeLines_Gold_Standard")
    return CorpusRun(name, docs, mentions, entities, events, targets, gold)


def compact(name: str) -> str:
    """Matching form of a name: case, a leading "the", possessive, spaces and hyphens aside."""
    return re.sub(r"[\s\-]+", "", key(name))


def matched_entities(target: str, entities: list[Entity]) -> list[Entity]:
    """Resolved entities whose name or an alias is the target ("Daimler Chrysler" finds "DaimlerChrysler")."""
    wanted = compact(target)
    return [e for e in entities if wanted in {compact(n) for n in [e.name, *e.aliases]}]


def alias_pattern(names: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)", re.IGNORECASE)


def system_timeline(run: CorpusRun, target: str, *, fallback: bool = False, dct: bool = False) -> Timeline:
    """Dossier's timeline of a target: events with a linked participant (or, as fallback, a naming sentence).

    `dct` is a what-if, not Dossier's behaviour: an undated asserted or reported event takes its first
    mention's document creation time, where the task's annotators put a third of the gold mentions.
    """
    linked = matched_entities(target, run.entities)
    ids = {e.entity_id for e in linked}
    names = alias_pattern([target, *(n for e in linked for n in [e.name, *e.aliases])])
    cluster_of = {id(m): ev for ev in run.events for m in ev.mentions}
    chosen: dict[str, Event] = {}
    for m in run.mentions:
        involved = any(p.entity_id in ids for p in m.participants if p.entity_id)
        if not involved and fallback:
            involved = bool(names.search(run.docs[m.doc_id].text[m.sentence[0] : m.sentence[1]]))
        if involved:
            event = cluster_of[id(m)]
            chosen.setdefault(event.event_id, event)
    lines = []
    for event in chosen.values():
        mention_ids = [i for i in (run.mention_id(m) for m in event.mentions) if i]
        date = event.date
        if date is None and dct and event.mentions[0].mode in ("asserted", "reported"):
            date = run.docs[event.mentions[0].doc_id].dct
        lines.append((task_date(date), list(dict.fromkeys(mention_ids))))
    return timeline_of(target, lines)


@dataclass
class EntityResult:
    target: str
    linked: list[str]
    gold: Timeline
    system: Timeline
    fallback: Timeline
    scores: dict[str, Score]


VARIANTS: dict[str, tuple[str, UndatedPolicy]] = {
    "participants": ("system", "ordered"),
    "fallback": ("fallback", "ordered"),
    "participants, undated isolated": ("system", "isolated"),
    "participants, DCT for undated": ("dct", "ordered"),
}


def evaluate(run: CorpusRun) -> list[EntityResult]:
    results = []
    for target in run.targets:
        gold = run.gold.get(slug(target))
        if gold is None:
            print(f"warning: {run.name}: no gold timeline for target {target!r}", file=sys.stderr)
            continue
        system = system_timeline(run, target)
        fallback = system_timeline(run, target, fallback=True)
        timelines = {"system": system, "fallback": fallback, "dct": system_timeline(run, target, dct=True)}
        scores = {v: temporal_awareness(gold, timelines[t], undated=u) for v, (t, u) in VARIANTS.items()}
        linked = [f"{e.name} ({e.type})" for e in matched_entities(target, run.entities)]
        results.append(EntityResult(target, linked, gold, system, fallback, scores))
    return results


def total(results: list[EntityResult], variant: str) -> Score:
    return sum((r.scores[variant] for r in results), Score())


def fmt(score: Score) -> str:
    return f"{percent(score.precision):6.2f} {percent(score.recall):6.2f} {percent(score.f1):6.2f}"


def print_entity_table(run: CorpusRun, results: list[EntityResult]) -> None:
    print(
        f"\n== {run.name}: {len(run.docs)} documents, {len(run.mentions)} Dossier event mentions, "
        f"{len(run.events)} events after clustering"
    )
    print(
        f"{'target entity':<26} {'gold ev':>7} {'sys ev':>6} {'hit':>4} {'P':>6} {'R':>6} {'F1':>6}  |"
        f" {'fb ev':>5} {'hit':>4} {'P':>6} {'R':>6} {'F1':>6}  linked to"
    )
    for r in results:
        hit = len(r.gold.mentions & r.system.mentions)
        fb_hit = len(r.gold.mentions & r.fallback.mentions)
        linked = "; ".join(r.linked) or "— (no resolved entity of that name)"
        print(
            f"{r.target[:26]:<26} {len(r.gold.lines):>7} {len(r.system.lines):>6} {hit:>4} "
            f"{fmt(r.scores['participants'])}  | {len(r.fallback.lines):>5} {fb_hit:>4} "
            f"{fmt(r.scores['fallback'])}  {linked[:60]}"
        )
    gold_ev = sum(len(r.gold.lines) for r in results)
    sys_ev = sum(len(r.system.lines) for r in results)
    fb_ev = sum(len(r.fallback.lines) for r in results)
    hit = sum(len(r.gold.mentions & r.system.mentions) for r in results)
    fb_hit = sum(len(r.gold.mentions & r.fallback.mentions) for r in results)
    print(
        f"{'micro-average':<26} {gold_ev:>7} {sys_ev:>6} {hit:>4} {fmt(total(results, 'participants'))}  |"
        f" {fb_ev:>5} {fb_hit:>4} {fmt(total(results, 'fallback'))}"
    )
    print("(ev = timeline lines, i.e. events; hit = gold mention ids the timeline holds; fb = fallback timeline)")


def print_summary(runs: list[tuple[CorpusRun, list[EntityResult]]]) -> None:
    print("\n== Temporal awareness, micro-averaged over target entities (0–100, as the task reports)")
    print(
        f"{'corpus':<10} {'entities':>8} {'gold ev':>7} {'sys ev':>6} {'gold rel':>8} {'sys rel':>7} "
        f"{'P':>6} {'R':>6} {'F1':>6} "
        f"{'F1 fallback':>11} {'F1 undated-isolated':>19} {'F1 DCT-for-undated':>18}"
    )
    everything: list[EntityResult] = []
    for run, results in runs:
        everything.extend(results)
        print_summary_row(run.name, results)
    print_summary_row("overall", everything)
    print(
        f"\nFor scale: the best system published in SemEval-2015 Task 4 Track A scored F1 {BEST_PUBLISHED_F1} "
        "(0–100), micro-averaged the same way over corpora 1–3 (corpus_3 is not in the shared copy)."
    )


def print_summary_row(name: str, results: list[EntityResult]) -> None:
    score = total(results, "participants")
    gold_ev = sum(len(r.gold.lines) for r in results)
    sys_ev = sum(len(r.system.lines) for r in results)
    fb = percent(total(results, "fallback").f1)
    iso = percent(total(results, "participants, undated isolated").f1)
    dct = percent(total(results, "participants, DCT for undated").f1)
    counts = f"{len(results):>8} {gold_ev:>7} {sys_ev:>6} {score.gold_relations:>8} {score.system_relations:>7}"
    print(f"{name:<10} {counts} {fmt(score)} {fb:>11.2f} {iso:>19.2f} {dct:>18.2f}")


def print_diagnostics(runs: list[tuple[CorpusRun, list[EntityResult]]], examples: int) -> None:
    print("\n== Diagnostics")
    missed: Counter[str] = Counter()
    date_rows: list[tuple[str, str, str]] = []  # (mention id, gold date, Dossier date)
    spurious: list[str] = []
    for run, results in runs:
        gold_dates: dict[str, set[str]] = {}
        for timeline in run.gold.values():
            for line in timeline.lines:
                for mention in line.events:
                    gold_dates.setdefault(mention, set()).add(line.date)
        found: dict[str, EventMention] = {}
        for m in run.mentions:
            mention_id = run.mention_id(m)
            if mention_id:
                found.setdefault(mention_id, m)
        hits = set(gold_dates) & set(found)
        missed.update(g.rsplit("-", 1)[-1].lower() for g in set(gold_dates) - set(found))
        in_gold = sum(1 for i in found if i in gold_dates)
        share = percent(in_gold / len(found)) if found else 0.0
        print(
            f"{run.name}: event-mention recall (entity ignored) {len(hits)}/{len(gold_dates)} = "
            f"{percent(len(hits) / len(gold_dates)):.2f}%; {in_gold} of Dossier's {len(found)} distinct mention "
            f"ids ({share:.2f}%) are events of some gold timeline"
        )
        date_rows.extend((i, "|".join(sorted(gold_dates[i])), task_date(found[i].date)) for i in sorted(hits))
        for r in results:
            spurious.extend(f"{run.name} {r.target}: {i}" for i in sorted(r.system.mentions - r.gold.mentions))
    print_date_accuracy(date_rows, examples)
    print(
        f"\nGold triggers Dossier never extracted, most frequent ({sum(missed.values())} mention ids): "
        + ", ".join(f"{w} ×{n}" for w, n in missed.most_common(25))
    )
    if spurious and examples:
        print(f"\nDossier timeline mentions not in that entity's gold ({len(spurious)}), first {examples}:")
        for entry in spurious[:examples]:
            print("  " + entry)


def print_date_accuracy(rows: list[tuple[str, str, str]], examples: int) -> None:
    if not rows:
        print("date accuracy: no matched mentions")
        return
    exact = [r for r in rows if r[2] in r[1].split("|")]
    both_undated = sum(1 for r in exact if r[2] == UNKNOWN_DATE)
    gold_dated = [r for r in rows if r[1] != UNKNOWN_DATE]
    no_date = sum(1 for r in gold_dated if r[2] == UNKNOWN_DATE)
    wrong = [r for r in gold_dated if r[2] != UNKNOWN_DATE and r[2] not in r[1].split("|")]
    same_year = sum(1 for r in wrong if any(g[:4] == r[2][:4] for g in r[1].split("|")))
    invented = sum(1 for r in rows if r[1] == UNKNOWN_DATE and r[2] != UNKNOWN_DATE)
    print(
        f"\nDate accuracy on the {len(rows)} matched mentions: {len(exact)} exact ({percent(len(exact) / len(rows))}%)"
    )
    print(f"  {both_undated} of them undated in both; of {len(gold_dated)} mentions the gold dates, Dossier left")
    print(
        f"  {no_date} undated and dated {len(wrong)} differently ({same_year} in the right year); it dated {invented}"
    )
    print("  the gold leaves at XXXX-XX-XX")
    if examples:
        shown = [r for r in rows if r[2] not in r[1].split("|")][:examples]
        for mention_id, gold, ours in shown:
            print(f"  {mention_id:<28} gold {gold:<12} Dossier {ours}")


def show(runs: list[tuple[CorpusRun, list[EntityResult]]], target: str) -> None:
    for run, results in runs:
        for r in results:
            if key(r.target) == key(target):
                print(
                    f"\n== {run.name} {r.target}: gold\n{r.gold.text()}\n== Dossier (participants)\n"
                    f"{r.system.text()}\n== Dossier (fallback)\n{r.fallback.text()}"
                )
                return
    print(f"no target entity {target!r}", file=sys.stderr)


def annotate_corpora(
    corpus: Path, names: Iterable[str], *, n_process: int = 1, detokenize: bool = True
) -> list[CorpusRun]:
    nlp = built_nlp()
    runs = []
    for name in names:
        folder = corpus / name
        paths = sorted((folder / "corpus_trackA_TimeML").glob("*.tml"))
        docs = {d.doc_id: (d, p) for d, p in ((read_tml(p, detokenize=detokenize), p) for p in paths)}
        articles = [article_of(d, p) for d, p in docs.values()]
        found = [
            (a, list(doc._.events or []), list(doc._.entities or []))
            for a, doc in annotated(nlp, articles, n_process=n_process)
        ]
        runs.append(run_corpus(found, name, {i: d for i, (d, _) in docs.items()}, folder))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the timeline-wikinews folder (read in place)")
    parser.add_argument("--only", choices=CORPORA, action="append", help="score only this corpus (repeatable)")
    parser.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default 1)")
    parser.add_argument("--raw-tokens", action="store_true", help="feed the tokens space-joined, not detokenized")
    parser.add_argument("--examples", type=int, default=10, help="examples to print per diagnostic (default 10)")
    parser.add_argument("--show", metavar="ENTITY", help="print the gold and Dossier timelines of one target")
    parser.add_argument("--write", type=Path, metavar="DIR", help="write Dossier's timelines in the task format")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"timeline corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    corpora = annotate_corpora(
        args.corpus, args.only or CORPORA, n_process=args.n_process, detokenize=not args.raw_tokens
    )
    runs = [(run, evaluate(run)) for run in corpora]
    for run, results in runs:
        print_entity_table(run, results)
    print_summary(runs)
    print_diagnostics(runs, args.examples)
    if args.show:
        show(runs, args.show)
    if args.write:
        for run, results in runs:
            folder = args.write / run.name
            folder.mkdir(parents=True, exist_ok=True)
            for r in results:
                (folder / f"{slug(r.target)}.txt").write_text(r.system.text(), encoding="utf-8")
        print(f"\nDossier's timelines written under {args.write}")
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
