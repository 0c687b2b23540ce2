"""Annotate articles: the pipeline's version stamp and the stream of records per document."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language

from dossier.annotate.pipeline import COMPONENTS, MODEL
from dossier.annotate.pool import AnnotateReport, AnnotationPool
from dossier.annotate.sets import AnnotationSet, annotation_set
from dossier.records import Article
from dossier.store.db import Database

__all__ = ["PIPELINE", "AnnotateReport", "AnnotationSet", "annotate_stored", "annotation_set", "annotation_sets"]

# stored per document: a different pipeline means re-annotate
PIPELINE = f"{MODEL}+dossier_paragraphs_v1+{'+'.join(COMPONENTS)}"


def annotation_sets(
    articles: Iterable[Article], *, n_process: int = 1, nlp: Language | None = None
) -> Iterator[tuple[Article, AnnotationSet]]:
    """Annotate a stream of articles in this process or in one pool; a document that fails raises."""
    with AnnotationPool(n_process, nlp=nlp) as pool:
        for article, found in pool.annotated(articles):
            if isinstance(found, str):
                raise RuntimeError(found)
            yield article, found


def annotate_stored(
    db: Database,
    *,
    doc_ids: list[str] | None = None,
    n_process: int = 1,
    nlp: Language | None = None,
    on_done: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> AnnotateReport:
    """Kept for callers of the old loop: `dossier.collection.annotate` is the one driver now."""
    from dossier import collection

    return collection.annotate(
        db, doc_ids=doc_ids, processes=n_process, nlp=nlp, progress=collection.callback_progress(on_total, on_done)
    )
