"""Propaganda techniques and whose voice carries them: `dossier_framing_v1`.

A CRF tagger trained on the Propaganda Techniques Corpus (train/framing.py) marks the spans that use a
technique: tokens whose marginal P(inside) passes a threshold tuned for SI F1 out of fold, trimmed of edge
punctuation and cut where they cross a quote's edge, so that each span has one voice. A linear classifier over
the span's words and context names the technique with the PTC-2020 class names. Each span then takes the voice
of the stretch it sits in: inside a direct quote it is the quoted source's, inside reported speech the reported
source's, elsewhere the author's own. Prta marks loaded words; only the voice tells whether they are the
outlet's or the people it quotes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc, Token

from dossier.annotate import extensions  # noqa: F401  (registers doc._ attributes)
from dossier.annotate.extensions import doc_text
from dossier.annotate.needs import checked
from dossier.records import Quote, Technique

EXTRACTOR = "dossier.framing.v2"  # v2: document features, stronger CRF, tuned threshold, spans cut at quote edges
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "framing"
LEXICON_BINS = (-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0)  # log-odds of a lemma inside a technique span, in bands
DEFAULT_THRESHOLD = 0.1  # a token is inside a span when P(not O) exceeds this: marginal decoding; the trained
# model's meta.json carries the threshold calibrated for SI F1 on the inner dev slice (Viterbi keeps only the surest)
QUOTE_CHARS = '"“”«»'

Voice = Literal["author", "quote", "reported"]


def lexicon_band(score: float | None) -> str:
    """A lemma's learned log-odds as a coarse band, so the tagger learns from the band, not the word alone."""
    if score is None:
        return "unk"
    band = sum(1 for edge in LEXICON_BINS if score >= edge)
    return str(band)


def inside_quote_marks(tokens: Sequence[Token]) -> list[bool]:
    """Whether each token lies between an opening and a closing quotation mark of its sentence."""
    inside, flags = False, []
    for token in tokens:
        if token.text in QUOTE_CHARS or token.text == "''" or token.text == "``":
            inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    return flags


def sentence_band(probability: float) -> str:
    """The sentence classifier's P(sentence uses a technique) in tenths: context the CRF window cannot see."""
    return str(min(9, int(probability * 10)))


@dataclass
class Lexicons:
    """Learned log-odds that a lemma, or a pair of adjacent lemmas, lies inside a technique span."""

    lemma: dict[str, float]
    bigram: dict[str, float]  # "first|second"

    @classmethod
    def load(cls, path: Path) -> Lexicons:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["lemma"], data["bigram"])


def token_lemma(token: Token) -> str:
    return token.lemma_.lower() or token.lower_


def sentence_tokens(doc: Doc) -> list[list[Token]]:
    """Each sentence's tokens without whitespace tokens; empty sentences dropped (training reads the same)."""
    out = []
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if tokens:
            out.append(tokens)
    return out


