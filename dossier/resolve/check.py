"""Checking a claim against the collection: which documents agree with it, dispute it, or discuss it, and in which
sentences, held by whom. Pure functions over what the store returns; the caller embeds.

Candidates are the documents whose best sentence comes close to the claim in meaning (MiniLM cosine over the
stored sentence vectors); each is classified whole by the stance model (dossier.resolve.stance); a document the
model calls unrelated is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dossier.records import CheckMatch, ClaimCheck, Evidence
from dossier.resolve.stance import Passage, StanceModel, Vectors, features, stance_of

EXTRACTOR = "dossier.check.v1"
CANDIDATE_COSINE = 0.3  # no sentence this close: the document is about something else (FNC-1 unrelated pairs)
MAX_CANDIDATES = 200  # documents classified per claim: the model costs ~1 ms each, the ranking needs no more
EVIDENCE_COSINE = 0.45  # further sentences shown as evidence only when they are about the claim too
MAX_EVIDENCE = 3  # the closest few; one more when none of them is held by a named speaker


@dataclass(frozen=True)
class Holder:
    """Who holds a span of a document's text (a stored claim's holder, a quote's speaker)."""

    start: int
    end: int
    name: str | None
    voice: str
    claim_id: str | None


@dataclass(frozen=True)
class CandidateDoc:
    """A stored document as a check sees it: metadata, its sentences and their vectors, who holds what."""

    doc_id: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    sentences: Sequence[tuple[int, int, str, str]]  # start, end, text, voice
    vectors: Vectors
    holders: Sequence[Holder] = ()
    spans: Sequence[tuple[int, int, str, str]] = ()  # its stored claims and quotes (start, end, text, kind) …
    span_vectors: Vectors | None = None  # … and their vectors: evidence that comes with its holder


def candidate_ids(claim_vector: Vectors, doc_ids: Sequence[str], matrix: Vectors) -> list[str]:
    """Documents whose best sentence reaches CANDIDATE_COSINE, best first (rows of `matrix` belong to `doc_ids`)."""
    if not len(doc_ids):
        return []
    cosine = matrix @ claim_vector
    best: dict[str, float] = {}
    for doc_id, value in zip(doc_ids, cosine.tolist(), strict=True):
        if value > best.get(doc_id, -1.0):
            best[doc_id] = value
    ranked = sorted((v, d) for d, v in best.items() if v >= CANDIDATE_COSINE)
    return [d for _, d in reversed(ranked)][:MAX_CANDIDATES]


def checked(claim: str, claim_vector: Vectors, docs: Sequence[CandidateDoc], model: StanceModel) -> ClaimCheck:
    """The claim with every document that bears on it, most strongly related first."""
    if not docs:
        return ClaimCheck(claim=claim, extractor=EXTRACTOR)
    rows = [features(claim, claim_vector, Passage([s[2] for s in d.sentences], d.vectors), model.idf) for d in docs]
    probabilities = model.probabilities(rows)
    matches: list[tuple[float, CheckMatch]] = []
    for doc, p in zip(docs, probabilities, strict=True):
        relation, score = stance_of(p)
        if relation == "unrelated":
            continue
        match = CheckMatch(
            doc_id=doc.doc_id, source=doc.source, title=doc.title, outlet=doc.outlet, published=doc.published,
            relation=relation, score=round(score, 3), evidence=evidence(doc, claim_vector),
        )  # fmt: skip
        matches.append((1.0 - float(p[-1]), match))
    matches.sort(key=lambda m: (-m[0], m[1].doc_id))
    return ClaimCheck(claim=claim, matches=[m for _, m in matches], extractor=EXTRACTOR)


def evidence(doc: CandidateDoc, claim_vector: Vectors) -> list[Evidence]:
    """The sentences, claims and quotes closest to the claim (the best always; others if close enough, none
    overlapping another), in text order; a stored claim or quote brings its holder."""
    items = [(s, e, t, "sentence", v) for s, e, t, v in doc.sentences]
    items += [(s, e, t, kind, "") for s, e, t, kind in doc.spans]
    if not items:
        return []
    rows = [doc.vectors, doc.span_vectors] if doc.span_vectors is not None and len(doc.spans) else [doc.vectors]
    cosine = np.concatenate([r @ claim_vector for r in rows if len(r)])
    chosen: list[int] = []
    held = False  # one span a named speaker holds is always shown when close enough: who says so is the point
    for k in (int(i) for i in np.argsort(-cosine)):
        if chosen and cosine[k] < EVIDENCE_COSINE:
            break
        start, end = items[k][0], items[k][1]
        if any(items[j][0] < end and start < items[j][1] for j in chosen):
            continue
        holder = holder_of(doc.holders, start, end)
        speaker = holder is not None and holder.name is not None
        if len(chosen) < MAX_EVIDENCE or (speaker and not held):
            chosen.append(k)
            held = held or speaker
        if len(chosen) >= MAX_EVIDENCE and held:
            break
    return [_evidence(doc, items[k], float(cosine[k])) for k in sorted(chosen, key=lambda j: items[j][0])]


def _evidence(doc: CandidateDoc, item: tuple[int, int, str, str, str], similarity: float) -> Evidence:
    start, end, text, _kind, voice = item
    holder = holder_of(doc.holders, start, end)
    return Evidence(
        start=start, end=end, text=text, similarity=round(similarity, 3), holder=holder.name if holder else None,
        voice=_voice(holder.voice if holder else voice), claim_id=holder.claim_id if holder else None,
    )  # fmt: skip


def holder_of(holders: Sequence[Holder], start: int, end: int) -> Holder | None:
    """The claim or quote that overlaps the sentence most (claims before quotes on a tie)."""
    best, most = None, 0
    for h in holders:
        overlap = min(end, h.end) - max(start, h.start)
        if overlap > most:
            best, most = h, overlap
    return best


def _voice(value: str) -> str:
    return value if value in ("author", "quote", "reported") else "author"


def grouped(refs: Sequence[tuple[str, int]]) -> Mapping[str, list[int]]:
    """Row indexes by document, in order."""
    found: dict[str, list[int]] = {}
    for doc_id, row in refs:
        found.setdefault(doc_id, []).append(row)
    return found
