"""Main-text extraction accuracy on the shared html-news corpus: HTML pages and the same pages as scrapes.

HTML systems: Dossier's extracted_html_article, plain trafilatura.extract() with its defaults (which folds reader
comments into the text), readability-lxml's summary as text, jusText's non-boilerplate paragraphs, and, for
reference only, trafilatura in precision mode with comments left out.

Scrapes: every page rendered to text by each converter in bench/scrapes.py (html2text markdown and plain,
trafilatura's txt and markdown output, an lxml text dump), then Dossier's scrape extractor on the rendering; beside
it the rendering kept whole ("as-is"), which is what the furniture costs when nothing removes it.

Split: pages sorted by id, every third held back (bench/scrapes.py). Tuning and training never look at held-back
pages; both parts are reported, and the floors are pinned on the held-back part.

Metric: word 4-gram shingles of the extracted text against the ground-truth articleBody, micro-averaged over
pages (the sums of shingle intersections over the sums of shingles). The gate fails (exit 1) when a score
falls below its floor in bench/floors.json or Dossier's HTML F1 falls below plain trafilatura's.

    .venv/bin/python bench/extract.py                  # score and check the floors
    .venv/bin/python bench/extract.py --update-floors  # raise the floors to today's scores
    .venv/bin/python bench/extract.py --lower-floors   # pin the floors to today's scores even when lower
    .venv/bin/python bench/extract.py --worst 10       # tuning pages where Dossier loses most to trafilatura
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import justext
import trafilatura
from lxml import html as lxml_html
from readability import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `bench.scrapes` from the repo

from bench.scrapes import CONVERTERS, CORPUS, Page, corpus_pages
from dossier.ingest.html import extracted_html_article
from dossier.ingest.text import extracted_text_article

FLOORS = Path(__file__).resolve().parent / "floors.json"
SHINGLE = 4  # word 4-grams: long enough that shared stop-word runs do not count as overlap
FLOOR_DIGITS = 3  # floors pinned rounded down to 0.001: a real regression fails, a one-page wobble does not
BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote", "pre", "figcaption")
WORD = re.compile(r"\w+")
SPLITS = ("tuning", "held-back")

Extractor = Callable[[str, str | None], str]


@dataclass
class Score:
    """Summed shingle counts across pages; precision/recall/F1 are micro-averages."""

    hits: int = 0
    predicted: int = 0
    expected: int = 0
    per_page: dict[str, float] = field(default_factory=dict)

    def add(self, page: str, predicted: str, expected: str) -> None:
        got, want = shingles(predicted), shingles(expected)
        hits = sum((got & want).values())
        self.hits += hits
        self.predicted += sum(got.values())
        self.expected += sum(want.values())
        self.per_page[page] = f1(hits, sum(got.values()), sum(want.values()))

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        return f1(self.hits, self.predicted, self.expected)


def f1(hits: int, predicted: int, expected: int) -> float:
    p = hits / predicted if predicted else 0.0
    r = hits / expected if expected else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of lowercased word 4-grams; a text shorter than four words is one shorter shingle."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def dossier_text(page: str, url: str | None) -> str:
    return extracted_html_article(page, url=url).text


def trafilatura_text(page: str, url: str | None) -> str:
    return trafilatura.extract(page) or ""


def trafilatura_precise_text(page: str, url: str | None) -> str:
    """trafilatura's strongest setting here, for reference: precision mode, comments left out of the text."""
    return trafilatura.extract(page, favor_precision=True, include_comments=False) or ""


def readability_text(page: str, url: str | None) -> str:
    """readability-lxml's summary HTML as text, a line break after every block so words do not glue."""
    summary = Document(page).summary()
    tree = lxml_html.fromstring(summary)
    for element in tree.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return "".join(cast(list[str], tree.xpath("//text()")))


def justext_text(page: str, url: str | None) -> str:
    """jusText's paragraphs that are not boilerplate, with its English stop list."""
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


SYSTEMS: dict[str, Extractor] = {
    "dossier": dossier_text,
    "trafilatura": trafilatura_text,
    "readability": readability_text,
    "justext": justext_text,
    "trafilatura-precise": trafilatura_precise_text,  # not gated: shows what Dossier adds to trafilatura's best
}
SCRAPE_SYSTEMS: dict[str, Callable[[str], str]] = {
    "dossier": lambda scrape: extracted_text_article(scrape).text,
    "as-is": lambda scrape: scrape,  # the whole rendering: what the furniture costs when nothing removes it
}

Scores = dict[tuple[str, str], Score]  # (system, split) → score; scrape systems are named "scrape:<converter>:<system>"


