"""A learned furniture detector for scraped lines: how likely each line of a page is article body.

Two stages of small gradient-boosted trees (trained by train/furniture.py on html-news pages rendered by several
converters, shipped as JSON in dossier/models/furniture/): the first reads one line with its block, neighbours,
place on the page and what the structure reader (text.py) made of it; the second re-reads every line with the
first stage's verdict on its neighbours, because body lines come in runs and furniture in clusters.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from dossier.ingest import boilerplate as bp
from dossier.ingest.dates import only_date
from dossier.ingest.markdown import Line
from dossier.ingest.metadata import byline_names

MODEL_FILE = "model.json"
PROSE_WORDS = 8  # a line this long with function words reads as a sentence, the raw stuff of an article body
PROSE_STOPWORD_SHARE = 0.15  # menus and link lists carry almost no function words; sentences carry a fifth or more
NEAR_LINES = 5  # the neighbourhood that says whether a line sits among sentences or among links
FAR_LINES = 15
SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]$")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# fmt: off
STOPWORDS = frozenset([
    "the", "a", "an", "of", "in", "on", "to", "for", "with", "and", "or", "but", "is", "are", "was", "were", "be",
    "been", "by", "at", "from", "as", "that", "this", "these", "those", "it", "its", "his", "her", "their", "our",
    "not", "no", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "which", "who",
    "he", "she", "they", "we", "than", "into", "about", "after", "before", "when", "while", "if", "so", "said",
])
# Words about the page rather than the world: menus, buttons, accounts, sharing. A lexicon of the web's interface,
# not of any site; the model learns how much a share of them counts.
INTERFACE = frozenset([
    "click", "tap", "menu", "button", "buttons", "website", "homepage", "banner", "desktop", "app", "download",
    "subscribe", "subscription", "subscribers", "newsletter", "newsletters", "inbox", "login", "log", "sign",
    "register", "account", "share", "shares", "follow", "tweet", "facebook", "twitter", "instagram", "youtube",
    "linkedin", "whatsapp", "telegram", "pinterest", "reddit", "email", "rss", "feed", "comments", "reply",
    "cookie", "cookies", "privacy", "terms", "advertisement", "advertise", "advertising", "sponsored", "copyright",
    "browser", "javascript", "scroll", "print", "translate", "dropdown", "drop", "link", "links", "url", "podcast",
    "video", "gallery", "donate", "membership", "contact", "faq", "username", "password", "notifications", "ad",
])
ADDRESS = frozenset(["you", "your", "yours", "our", "ours", "us"])  # the site speaking to its reader
# fmt: on


@dataclass(frozen=True)
class ReaderView:
    """What the structure reader decided about the page, as the model sees it."""

    title: int | None = None
    byline: int | None = None
    start: int | None = None  # first body line, None when the reader found no body
    end: int = 0  # first line after the body (footer or comment thread)
    dropped: frozenset[int] = frozenset()  # lines inside the body the reader drops as furniture
    title_words: frozenset[str] = frozenset()


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _is_prose(line: Line) -> bool:
    words = _words(line.text)
    if len(words) < PROSE_WORDS or line.link_share >= 0.5:
        return False
    return sum(w in STOPWORDS for w in words) >= PROSE_STOPWORD_SHARE * len(words)


def _local(line: Line, repeats: int, reader: ReaderView) -> list[float]:
    text = line.text
    words = _words(text)
    n = max(len(words), 1)
    letters = [c for c in text if c.isalpha()] or [" "]
    return [
        math.log1p(len(words)),
        math.log1p(len(text)),
        line.link_share,
        float(bool(line.urls)),
        float(line.heading),
        float(line.bullet),
        float(bool(line.numbered)),
        float(line.blockquote),
        float(bool(SENTENCE_END.search(text))),
        sum(w in STOPWORDS for w in words) / n,
        sum(w[:1].isupper() for w in WORD.findall(text)) / n,
        sum(c.isdigit() for c in text) / max(len(text), 1),
        text.count(",") / n,
        len(re.findall(r"[.!?](?:\s|$)", text)) / n,
        sum(map(len, words)) / n,
        len(re.findall(r"\s[|·•»/]\s", text)),
        sum(c.isupper() for c in letters) / len(letters),
        float(text[:1].islower()),
        float(repeats > 1),
        float(bp.is_prompt(line)),
        float(bp.is_footer(line)),
        float(bp.is_caption(line)),
        float(bp.is_navigation(line)),
        float(bp.is_stamp(line)),
        float(byline_names(text) is not None),
        float(only_date(text) is not None),
        len(set(words) & reader.title_words) / n if reader.title_words else 0.0,
        sum(w in INTERFACE for w in words) / n,
        min(sum(w in INTERFACE for w in words), 5),
        sum(w in ADDRESS for w in words) / n,
    ]


def _reader(number: int, reader: ReaderView) -> list[float]:
    inside = reader.start is not None and reader.start <= number < reader.end
    return [
        float(inside),
        float(inside and number in reader.dropped),
        float(number in (reader.title, reader.byline)),
        float(reader.start is not None and number >= reader.end),
        float(reader.start is not None and number < reader.start),
    ]


def _blocks(lines: list[Line]) -> dict[int, list[float]]:
    """Block facts for every line: a block is a run of non-blank lines (a paragraph, a list, a menu)."""
    out: dict[int, list[float]] = {}
    run: list[Line] = []
    for line in [*lines, Line(number=-1, raw="", text="")]:
        if not line.blank:
            run.append(line)
            continue
        if run:
            chars = sum(len(r.text) for r in run) or 1
            links = sum(r.link_share * len(r.text) for r in run) / chars
            words = sum(r.words for r in run)
            facts = [math.log1p(words), links, math.log1p(len(run)), float(bool(SENTENCE_END.search(run[-1].text)))]
            out.update({r.number: facts for r in run})
        run = []
    return out


def _window(values: NDArray[np.float64], radius: int) -> NDArray[np.float64]:
    """Mean of each value's neighbours within `radius` places on either side, itself included."""
    padded = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(len(values))
    lo, hi = np.maximum(idx - radius, 0), np.minimum(idx + radius + 1, len(values))
    return np.asarray((padded[hi] - padded[lo]) / (hi - lo), dtype=np.float64)


