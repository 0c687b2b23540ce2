"""Dossier: turn a pile of news and opinion articles into a sourced, queryable dossier."""

from dossier.api import Collection, Results, TextAnnotations, annotate_text, open
from dossier.errors import DossierError
from dossier.filters import InvalidFilter
from dossier.ingest.batch import BatchReport, ingested
from dossier.ingest.pipeline import article_from_raw
from dossier.records import Article, Comment, RawInput
from dossier.store.db import connect

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BatchReport",
    "Collection",
    "Comment",
    "DossierError",
    "InvalidFilter",
    "RawInput",
    "Results",
    "TextAnnotations",
    "__version__",
    "annotate_text",
    "article_from_raw",
    "connect",
    "ingested",
    "open",
]