def _count_band(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5+"


def document_features(sentences: list[list[Token]], lexicons: Lexicons, bands: Sequence[str]) -> list[list[list[str]]]:
    """CRF features for every sentence of a document (see `token_features`), with what only the whole document
    shows: how often a content lemma or a lemma pair recurs (Repetition, slogans), and the title line."""
    lemmas = [[token_lemma(t) for t in tokens] for tokens in sentences]
    counts: dict[str, int] = {}
    pairs: dict[str, int] = {}
    for tokens, row in zip(sentences, lemmas, strict=True):
        for token, lemma in zip(tokens, row, strict=True):
            if not (token.is_stop or token.is_punct):
                counts[lemma] = counts.get(lemma, 0) + 1
        for a, b in pairwise(row):
            pairs[f"{a}|{b}"] = pairs.get(f"{a}|{b}", 0) + 1
    mean = sum(int(b) for b in bands) / max(1, len(bands))
    document = str(round(mean))  # how loaded the article is overall: annotators mark whole articles densely or not
    rows = []
    for index, (tokens, row, band) in enumerate(zip(sentences, lemmas, bands, strict=True)):
        around = max(int(b) for b in bands[max(0, index - 1) : index + 2])
        context = f"{band}|{document}|{around}"
        rows.append(token_features(tokens, row, lexicons, context, counts, pairs, index == 0))
    return rows


def token_features(
    tokens: Sequence[Token],
    lemmas: list[str],
    lexicons: Lexicons,
    sentence: str,
    counts: dict[str, int],
    pairs: dict[str, int],
    title: bool,
) -> list[list[str]]:
    """CRF features for one sentence: the word, its shape, part of speech and dependency, learned lexicon bands
    of the lemma, its neighbours, its head and its lemma pairs, the strongest band nearby and in the sentence,
    recurrence in the document, the sentence classifier's band, quote marks, exclamations and the title line."""
    bands = [lexicon_band(lexicons.lemma.get(lemma)) for lemma in lemmas]
    values = [int(b) if b != "unk" else 0 for b in bands]
    pair_bands = ["edge"] + [lexicon_band(lexicons.bigram.get(f"{a}|{b}")) for a, b in pairwise(lemmas)] + ["edge"]
    quoted = inside_quote_marks(tokens)
    exclaims = any(t.text == "!" for t in tokens)
    asks = any(t.text == "?" for t in tokens)
    length = "long" if len(tokens) > 30 else "mid" if len(tokens) > 12 else "short"
    sentence_part = sentence.split("|")  # the sentence's band, the document's mean band, the neighbours' highest
    strongest = max(values)
    strong = sum(1 for v in values if v >= 5)
    start = tokens[0].i
    rows = []
    for i, token in enumerate(tokens):
        near = max(values[max(0, i - 3) : i + 4])
        head = token.head
        head_band = bands[head.i - start] if 0 <= head.i - start < len(tokens) else "out"
        row = [
            "bias",
            f"w={token.lower_}",
            f"l={lemmas[i]}",
            f"suf={token.lower_[-3:]}",
            f"pos={token.pos_}",
            f"tag={token.tag_}",
            f"dep={token.dep_}",
            f"shape={token.shape_[:4]}",
            f"lex={bands[i]}",
            f"lexpos={bands[i]}|{token.pos_}",
            f"hlex={head_band}|{token.dep_}",
            f"bgl={pair_bands[i]}",
            f"bgr={pair_bands[i + 1]}",
            f"near={near}",
            f"smax={strongest}|{min(strong, 3)}",
            f"q={int(quoted[i])}",
            f"sent={length}|{int(exclaims)}|{int(asks)}",
            f"sbx={sentence}",
            f"sb={sentence_part[0]}",
            f"doc={sentence_part[1]}",
            f"sbdoc={sentence_part[0]}|{sentence_part[1]}",
            f"sbaround={sentence_part[2]}",
            f"sblex={sentence_part[0]}|{bands[i]}",
            f"sbnear={sentence_part[0]}|{near}",
        ]
        if title:
            row.append("title")
        if not (token.is_stop or token.is_punct):
            row.append(f"rep={_count_band(counts.get(lemmas[i], 1))}|{bands[i]}")
        if i + 1 < len(tokens) and pairs.get(f"{lemmas[i]}|{lemmas[i + 1]}", 0) > 1:
            row.append("rep2r")
        if i > 0 and pairs.get(f"{lemmas[i - 1]}|{lemmas[i]}", 0) > 1:
            row.append("rep2l")
        if token.is_title and i > 0:
            row.append("title-case")
        if token.is_upper and len(token) > 1:
            row.append("caps")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(tokens):
                row += [f"{offset}:l={lemmas[j]}", f"{offset}:pos={tokens[j].pos_}", f"{offset}:lex={bands[j]}"]
            else:
                row.append(f"{offset}:edge")
        if i > 0:
            row.append(f"bi={lemmas[i - 1]}|{lemmas[i]}")
        rows.append(row)
    return rows


def tagged_spans(labels: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the B/I runs in a label sequence."""
    spans, start = [], None
    for i, label in enumerate([*labels, "O"]):
        if label == "B" or label == "O":
            if start is not None:
                spans.append((start, i))
                start = None
            if label == "B":
                start = i
        elif label == "I" and start is None:
            start = i
    return spans


def span_words(text: str) -> list[str]:
    """Words of a span and their bigrams, lower-cased: the technique classifier's vocabulary."""
    words = re.findall(r"[a-z0-9']+|[!?]", text.lower())
    return words + [f"{a}_{b}" for a, b in pairwise(words)]


def technique_features(span_text: str, context: str) -> list[str]:
    """The span's words, the sentence's words around it, and its length band."""
    n = len(span_text.split())
    size = "1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"
    return [f"s:{w}" for w in span_words(span_text)] + [f"c:{w}" for w in span_words(context)] + [f"n:{size}"]


@dataclass
class LinearClassifier:
    """A logistic regression exported as plain arrays (no pickle in the package): `<stem>.json` + `<stem>.npz`."""

    classes: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray[Any, np.dtype[np.float32]]  # features × classes
    bias: np.ndarray[Any, np.dtype[np.float32]]

    @classmethod
    def load(cls, directory: Path, stem: str) -> LinearClassifier:
        meta = json.loads((directory / f"{stem}.json").read_text(encoding="utf-8"))
        arrays = np.load(directory / f"{stem}.npz")
        vocabulary = {w: i for i, w in enumerate(meta["vocabulary"])}
        return cls(meta["classes"], vocabulary, arrays["weights"].astype(np.float32), arrays["bias"])

    def probabilities(self, features: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        scores = self.bias.astype(np.float32).copy()
        for name in set(features):
            index = self.vocabulary.get(name)
            if index is not None:
                scores += self.weights[index]
        if len(self.classes) == 2 and scores.shape[0] == 1:  # binary: one logit for the second class
            scores = np.array([0.0, scores[0]], dtype=np.float32)
        scores -= scores.max()
        exp = np.exp(scores)
        result: np.ndarray[Any, np.dtype[np.float32]] = exp / exp.sum()
        return result


def trimmed(tokens: Sequence[Token], first: int, last: int) -> tuple[int, int]:
    """A span without the punctuation at its edges (quote marks, commas, full stops are no one's technique)."""
    while first < last and tokens[first].is_punct:
        first += 1
    while last > first and tokens[last - 1].is_punct:
        last -= 1
    return first, last


def voice_pieces(tokens: Sequence[Token], first: int, last: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """A tagged token range cut where it crosses a quote's edge, so each piece has one voice; punctuation-only
    pieces dropped."""
    edges = sorted({q.start for q in quotes} | {q.end for q in quotes})
    pieces, start = [], first
    for i in range(first + 1, last):
        if any(tokens[i - 1].idx < edge <= tokens[i].idx for edge in edges):
            pieces.append((start, i))
            start = i
    pieces.append((start, last))
    return [p for p in (trimmed(tokens, a, b) for a, b in pieces) if p[0] < p[1]]


def span_voice(start: int, end: int, quotes: list[Quote]) -> Voice:
    """Whose words these are: a direct quote's source, reported speech's source, or the author."""
    for quote in quotes:
        if quote.start <= start and end <= quote.end + 1:
            return "quote" if quote.kind in ("direct", "mixed") else "reported"
    return "author"


class FramingTagger:
    """spaCy component: doc._.techniques, each technique span with its class, confidence and voice."""

    def __init__(self, nlp: Language, name: str, *, model_dir: str = "") -> None:
        directory = Path(model_dir) if model_dir else MODEL_DIR
        self.meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        self.lexicons = Lexicons.load(directory / "lexicon.json")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(directory / "spans.crfsuite"))
        self.classifier = LinearClassifier.load(directory, "techniques")
        self.sentences = LinearClassifier.load(directory, "sentences")
        self.threshold = float(self.meta.get("threshold", DEFAULT_THRESHOLD))

    def __call__(self, doc: Doc) -> Doc:
        doc._.techniques = self.techniques(doc)
        return doc

    def techniques(self, doc: Doc) -> list[Technique]:
        quotes: list[Quote] = list(doc._.quotes or [])
        text = doc_text(doc)  # Doc.text joins every token on each access: read it once
        sentences = sentence_tokens(doc)
        bands = [
            sentence_band(float(self.sentences.probabilities(span_words(text[s[0].idx : s[-1].idx + len(s[-1])]))[1]))
            for s in sentences
        ]
        found: list[Technique] = []
        for tokens, features in zip(sentences, document_features(sentences, self.lexicons, bands), strict=True):
            self.tagger.set(features)
            inside = [1.0 - self.tagger.marginal("O", i) for i in range(len(tokens))]
            labels = ["I" if p > self.threshold else "O" for p in inside]
            for first, last in tagged_spans(labels):
                first, last = trimmed(tokens, first, last)
                for a, b in voice_pieces(tokens, first, last, quotes):
                    confidence = sum(inside[a:b]) / (b - a)
                    found.append(self.technique(doc, text, tokens[a:b], confidence, quotes))
        return found

    def technique(self, doc: Doc, text: str, tokens: list[Token], confidence: float, quotes: list[Quote]) -> Technique:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        words = text[start:end]
        sent = tokens[0].sent
        context = text[sent.start_char : sent.end_char]
        probabilities = self.classifier.probabilities(technique_features(words, context))
        best = int(np.argmax(probabilities))
        return Technique(
            doc_id=doc._.doc_id or "",
            start=start,
            end=end,
            text=words,
            technique=self.classifier.classes[best],
            confidence=round(confidence * float(probabilities[best]), 3),  # P(technique span) × P(this class)
            voice=span_voice(start, end, quotes),
            extractor=EXTRACTOR,
        )


FRAMING_REQUIRE = ["token.tag", "token.lemma", "doc._.quotes"]


@Language.factory(
    "dossier_framing_v1", assigns=["doc._.techniques"], requires=FRAMING_REQUIRE, default_config={"model_dir": ""}
)
def make_framing(nlp: Language, name: str, model_dir: str) -> Callable[[Doc], Doc]:
    return checked(nlp, name, FRAMING_REQUIRE, FramingTagger(nlp, name, model_dir=model_dir))
