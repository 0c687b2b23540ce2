"""The one schema of records that flows between stages.

Dicts appear only at the storage and export boundary; everything in between is one of these.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceFormat = Literal["html", "text", "feed", "warc"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Comment(Record):
    """A reader comment kept apart from the article body."""

    author: str | None = None
    date: str | None = None  # ISO 8601 at the granularity given: "2022-11-09" or "2022-11-09T04:06"
    text: str
    parent: int | None = None  # index of the comment this one replies to, within the same document


class RawInput(Record):
    """Bytes of one article as found, before any extraction."""

    source: str  # path or URL as given; "file.warc.gz#https://…" for records inside containers
    content: bytes
    kind: SourceFormat
    url: str | None = None
    content_type: str | None = None  # HTTP Content-Type when the bytes came over HTTP or from a WARC
    hints: dict[str, str] = Field(default_factory=dict)  # metadata a container already knows (feed entry title…)


class Article(Record):
    """A clean stored document: body, metadata and reader comments."""

    id: str  # content hash of the normalized source
    source: str
    version: int = 1
    format: SourceFormat
    url: str | None = None
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    outlet: str | None = None
    published: str | None = None  # original publication date, ISO 8601 at the granularity given
    language: str | None = None
    flags: list[str] = Field(default_factory=list)  # e.g. "non-english", "mojibake-fixed", "short"
    text: str
    comments: list[Comment] = Field(default_factory=list)
    extractor: str  # stage name and version that produced text and metadata