def _context(mass: NDArray[np.float64], signal: NDArray[np.float64]) -> NDArray[np.float64]:
    """Place features of each line: how much of the page's body-like mass lies before and after it."""
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    after = 1.0 - before - mass / total
    prev = np.concatenate([[0.0], signal[:-1]])
    nxt = np.concatenate([signal[1:], [0.0]])
    columns = [before, after, prev, nxt, _window(signal, 2), _window(signal, NEAR_LINES), _window(signal, FAR_LINES)]
    return np.stack(columns, axis=1)


def stage_one_features(lines: list[Line], reader: ReaderView) -> tuple[list[int], NDArray[np.float64]]:
    """The numbers of the non-blank lines and one feature row each."""
    kept = [ln for ln in lines if not ln.blank and not ln.rule]
    if not kept:
        return [], np.zeros((0, 0))
    counts: dict[str, int] = {}
    for line in kept:
        counts[line.text] = counts.get(line.text, 0) + 1
    blocks = _blocks(lines)
    rows = [
        _local(ln, counts[ln.text], reader) + blocks[ln.number] + _reader(ln.number, reader) + [i / len(kept)]
        for i, ln in enumerate(kept)
    ]
    prose = np.array([float(_is_prose(ln)) for ln in kept])
    words = np.array([float(ln.words) for ln in kept])
    links = np.array([ln.link_share for ln in kept])
    table = np.concatenate([np.array(rows), _context(prose * words, prose), _context(words, links)[:, 4:]], axis=1)
    return [ln.number for ln in kept], table


def stage_two_features(
    first: NDArray[np.float64], stage_one: NDArray[np.float64], words: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Stage one's rows with its verdict on each line's neighbourhood beside them."""
    return np.concatenate([first, stage_one[:, None], _context(stage_one * words, stage_one)], axis=1)


@dataclass(frozen=True)
class Trees:
    """One stage: gradient-boosted regression trees summed into a log-odds."""

    base: float
    rate: float
    feature: list[NDArray[np.int64]]
    threshold: list[NDArray[np.float64]]
    left: list[NDArray[np.int64]]
    right: list[NDArray[np.int64]]
    value: list[NDArray[np.float64]]

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Trees:
        trees = data["trees"]
        assert isinstance(trees, list)
        return cls(
            base=float(data["base"]),  # type: ignore[arg-type]
            rate=float(data["rate"]),  # type: ignore[arg-type]
            feature=[np.array(t["feature"], dtype=np.int64) for t in trees],
            threshold=[np.array(t["threshold"], dtype=np.float64) for t in trees],
            left=[np.array(t["left"], dtype=np.int64) for t in trees],
            right=[np.array(t["right"], dtype=np.int64) for t in trees],
            value=[np.array(t["value"], dtype=np.float64) for t in trees],
        )

    def probability(self, rows: NDArray[np.float64]) -> NDArray[np.float64]:
        rows = rows.astype(np.float32)  # the trees were fitted on float32 features, compared as scikit-learn does
        score = np.full(len(rows), self.base)
        index = np.arange(len(rows))
        for feature, threshold, left, right, value in zip(
            self.feature, self.threshold, self.left, self.right, self.value, strict=True
        ):
            node = np.zeros(len(rows), dtype=np.int64)
            while True:
                inner = left[node] >= 0
                if not inner.any():
                    break
                goes_left = rows[index, np.maximum(feature[node], 0)] <= threshold[node]
                node = np.where(inner, np.where(goes_left, left[node], right[node]), node)
            score += self.rate * value[node]
        return np.asarray(1.0 / (1.0 + np.exp(-score)), dtype=np.float64)


@dataclass(frozen=True)
class FurnitureModel:
    first: Trees
    second: Trees
    threshold: float
    version: str

    def body_probabilities(self, lines: list[Line], reader: ReaderView) -> dict[int, float]:
        """Line number → probability that the line is article body, for every non-blank line."""
        numbers, rows = stage_one_features(lines, reader)
        if not numbers:
            return {}
        first = self.first.probability(rows)
        words = np.array([float(lines[n].words) for n in numbers])
        second = self.second.probability(stage_two_features(rows, first, words))
        return dict(zip(numbers, second.tolist(), strict=True))


@cache
def furniture_model() -> FurnitureModel:
    """The shipped model, read once per process."""
    path = resources.files("dossier.models.furniture").joinpath(MODEL_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    return FurnitureModel(
        first=Trees.from_json(data["stages"][0]),
        second=Trees.from_json(data["stages"][1]),
        threshold=float(data["threshold"]),
        version=str(data["version"]),
    )
