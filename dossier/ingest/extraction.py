"""What every extractor (HTML, scraped text, feed entry) hands the pipeline before it becomes an Article."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dossier.records import Comment
from dossier.safetext import without_controls


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


def _optional(value: str | None) -> str | None:
    return without_controls(value).strip() or None if value is not None else None


def control_free(found: Extraction) -> Extraction:
    """Text and every metadata field without control characters: an ESC in a feed title must not be stored."""
    comments = [
        c.model_copy(
            update={"author": _optional(c.author), "date": _optional(c.date), "text": without_controls(c.text)}
        )
        for c in found.comments
    ]
    return replace(
        found,
        text=without_controls(found.text),
        title=_optional(found.title),
        authors=[a for a in (without_controls(a).strip() for a in found.authors) if a],
        outlet=_optional(found.outlet),
        published=_optional(found.published),
        url=_optional(found.url),
        language=_optional(found.language),
        comments=comments,
    )
