"""Dossier: turn a pile of news and opinion articles into a sourced, queryable dossier."""

from dossier.errors import DossierError
from dossier.ingest.batch import BatchReport, ingested
from dossier.ingest.pipeline import article_from_raw
from dossier.records import Article, Comment, RawInput
from dossier.store.db import connect

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BatchReport",
    "Comment",
    "DossierError",
    "RawInput",
    "__version__",
    "article_from_raw",
    "connect",
    "ingested",
]
