"""Main-text extraction accuracy on the shared html-news corpus: Dossier vs trafilatura vs readability-lxml.

Systems: Dossier's extracted_html_article, plain trafilatura.extract() with its defaults (which folds reader
comments into the text), readability-lxml's summary as text, and, for reference only, trafilatura in precision
mode with comments left out.

Metric: word 4-gram shingles of the extracted text against the ground-truth articleBody, micro-averaged over
all pages (the sums of shingle intersections over the sums of shingles). The gate fails (exit 1) when Dossier
falls below a floor pinned in bench/floors.json or below plain trafilatura's F1.

    .venv/bin/python bench/extract.py                  # score and check the floors
    .venv/bin/python bench/extract.py --update-floors  # raise the floors to today's scores
    .venv/bin/python bench/extract.py --lower-floors   # pin the floors to today's scores even when lower
    .venv/bin/python bench/extract.py --worst 10       # pages where Dossier loses most to trafilatura
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import trafilatura
from lxml import html as lxml_html
from readability import Document

from dossier.ingest.decode import decoded_text
from dossier.ingest.html import extracted_html_article

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FLOORS = Path(__file__).resolve().parent / "floors.json"
SHINGLE = 4  # word 4-grams: long enough that shared stop-word runs do not count as overlap
FLOOR_DIGITS = 3  # floors pinned rounded down to 0.001: a real regression fails, a one-page wobble does not
BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote", "pre", "figcaption")
WORD = re.compile(r"\w+")

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


SYSTEMS: dict[str, Extractor] = {
    "dossier": dossier_text,
    "trafilatura": trafilatura_text,
    "readability": readability_text,
    "trafilatura-precise": trafilatura_precise_text,  # not gated: shows what Dossier adds to trafilatura's best
}


def corpus_pages(corpus: Path) -> list[tuple[str, str, str | None, str]]:
    """(sha, decoded page, url, articleBody) for every page, decoded the way Dossier decodes."""
    root = corpus / "html-news" if (corpus / "html-news").is_dir() else corpus
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for sha, item in sorted(truth.items()):
        path = root / "html" / f"{sha}.html.gz"
        page = decoded_text(str(path), gzip.decompress(path.read_bytes())).text
        pages.append((sha, page, item.get("url"), item["articleBody"]))
    return pages


def scored(pages: list[tuple[str, str, str | None, str]]) -> dict[str, Score]:
    scores = {name: Score() for name in SYSTEMS}
    for sha, page, url, body in pages:
        for name, extract in SYSTEMS.items():
            scores[name].add(sha, extract(page, url), body)
    return scores


def printed_table(scores: dict[str, Score], pages: int) -> None:
    print(f"html-news main-text extraction, {pages} pages, word {SHINGLE}-gram shingles, micro-averaged")
    print(f"{'system':<22}{'precision':>10}{'recall':>10}{'F1':>10}")
    for name, score in scores.items():
        print(f"{name:<22}{score.precision:>10.4f}{score.recall:>10.4f}{score.f1:>10.4f}")
    delta = scores["dossier"].f1 - scores["trafilatura"].f1
    print(f"dossier − trafilatura F1: {delta:+.4f}")
    print(f"dossier − trafilatura-precise F1: {scores['dossier'].f1 - scores['trafilatura-precise'].f1:+.4f}")


def printed_worst(scores: dict[str, Score], count: int) -> None:
    ours, theirs = scores["dossier"].per_page, scores["trafilatura"].per_page
    gaps = sorted(ours, key=lambda sha: ours[sha] - theirs[sha])[:count]
    print("\npages where dossier trails trafilatura most (F1 dossier / trafilatura):")
    for sha in gaps:
        print(f"  {sha[:16]}  {ours[sha]:.3f} / {theirs[sha]:.3f}")


def floor_failures(scores: dict[str, Score], floors: dict[str, float]) -> list[str]:
    """One line per floor the scores break; empty when the gate passes."""
    ours, delta = scores["dossier"].f1, scores["dossier"].f1 - scores["trafilatura"].f1
    failures = []
    if ours < floors.get("dossier_f1", 0.0):
        failures.append(f"dossier F1 {ours:.4f} is below the floor {floors['dossier_f1']:.4f}")
    if delta < floors.get("min_delta_vs_trafilatura", 0.0):
        failures.append(f"dossier trails plain trafilatura by {-delta:.4f} F1")
    return failures


def updated_floors(scores: dict[str, Score], floors: dict[str, float], *, allow_lower: bool) -> dict[str, float]:
    """Today's Dossier F1 as the new floor; a floor only goes down with allow_lower."""
    pinned = math.floor(scores["dossier"].f1 * 10**FLOOR_DIGITS) / 10**FLOOR_DIGITS
    old = floors.get("dossier_f1", 0.0)
    new = dict(floors)
    new["dossier_f1"] = pinned if allow_lower else max(old, pinned)
    new.setdefault("min_delta_vs_trafilatura", 0.0)
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="shared corpus folder (or its html-news)")
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's scores")
    parser.add_argument("--lower-floors", action="store_true", help="pin the floors to today's scores, even lower")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where dossier trails most")
    args = parser.parse_args(argv)
    pages = corpus_pages(args.corpus)
    scores = scored(pages)
    printed_table(scores, len(pages))
    if args.worst:
        printed_worst(scores, args.worst)
    all_floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    floors = all_floors.get("extract", {})
    if args.update_floors or args.lower_floors:
        new = updated_floors(scores, floors, allow_lower=args.lower_floors)
        if new.get("dossier_f1", 0.0) == floors.get("dossier_f1") and scores["dossier"].f1 < new["dossier_f1"]:
            print("the floor stays where it is: lowering it needs --lower-floors", file=sys.stderr)
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
