"""Numbers a claim states: values read from digits and words, and digit strings that are no amount at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from dossier.annotate.quantities import number_value
from dossier.annotate.run import annotate_stored
from dossier.ingest.batch import ingested
from dossier.store.db import connect
from tests.conftest import shared_path

DOTTED_DATE_PAGE = "57b4dafd18cfd0531b69f81e87158648227c673ef159f8d8c87d34e34bdb21f2.html.gz"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("33,000", 33000),
        ("1.5 billion", 1.5e9),
        ("2,5", 2.5),
        ("1.500.000", 1_500_000),
        ("01.01.2019", None),  # a German date, not a number
        ("version 1.2.3", None),
        ("from 01.01.2019 about 40", 40),
    ],
)
def test_number_value_reads_amounts_and_skips_dotted_dates(text: str, value: float | None) -> None:
    assert number_value(text) == value


def test_news_page_with_a_dotted_date_is_annotated(tmp_path: Path, nlp: Language) -> None:
    page = shared_path("html-news", "html", DOTTED_DATE_PAGE)
    db = connect(tmp_path / "t.db")
    assert ingested(db, [str(page)]).failed == []
    report = annotate_stored(db, nlp=nlp)
    assert report.failed == []
    assert report.done == 1
    sentence = db.execute("SELECT text FROM claims WHERE text LIKE '%01.01.2019%'").fetchall()
    assert sentence, "the sentence with the date was read"
