"""What every extractor (HTML, scraped text, feed entry) hands the pipeline before it becomes an Article."""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.records import Comment


@dataclass
class Extraction:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    comments: list[Comment] = field(default_factory=list)
