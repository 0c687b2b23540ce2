"""A very long document's reader page shows one part of the text at a time, its highlights drawn for that part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.records import Article, DocEntity
from dossier.store import queries
from dossier.store.db import connect
from dossier.web import reader
from dossier.web.app import create_app
from dossier.web.schemas import ReaderOut
from tests.conftest import shared_path

LAST = "The harbour master closed the quay at dusk, and the last ferry left without passengers."


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    folder = tmp_path_factory.mktemp("parts")
    seed = shared_path("seeds", "000_932b70249ad4c344.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n\n") if len(p.split()) > 20]
    text, n = "", 0
    while len(text) < 3 * reader.PART_CHARS:
        text += f"{paragraphs[n % len(paragraphs)]} ({n})\n\n"
        n += 1
    text += LAST
    db = connect(folder / "p.db")
    queries.store_article(
        db, Article(id="10ng10ng10ng10ng", source="long.txt", format="text", text=text, extractor="t")
    )
    db.close()
    return folder / "p.db", "10ng10ng10ng10ng", len(text)


@pytest.fixture(scope="module")
def client(long_doc: tuple[Path, str, int]) -> Iterator[TestClient]:
    with TestClient(create_app(str(long_doc[0]))) as c:
        yield c


def test_long_document_reader_shows_one_part_with_links(client: TestClient, long_doc: tuple[Path, str, int]) -> None:
    _, doc_id, length = long_doc
    first = client.get(f"/documents/{doc_id}")
    assert first.status_code == 200
    assert length > 3 * reader.PART_CHARS and "Part 1 of " in first.text
    assert LAST not in first.text and 'rel="next"' in first.text
    assert len(first.text) < 3 * reader.PART_CHARS  # one part of the text, not all of it
    count = int(first.text.split("Part 1 of ")[1].split()[0])
    assert 4 <= count <= 8
    last = client.get(f"/documents/{doc_id}", params={"part": count})
    assert last.status_code == 200 and LAST in last.text and 'rel="prev"' in last.text
    assert client.get(f"/documents/{doc_id}", params={"part": count + 1}).status_code == 404
    assert client.get(f"/documents/{doc_id}.json").json()["document"]["text"].endswith(LAST)  # the twin is whole


def test_highlights_are_drawn_for_the_part_they_fall_in() -> None:
    text = "First part names Imran Khan too.\n\nSecond part names Imran Khan here.\n\nThird."
    first, second = (n for n in range(len(text)) if text.startswith("Imran Khan", n))
    doc = Article(id="p1", source="s", format="text", text=text, extractor="t")
    khan = DocEntity(doc_id="p1", key="PERSON:imran khan", name="Imran Khan", type="PERSON",
                     mentions=[(first, first + 10), (second, second + 10)])  # fmt: skip
    data = ReaderOut(document=doc, entities=[khan], timexes=[], events=[], quotes=[], claims=[], claims_available=False)
    part = reader.ReaderPart(number=2, count=3, start=text.index("Second"), end=text.index("Third"))
    html = str(reader.article_html(data, part))
    assert "First part" not in html and "Third" not in html
    assert html.count("hl-entity") == 1 and ">Imran Khan</span> here" in html
