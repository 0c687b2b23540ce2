"""Re-extraction: stored documents read again from their kept raw source by today's extractor.

A document's id hashes its normalized source, so re-reading the same source gives the same id: the document is
updated in place (same id, same version), its extractor string says which extractor made the text now, and its
annotation runs again through the one driver (dossier/collection.py), because old offsets point into old text.
Only documents whose extractor changed are touched, unless the caller forces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dossier.errors import DossierError
from dossier.ingest.pipeline import article_from_raw
from dossier.store.db import Database
from dossier.store.queries import replaced_extraction
from dossier.store.sources import stored_sources

if TYPE_CHECKING:
    from dossier.annotate.pool import AnnotateReport
    from dossier.collection import Progress


@dataclass
class ReextractReport:
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (doc id, old extractor, new extractor)
    unchanged: int = 0  # the extractor that made the stored text is still today's
    missing: list[str] = field(default_factory=list)  # stored before sources were kept: ingest them again
    failed: list[str] = field(default_factory=list)  # one line each: code, input, reason
    annotate: AnnotateReport | None = None


def reextracted(
    db: Database,
    *,
    doc_ids: list[str] | None = None,
    force: bool = False,
    annotate: bool = True,
    processes: int = 1,
    progress: Progress | None = None,
) -> ReextractReport:
    """Re-extract the named documents (every one when `doc_ids` is None) whose extractor changed, then annotate
    and resolve them again; a document that no longer yields an article keeps its stored text and is reported."""
    report = ReextractReport()
    for stored in stored_sources(db, doc_ids):
        if stored.raw is None:
            report.missing.append(stored.doc_id)
            continue
        try:
            article = article_from_raw(stored.raw)
        except DossierError as exc:
            report.failed.append(exc.line())
            continue
        if article.id != stored.doc_id:  # normalization changed: the stored id must stay, so nothing is written
            report.failed.append(f"[E_REEXTRACT] {stored.raw.source}: its source no longer hashes to {stored.doc_id}")
            continue
        if article.extractor == stored.extractor and not force:
            report.unchanged += 1
            continue
        replaced_extraction(db, article)
        report.changed.append((article.id, stored.extractor, article.extractor))
    if annotate and report.changed:
        from dossier import collection  # spaCy loads only when annotation runs

        ids = [doc_id for doc_id, _, _ in report.changed]
        report.annotate = collection.annotate(db, doc_ids=ids, processes=processes, progress=progress)
    return report
