"""The custom attributes Dossier's components read and write, under doc._ so what is ours is visibly ours."""

from __future__ import annotations

from spacy.tokens import Doc

for name, default in (
    ("doc_id", None),  # the stored document this Doc was made from
    ("anchor", None),  # datetime.date that relative time expressions resolve against
    ("timexes", None),  # list[dossier.records.TimeExpr]
    ("entities", None),  # list[dossier.records.DocEntity]
    ("events", None),  # list[dossier.records.EventMention]
    ("quotes", None),  # list[dossier.records.Quote]
    ("claims", None),  # list[dossier.records.Claim]
    ("techniques", None),  # list[dossier.records.Technique]
):
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)

_TEXT_KEY = "dossier.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: spaCy joins every token anew on each `doc.text`, so a component reading it per
    quote or per mention is quadratic in the document's length (a 200,000-character piece took minutes)."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.text  # tokens never change after the tokenizer, so neither does the text
        doc.user_data[_TEXT_KEY] = cached
    return str(cached)
