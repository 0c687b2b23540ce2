"""Propaganda techniques and whose voice carries them: `dossier_framing_v1`.

A CRF tagger trained on the Propaganda Techniques Corpus (train/framing.py) marks the spans that use a
technique; a linear classifier over the span's words and context names the technique with the PTC-2020 class
names. Each span then takes the voice of the stretch it sits in: inside a direct quote it is the quoted
source's, inside reported speech the reported source's, elsewhere the author's own. Prta marks loaded words;
only the voice tells whether they are the outlet's or the people it quotes.
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
from spacy.tokens import Doc, Span, Token

from dossier.annotate import extensions  # noqa: F401  (registers doc._ attributes)
from dossier.annotate.extensions import doc_text
from dossier.annotate.needs import checked
from dossier.records import Quote, Technique

EXTRACTOR = "dossier.framing.v1"
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "framing"
LEXICON_BINS = (-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0)  # log-odds of a lemma inside a technique span, in bands
MAX_P_OUTSIDE = 0.9  # a token is inside a span when P(O) is below this: marginal decoding, tuned on the inner dev
# slice of PTC train (SI F1 0.34 vs 0.24 for Viterbi, which keeps only the surest spans)
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


def token_features(tokens: Sequence[Token], lexicon: dict[str, float], sentence: str) -> list[list[str]]:
    """CRF features for one sentence: the word, its shape and part of speech, learned lexicon bands, context."""
    lemmas = [t.lemma_.lower() or t.lower_ for t in tokens]
    bands = [lexicon_band(lexicon.get(lemma)) for lemma in lemmas]
    quoted = inside_quote_marks(tokens)
    exclaims = any(t.text == "!" for t in tokens)
    length = "long" if len(tokens) > 30 else "mid" if len(tokens) > 12 else "short"
    rows = []
    for i, token in enumerate(tokens):
        row = [
            "bias",
            f"w={token.lower_}",
            f"l={lemmas[i]}",
            f"suf={token.lower_[-3:]}",
            f"pos={token.pos_}",
            f"tag={token.tag_}",
            f"shape={token.shape_[:4]}",
            f"lex={bands[i]}",
            f"lexpos={bands[i]}|{token.pos_}",
            f"q={int(quoted[i])}",
            f"sent={length}|{int(exclaims)}",
            f"sb={sentence}",
            f"sblex={sentence}|{bands[i]}",
        ]
        if token.is_title and i > 0:
            row.append("title")
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
        self.lexicon: dict[str, float] = json.loads((directory / "lexicon.json").read_text(encoding="utf-8"))
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(directory / "spans.crfsuite"))
        self.classifier = LinearClassifier.load(directory, "techniques")
        self.sentences = LinearClassifier.load(directory, "sentences")

    def __call__(self, doc: Doc) -> Doc:
        doc._.techniques = self.techniques(doc)
        return doc

    def techniques(self, doc: Doc) -> list[Technique]:
        quotes: list[Quote] = list(doc._.quotes or [])
        text = doc_text(doc)  # Doc.text joins every token on each access: read it once
        found: list[Technique] = []
        for sent in doc.sents:
            tokens = [t for t in sent if not t.is_space]
            if not tokens:
                continue
            sentence_text = text[sent.start_char : sent.end_char]
            band = sentence_band(float(self.sentences.probabilities(span_words(sentence_text))[1]))
            self.tagger.set(token_features(tokens, self.lexicon, band))
            inside = [1.0 - self.tagger.marginal("O", i) for i in range(len(tokens))]
            labels = ["I" if p > 1.0 - MAX_P_OUTSIDE else "O" for p in inside]
            for first, last in tagged_spans(labels):
                confidence = sum(inside[first:last]) / (last - first)
                found.append(self.technique(doc, text, sent, tokens[first:last], confidence, quotes))
        return found

    def technique(
        self, doc: Doc, text: str, sent: Span, tokens: list[Token], confidence: float, quotes: list[Quote]
    ) -> Technique:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        words = text[start:end]
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