def scored(pages: list[Page], *, scrapes: bool = True) -> Scores:
    scores: Scores = {}
    for page in pages:
        split = SPLITS[page.held_back]
        for name, extract in SYSTEMS.items():
            scores.setdefault((name, split), Score()).add(page.sha, extract(page.html, page.url), page.body)
        if not scrapes:
            continue
        for converter, render in CONVERTERS.items():
            scrape = render(page.html)
            for name, extract in SCRAPE_SYSTEMS.items():
                key = (f"scrape:{converter}:{name}", split)
                scores.setdefault(key, Score()).add(page.sha, extract(scrape), page.body)
    return scores


def printed_table(scores: Scores, pages: list[Page]) -> None:
    held = sum(p.held_back for p in pages)
    print(f"html-news main-text extraction: {len(pages) - held} tuning + {held} held-back pages (every 3rd by id)")
    print(f"word {SHINGLE}-gram shingles, micro-averaged; P / R / F1 per split")
    print(f"{'system':<38}" + "".join(f"{split + ' P/R/F1':>26}" for split in SPLITS))
    names = dict.fromkeys(name for name, _ in scores)
    for name in names:
        cells = []
        for split in SPLITS:
            s = scores.get((name, split))
            cells.append(f"{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}  " if s else " " * 26)
        print(f"{name:<38}" + "".join(cells))
    for split in SPLITS:
        ours, theirs = scores[("dossier", split)].f1, scores[("trafilatura", split)].f1
        print(f"{split}: dossier − trafilatura HTML F1: {ours - theirs:+.4f}")


def printed_worst(scores: Scores, count: int) -> None:
    """Tuning pages only: held-back pages are never looked at one by one."""
    for name in ("dossier", *(f"scrape:{c}:dossier" for c in CONVERTERS)):
        ours = scores[(name, "tuning")].per_page
        base = scores[("trafilatura", "tuning")].per_page
        gaps = sorted(ours, key=lambda sha: ours[sha] - base[sha])[:count]
        print(f"\ntuning pages where {name} trails HTML trafilatura most (F1 ours / trafilatura):")
        for sha in gaps:
            print(f"  {sha[:16]}  {ours[sha]:.3f} / {base[sha]:.3f}")


def gated(scores: Scores) -> dict[str, float]:
    """The scores the floors pin: Dossier on every page and on the held-back part, HTML and each scrape style."""
    everything = Score()
    for split in SPLITS:
        part = scores[("dossier", split)]
        everything.hits += part.hits
        everything.predicted += part.predicted
        everything.expected += part.expected
    values = {"dossier_f1": everything.f1, "held_back_html_f1": scores[("dossier", "held-back")].f1}
    for converter in CONVERTERS:
        if (key := (f"scrape:{converter}:dossier", "held-back")) in scores:
            values[f"held_back_scrape_f1:{converter}"] = scores[key].f1
    return values


def floor_failures(scores: Scores, floors: dict[str, float]) -> list[str]:
    """One line per floor the scores break; empty when the gate passes."""
    failures = []
    for name, value in gated(scores).items():
        if value < floors.get(name, 0.0):
            failures.append(f"{name} {value:.4f} is below the floor {floors[name]:.4f}")
    for split in SPLITS:
        delta = scores[("dossier", split)].f1 - scores[("trafilatura", split)].f1
        if delta < floors.get("min_delta_vs_trafilatura", 0.0):
            failures.append(f"{split}: dossier trails plain trafilatura by {-delta:.4f} F1")
    return failures


def updated_floors(scores: Scores, floors: dict[str, float], *, allow_lower: bool) -> dict[str, float]:
    """Today's scores as the new floors; a floor only goes down with allow_lower."""
    new = dict(floors)
    for name, value in gated(scores).items():
        pinned = math.floor(value * 10**FLOOR_DIGITS) / 10**FLOOR_DIGITS
        new[name] = pinned if allow_lower else max(floors.get(name, 0.0), pinned)
    new.setdefault("min_delta_vs_trafilatura", 0.0)
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="shared corpus folder (or its html-news)")
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's scores")
    parser.add_argument("--lower-floors", action="store_true", help="pin the floors to today's scores, even lower")
    parser.add_argument("--worst", type=int, default=0, help="list the N tuning pages where dossier trails most")
    parser.add_argument("--html-only", action="store_true", help="skip the scrapes (their floors are not checked)")
    args = parser.parse_args(argv)
    pages = corpus_pages(args.corpus)
    scores = scored(pages, scrapes=not args.html_only)
    printed_table(scores, pages)
    if args.worst:
        printed_worst(scores, args.worst)
    all_floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    floors = all_floors.get("extract", {})
    if args.update_floors or args.lower_floors:
        new = updated_floors(scores, floors, allow_lower=args.lower_floors)
        if any(value < new.get(name, 0.0) for name, value in gated(scores).items()):
            print("some floors stay where they are: lowering them needs --lower-floors", file=sys.stderr)
        all_floors["extract"] = new
        FLOORS.write_text(json.dumps(all_floors, indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {FLOORS}: {new}")
        floors = new
    failures = floor_failures(scores, floors)
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)
    if not failures:
        print(f"gate passed (floors: {floors})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
