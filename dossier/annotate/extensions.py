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
