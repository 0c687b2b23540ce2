"""The Python API for notebooks: open a collection and query it, or annotate a string, and get records back.

    >>> import dossier
    >>> col = dossier.open("dossier.db")
    >>> col.events(entity="Imran Khan", date_from="2022").to_pandas()

Every query returns `Results`, a list of the same pydantic records the CLI, web app and exports use, with
`.to_pandas()`. Filters are checked like the CLI's (`dossier.filters`): a bad date or type raises InvalidFilter.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from dossier import filters
from dossier.errors import DossierError
from dossier.records import Article, ArticleMeta, Claim, DocEntity, Entity, Event, EventMention, Quote, TimeExpr
from dossier.store import annotations as notes
from dossier.store import library, queries
from dossier.store.claims import claim_clusters
from dossier.store.db import Database, connect
from dossier.store.events import EventFilter, event_page
from dossier.store.quotes import find_quotes

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language

T = TypeVar("T")


class UnknownEntity(DossierError):
    """A filter named an entity the collection does not know."""

    code = "E_ENTITY"


class Results(list[T]):
    """A list of records that can become a DataFrame (one row per record, nested fields kept as objects)."""

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame of these records; needs pandas (`pip install dossier[notebook]`)."""
        import pandas as pd

        return pd.DataFrame([_row(r) for r in self])


def _row(record: object) -> dict[str, Any]:
    if isinstance(record, BaseModel):
        row = record.model_dump()
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        row = dataclasses.asdict(record)
    else:
        raise TypeError(f"not a record: {type(record).__name__}")
    if isinstance(record, Event | EventMention):  # granular dates made parseable: "2022-04" → first and last day
        from dossier.export.calendar import date_span

        span = date_span(record.date)
        row["date_start"], row["date_end"] = (span[0], span[1]) if span else (None, None)
    return row


class Collection:
    """A stored collection, read through the same store functions as the CLI and the web app."""

    def __init__(self, db: Database, path: str) -> None:
        self.db = db
        self.path = path

    def __repr__(self) -> str:
        return f"<dossier.Collection {self.path}: {queries.counts(self.db)['documents']} documents>"

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _entity_id(self, name: str | None) -> str | None:
        if not name:
            return None
        found = notes.find_entity(self.db, name)
        if found is None:
            raise UnknownEntity(name, "no entity with this name, alias or id in the collection")
        return found.entity_id

    def documents(
        self, *, outlet: str | None = None, entity: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int | None = None,
    ) -> Results[ArticleMeta]:  # fmt: skip
        """Documents' metadata (no body; `document(id)` has it), newest first, optionally filtered."""
        start, end = filters.date_range(date_from, date_to)
        f = library.DocFilter(outlet=outlet, entity_id=self._entity_id(entity), date_from=start, date_to=end)
        return Results(x.doc for x in library.document_page(self.db, f, limit=_limit(limit)))

    def document(self, doc_id: str) -> Article | None:
        """One document with its clean text and reader comments (id or unique id prefix)."""
        return queries.document(self.db, doc_id)

    def entities(self, *, type: str | None = None, limit: int | None = None) -> Results[Entity]:
        """Cross-document entities ranked by documents and mentions; `type` is PERSON, ORG, GPE, …"""
        return Results(notes.ranked_entities(self.db, kind=filters.entity_type(type), limit=_limit(limit)))

    def events(
        self, *, entity: str | None = None, type: str | Iterable[str] | None = None, date_from: str | None = None,
        date_to: str | None = None, dated: bool = False, limit: int | None = None,
    ) -> Results[Event]:  # fmt: skip
        """Cross-document events (dated ones in date order); to_pandas() adds date_start/date_end."""
        start, end = filters.date_range(date_from, date_to)
        types = filters.event_types([type] if isinstance(type, str) else type)
        f = EventFilter(entity_id=self._entity_id(entity), types=types, dated=dated, date_from=start, date_to=end)
        return Results(e for e, _ in event_page(self.db, f, limit=_limit(limit)))

    def quotes(
        self, *, speaker: str | None = None, about: str | None = None, search: str | None = None,
        limit: int | None = None,
    ) -> Results[Quote]:  # fmt: skip
        """Quotes by a speaker (or relayed through them), naming an entity, or matching a full-text query."""
        speaker_id, about_id = self._entity_id(speaker), self._entity_id(about)
        found = find_quotes(self.db, speaker_id=speaker_id, about_id=about_id, query=search, limit=_limit(limit))
        return Results(found)

    def claims(self, *, about: str | None = None, contested: bool = False, min_docs: int = 1) -> Results[Claim]:
        """Claims, cluster by cluster (most reported first); each carries its cluster_id."""
        clusters = claim_clusters(self.db, about_id=self._entity_id(about), contested=contested, min_docs=min_docs)
        return Results(c for k in clusters for c in k.members)

    def search(self, query: str, *, limit: int = 20) -> Results[library.SearchHit]:
        """Full-text search (FTS5, BM25) over the latest versions, with snippets."""
        return Results(library.search(self.db, query, limit=limit))


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite's LIMIT -1: everything


def open(path: str | Path) -> Collection:
    """Open a Dossier database read-only; DossierError if it is missing or not a Dossier store."""
    return Collection(connect(path, readonly=True), str(path))


@dataclass
class TextAnnotations:
    """What the language layer finds in one text: each field a list of records with `.to_pandas()`."""

    doc_id: str
    entities: Results[DocEntity]
    timexes: Results[TimeExpr]
    events: Results[EventMention]
    quotes: Results[Quote]
    claims: Results[Claim]


@functools.cache
def _nlp() -> Language:
    from dossier.annotate.pipeline import built_nlp

    return built_nlp()


def annotate_text(text: str, *, published: str | None = None, title: str | None = None) -> TextAnnotations:
    """Run Dossier's language layer on a string; `published` (ISO date) anchors "last week" and "on Friday"."""
    from dossier.annotate.pipeline import annotated
    from dossier.annotate.run import annotation_set

    published = filters.date_filter("published", published)
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    article = Article(
        id=doc_id, source="<text>", format="text", title=title, published=published, text=text,
        extractor="dossier.annotate_text",
    )  # fmt: skip
    _, doc = next(annotated(_nlp(), [article]))
    found = annotation_set(article, doc)
    return TextAnnotations(
        doc_id=doc_id, entities=Results(found.entities), timexes=Results(found.timexes),
        events=Results(found.events), quotes=Results(found.quotes), claims=Results(found.claims),
    )  # fmt: skip
