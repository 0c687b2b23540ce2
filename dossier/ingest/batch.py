"""A batch of named inputs → stored documents, one transaction each; a bad input never stops the batch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import httpx

from dossier.errors import DossierError, StoreError
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target
from dossier.ingest.ways import WaysIn, named_targets, raw_items
from dossier.records import Article, RawInput
from dossier.store.db import DATABASE_ERRORS, Database
from dossier.store.queries import StoreResult, store_article


@dataclass
class BatchReport:
    stored: list[tuple[str, StoreResult]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line each: code, input, reason
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for _, r in self.stored if r.outcome == outcome)


class InternalError(DossierError):
    code = "E_INTERNAL"


Progress = Callable[[str], None]


def unique_targets(
    named: list[str], report: BatchReport, *, ways: WaysIn | None = None, client: httpx.Client | None = None
) -> list[Target]:
    """What the user named, expanded (URL lists and discovered sites too); a file named twice is read once."""
    targets: dict[str, Target] = {}
    for item in named_targets(named, ways or WaysIn(), client=client):
        if isinstance(item, DossierError):
            report.failed.append(item.line())
        else:
            targets.setdefault(item.source if item.is_url else os.path.normpath(item.source), item)
    return list(targets.values())


def ingested(
    db: Database,
    named: list[str],
    *,
    client: httpx.Client | None = None,
    ways: WaysIn | None = None,
    on_target: Callable[[int], None] | None = None,
    on_done: Progress | None = None,
) -> BatchReport:
    """Ingest everything the user named into the store (no annotation); returns what happened to each input."""
    report = BatchReport()
    targets = unique_targets(named, report, ways=ways, client=client)
    if on_target:
        on_target(len(targets))
    for target in targets:
        for _ in stored_articles(db, read_target_raws(target, report, client=client, ways=ways), report):
            pass
        if on_done:
            on_done(target.source)
    return report


def read_target_raws(
    target: Target, report: BatchReport, *, client: httpx.Client | None, ways: WaysIn | None = None
) -> Iterator[RawInput]:
    """The raw inputs inside one target; a container (feed, WARC) that breaks mid-way keeps what came before,
    and a bad row of an article file is one failure while the rows after it go on."""
    try:
        for item in raw_items(target, ways or WaysIn(), client=client):
            if isinstance(item, DossierError):
                report.failed.append(item.line())
            else:
                yield item
    except DossierError as exc:
        report.failed.append(exc.line())
    except Exception as exc:
        report.failed.append(InternalError(target.source, f"unexpected {type(exc).__name__}: {exc}").line())


def stored_articles(db: Database, raws: Iterable[RawInput], report: BatchReport) -> Iterator[Article]:
    """Extract and store each raw input in its own transaction; yields each article newly stored."""
    for raw in raws:
        try:
            article = article_from_raw(raw)
            result = store_article(db, article, raw=raw)
        except DossierError as exc:
            report.failed.append(exc.line())
            continue
        except DATABASE_ERRORS as exc:  # disk full, locked too long: report it, keep what is stored
            report.failed.append(StoreError(raw.source, f"cannot store ({exc})").line())
            continue
        except Exception as exc:  # an extractor bug on one page must not cost the rest of the batch
            report.failed.append(InternalError(raw.source, f"unexpected {type(exc).__name__}: {exc}").line())
            continue
        report.stored.append((raw.source, result))
        if "non-english" in article.flags:
            report.warnings.append(
                f"[W_LANGUAGE] {raw.source}: stored, flagged as not English (language: {article.language})"
            )
        if result.outcome != "unchanged":
            yield article.model_copy(update={"version": result.version})
