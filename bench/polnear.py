"""PolNeAR attribution gold (brat standoff) read in place, and the speech-recall scoring bench/quotes.py prints.

Conventions mapped here (PolNeAR counts beliefs and thoughts as attributions, Dossier only shows speech):
- One annotator per article: the first `<name>_<annotator>.ann` by sorted annotator id (deterministic; several
  articles were annotated by more than one person and their files disagree).
- Gold *speech* is an attribution whose content has at least MIN_CONTENT_CHARS characters and that is spoken:
  a token of its Cue, lemmatized by the same parse Dossier runs, is a speech verb or speech noun of
  dossier.annotate.lexicon (the list the attributor itself uses), or the cue is "according to", or at least half
  of the content's characters lie inside quote marks. Belief and thought cues ("believes", "fears") are not speech.
- Precision counts a predicted quote as right when it overlaps the content of any gold attribution, beliefs
  included (the annotators marked them as someone's, not the author's).
- A gold source "names someone" when the parse tags one of its words as a proper noun outside a NORP entity
  ("The Post", "Sen. Warren"; not "the Republican nominee", "sources"); the predicted speaker is right when its
  name, or a relay's, shares a capitalized word (not a stop word or pronoun) with the gold source.
- Pronoun sources ("he said", "she told") have no gold antecedent in PolNeAR. Their proxy antecedent is the
  nearest earlier gold source in the same article that the parse tags as a PERSON and that agrees in gender
  with the pronoun (by its first honorific or known first name, dossier.annotate.genders; a source with
  neither agrees with either; a bare surname takes the gender of the article's fuller name ending in it, so
  "Clinton" after "Hillary Clinton" is not a "he"), and they are scored like named sources against it.
  Pronoun accuracy is also printed on its own. train/speakers.py fits the pronoun ranker to the same proxy on
  the train split only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from dossier.annotate.genders import first_name_gender
from dossier.annotate.lexicon import HONORIFIC_GENDER, PRONOUN_GENDER, is_speech_lemma
from dossier.annotate.quotemarks import quote_spans

MIN_CONTENT_CHARS = 15  # the definition: shorter contents are fragments ("yes", "a disaster")
Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    content: Spans
    cue: Spans
    source: Spans
    content_text: str = ""
    cue_text: str = ""
    source_text: str = ""


@dataclass
class Article:
    name: str
    text: str
    attributions: list[Attribution]
    publisher: str = ""
    published: str = ""


def _spans(field_: str) -> Spans:
    return [(int(a), int(b)) for a, b in (part.split() for part in field_.split(";"))]


def read_ann(path: Path, text: str) -> list[Attribution]:
    """Every attribution relation of one brat file, with its content, cue and source spans."""
    spans: dict[str, tuple[str, Spans]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    found = []
    for rel in relations:
        parts = {role: spans[rel[role]][1] if rel.get(role) in spans else [] for role in ("Content", "Cue", "Source")}
        if not parts["Content"]:
            continue
        a = Attribution(content=parts["Content"], cue=parts["Cue"], source=parts["Source"])
        a.content_text, a.cue_text, a.source_text = (_text(text, a.content), _text(text, a.cue), _text(text, a.source))
        found.append(a)
    return found


def _text(text: str, spans: Spans) -> str:
    return " ".join(text[s:e] for s, e in spans)


def articles(split: Path, select: Callable[[int, str], bool] = lambda i, name: True) -> list[Article]:
    """The articles of one split (train or dev) with the first annotator's attributions, in sorted order."""
    meta = _metadata(split.parent / "metadata.tsv")
    found = []
    for i, path in enumerate(sorted((split / "text").glob("*.txt"))):
        if not select(i, path.stem):
            continue
        anns = sorted((split / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        publisher, published = meta.get(path.stem, ("", ""))
        found.append(Article(path.stem, text, read_ann(anns[0], text), publisher, published))
    return found


def _metadata(path: Path) -> dict[str, tuple[str, str]]:
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {r[1]: (r[4], r[5]) for r in rows if len(r) > 5}


def quoted_share(text: str, spans: Spans) -> float:
    inside = [(q.start, q.end) for q in quote_spans(text)]
    total = sum(e - s for s, e in spans) or 1
    return sum(_overlap(s, e, inside) for s, e in spans) / total


def is_speech(doc: Doc, a: Attribution) -> bool:
    """Spoken or written, not thought: a speech cue, "according to", or quoted content (see module doc)."""
    if sum(e - s for s, e in a.content) < MIN_CONTENT_CHARS:
        return False
    if re.search(r"\baccording to\b", a.cue_text, re.I):
        return True
    for s, e in a.cue:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and any(is_speech_lemma(t.lemma_.lower(), t.pos_) for t in span):
            return True
    return quoted_share(doc.text, a.content) >= 0.5


def named_words(text: str) -> set[str]:
    """Capitalized words that name someone: not stop words, not pronouns ("The Post" → {"post"})."""
    words = re.findall(r"[A-Z][\w'.-]*", text.replace("’", "'"))  # O’Neill and O'Neill are one name
    cleaned = {re.sub(r"(['’]s?|\.)$", "", w).lower() for w in words}
    return {w for w in cleaned if w and w not in STOP_WORDS and w not in PRONOUN_GENDER}


def names_someone(doc: Doc, spans: Spans) -> bool:
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and any(t.pos_ == "PROPN" and t.ent_type_ != "NORP" for t in span):
            return True
    return False


def pronoun_of(source: str) -> str | None:
    word = source.strip().lower()
    return word if word in ("he", "she") else None


def proxy_antecedent(doc: Doc, article: Article, a: Attribution) -> str | None:
    """The nearest earlier named gold source agreeing in gender with a pronoun source (see module doc)."""
    pronoun = pronoun_of(a.source_text)
    gender = PRONOUN_GENDER.get(pronoun or "")
    here = a.source[0][0]
    earlier = sorted((b.source[0][0], b.source_text, i) for i, b in enumerate(article.attributions) if b.source)
    for start, text, i in reversed(earlier):
        if start >= here or not names_person(doc, article.attributions[i].source):
            continue
        known = source_gender(doc, text)
        if known is None or known == gender:
            return text
    return None


def _gender_of_words(words: list[str]) -> str | None:
    known = [HONORIFIC_GENDER.get(w.lower()) or first_name_gender(w) for w in words]
    return next((g for g in known if g), None)


def source_gender(doc: Doc, text: str) -> str | None:
    """A gold source's gender by its honorific or first name; a bare surname ("Clinton") takes the gender of the
    article's fuller name ending in it ("Hillary Clinton"), as a reader would."""
    words = re.findall(r"[A-Z][a-z]+", text)
    own = _gender_of_words(words)
    if own is not None or not words:
        return own
    surname = words[-1]
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == surname:
            fuller = _gender_of_words([t.text for t in ent[:-1]])
            if fuller is not None:
                return fuller
    return None


def names_person(doc: Doc, spans: Spans) -> bool:
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and any(t.ent_type_ == "PERSON" for t in span):
            return True
    return False


def _overlap(s: int, e: int, spans: Iterable[tuple[int, int]]) -> int:
    covered = [(max(s, a), min(e, b)) for a, b in spans if a < e and s < b]
    merged: list[list[int]] = []
    for a, b in sorted(covered):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return sum(b - a for a, b in merged)


@dataclass
class Predicted:
    start: int
    end: int
    speaker: str | None
    relays: list[str] = field(default_factory=list)


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    precise: int = 0
    named: int = 0
    named_right: int = 0
    named_unknown: int = 0
    pronoun: int = 0
    pronoun_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, doc: Doc, article: Article, predicted: list[Predicted]) -> None:
        spans = [(p.start, p.end) for p in predicted]
        every = [s for a in article.attributions for s in a.content]
        self.predicted += len(predicted)
        self.precise += sum(1 for p in predicted if _overlap(p.start, p.end, every) > 0)
        for a in article.attributions:
            if not is_speech(doc, a):
                continue
            self.gold += 1
            size = sum(e - s for s, e in a.content)
            if sum(_overlap(s, e, spans) for s, e in a.content) * 2 < size:
                self.errors.append(f"miss      {article.name[:30]} {a.cue_text!r}: {a.content_text[:70]!r}")
                continue
            self.found += 1
            self._speaker(doc, article, a, predicted)

    def _speaker(self, doc: Doc, article: Article, a: Attribution, predicted: list[Predicted]) -> None:
        pronoun = pronoun_of(a.source_text)
        if not pronoun and not names_someone(doc, a.source):
            return
        gold = proxy_antecedent(doc, article, a) if pronoun else a.source_text
        if gold is None or not named_words(gold):
            return
        best = max(predicted, key=lambda p: sum(_overlap(p.start, p.end, [s]) for s in a.content))
        names = [n for n in [best.speaker, *best.relays] if n]
        right = any(named_words(n) & named_words(gold) for n in names)
        self.named += 1
        self.named_right += right
        self.named_unknown += best.speaker is None
        if pronoun:
            self.pronoun += 1
            self.pronoun_right += right
        if not right:
            tag = f"who({pronoun})" if pronoun else "who"
            self.errors.append(f"{tag:<9} {article.name[:30]} gold={gold!r} got={names} ({a.content_text[:40]!r})")

    def scores(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "recall": ratio(self.found, self.gold),
            "precision": ratio(self.precise, self.predicted),
            "speaker_accuracy": ratio(self.named_right, self.named),
            "pronoun_speaker_accuracy": ratio(self.pronoun_right, self.pronoun),
            "unknown_speaker": ratio(self.named_unknown, self.named),
        }

    def row(self, name: str) -> str:
        s = self.scores()
        return (
            f"{name:<10} {self.gold:5} {self.found:5} {self.predicted:5}  {s['recall']:6.2f} {s['precision']:6.2f}"
            f"  {s['speaker_accuracy']:7.2f} ({self.named:4})  {s['pronoun_speaker_accuracy']:7.2f} ({self.pronoun:3})"
            f"  {s['unknown_speaker']:7.2f}"
        )


HEADER = (
    f"{'system':<10} {'gold':>5} {'found':>5} {'pred':>5}  {'recall':>6} {'prec':>6}  {'speaker':>7} {'(n)':>6}"
    f"  {'pronoun':>7} {'(n)':>5}  {'unknown':>7}"
)
