"""Annotate throughput: Dossier's full pipeline against bare spaCy nlp.pipe with the same model, same run.

Prints words per second for both and the ratio (target ≥ 0.7: our components may cost at most ~40% on top of
spaCy itself), in one process and with worker processes. Texts are the clean bodies Dossier extracts from
../shared/corpus (html-news pages and the seeds), read in place.

    python bench/annotate.py [--corpus PATH] [--processes 2] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from dossier.annotate.pipeline import BATCH_SIZE, MODEL, annotated, built_nlp
from dossier.annotate.run import annotation_sets
from dossier.errors import DossierError
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import expanded_targets, read_target
from dossier.records import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_articles(corpus: Path, limit: int | None) -> list[Article]:
    """Clean articles from html-news and the seeds, as Dossier ingests them."""
    articles: list[Article] = []
    for target in expanded_targets([str(corpus / "html-news" / "html"), str(corpus / "seeds")]):
        if isinstance(target, DossierError):
            continue
        try:
            articles += [article_from_raw(raw) for raw in read_target(target)]
        except DossierError:
            continue
    english = [a for a in articles if a.language == "en"]
    return english[:limit] if limit else english


def timed(label: str, words: int, run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    rate = words / seconds
    print(f"{label:<44} {seconds:7.2f} s  {rate:9.0f} words/s")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    articles = corpus_articles(args.corpus, args.limit)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(articles)} English articles, {words} words; model {MODEL}\n")
    bare = spacy.load(MODEL)
    ours = built_nlp()
    list(bare.pipe(texts[:2]))  # warm up both, and load the gazetteer, outside the timings
    list(annotated(ours, articles[:2]))
    base = timed("spaCy nlp.pipe, 1 process", words, lambda: list(bare.pipe(texts, batch_size=BATCH_SIZE)))
    full = timed("Dossier pipeline, 1 process", words, lambda: list(annotated(ours, articles)))
    print(f"{'ratio Dossier / spaCy, 1 process':<44} {full / base:7.2f}   (target ≥ 0.70)\n")
    if args.processes > 1:
        n = args.processes
        base_n = timed(
            f"spaCy nlp.pipe, {n} processes", words, lambda: list(bare.pipe(texts, batch_size=BATCH_SIZE, n_process=n))
        )
        full_n = timed(f"Dossier pipeline, {n} processes", words, lambda: list(annotation_sets(articles, n_process=n)))
        print(f"{f'ratio Dossier / spaCy, {n} processes':<44} {full_n / base_n:7.2f}")
        print(f"{f'speed-up of Dossier with {n} processes':<44} {full_n / full:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
