"""What each Dossier component needs before it, checked when it is added and again on every Doc.

spaCy's `requires=` only feeds `nlp.analyze_pipes()`; a component added to a pipeline without a parser then fails
deep inside with an unrelated error. Here the same declared needs are checked, and the error names what is missing
in one line: "dossier_quotes_v1 needs a dependency parser and dossier_entities_v1 before it".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from dossier.errors import DossierError

PROVIDERS = {  # attribute → what a user has to add to get it
    "token.dep": "a dependency parser",
    "token.lemma": "a lemmatizer",
    "token.tag": "a tagger",
    "doc.ents": "an entity recognizer",
    "doc._.timexes": "dossier_timex_v1",
    "doc._.entities": "dossier_entities_v1",
    "doc._.events": "dossier_events_v1",
    "doc._.quotes": "dossier_quotes_v1",
}
ANNOTATION = {
    "token.dep": "DEP",
    "token.lemma": "LEMMA",
    "token.tag": "TAG",
    "doc.ents": "ENT_IOB",
}  # Doc.has_annotation names


class MissingComponent(DossierError):
    """A Dossier component was added to, or run in, a pipeline that lacks a component it reads from."""

    code = "E_PIPELINE"

    @classmethod
    def lacking(cls, name: str, missing: list[str]) -> MissingComponent:
        return cls(name, f"needs {_joined(missing)} before it")

    @classmethod
    def out_of_order(cls, name: str, later: str) -> MissingComponent:
        return cls(name, f"must come before {later}")

    def __str__(self) -> str:
        return f"{self.source} {self.reason}"


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def missing_in_pipeline(nlp: Language, requires: Iterable[str]) -> list[str]:
    """What of `requires` no component already in `nlp` assigns, as the names a user would add."""
    assigned = {attr for pipe in nlp.pipe_names for attr in nlp.get_pipe_meta(pipe).assigns}
    return _providers(attr for attr in requires if attr in PROVIDERS and attr not in assigned)


def missing_on_doc(doc: Doc, requires: Iterable[str]) -> list[str]:
    """What of `requires` this Doc does not carry (the parse, lemmas, entities, or an earlier Dossier layer)."""
    absent = []
    for attr in requires:
        if attr in ANNOTATION:
            if not doc.has_annotation(ANNOTATION[attr]):
                absent.append(attr)
        elif attr.startswith("doc._.") and attr in PROVIDERS and getattr(doc._, attr[6:]) is None:
            absent.append(attr)
    return _providers(absent)


def _providers(attrs: Iterable[str]) -> list[str]:
    names: list[str] = []
    for attr in attrs:
        if PROVIDERS[attr] not in names:
            names.append(PROVIDERS[attr])
    return names


def checked(nlp: Language, name: str, requires: list[str], func: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
    """`func` as a pipeline component that refuses, with one line, a pipeline or a Doc lacking what it reads."""
    missing = missing_in_pipeline(nlp, requires)
    if missing:
        raise MissingComponent.lacking(name, missing)
    return CheckedComponent(name, requires, func)


class CheckedComponent:
    """A component function that first checks the Doc carries what the function reads."""

    def __init__(self, name: str, requires: list[str], func: Callable[[Doc], Doc]) -> None:
        self.name = name
        self.requires = requires
        self.func = func

    def __call__(self, doc: Doc) -> Doc:
        missing = missing_on_doc(doc, self.requires)
        if missing:  # e.g. the component was inserted before the parser with add_pipe(before=…)
            raise MissingComponent.lacking(self.name, missing)
        return self.func(doc)
