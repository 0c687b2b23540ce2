"""Claims: check-worthy propositions with their holder, a score that names its features, amounts and dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate.claims import CHECK_WORTHY, EXTRACTOR, claims_in
from dossier.annotate.pipeline import annotated, prepared_doc
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target, read_target
from dossier.records import Article, Claim


@pytest.fixture(scope="module")
def seed_docs(nlp: Language) -> dict[str, Doc]:
    from tests.conftest import shared_path

    folder: Path = shared_path("seeds")
    articles = [article_from_raw(r) for f in sorted(folder.glob("*.txt")) for r in read_target(Target(str(f)))]
    return {a.source.rsplit("/", 1)[-1][:3]: doc for a, doc in annotated(nlp, articles)}


def doc_of(nlp: Language, text: str, published: str = "2024-05-08") -> Doc:
    article = Article(id="t", source="test", format="text", text=text, published=published, extractor="test")
    return nlp(prepared_doc(nlp, article))


def claim_with(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, [c.text[:80] for c in claims]
    return found[0]


def test_claims_ouster_is_the_authors_dated_claim(seed_docs: dict[str, Doc]) -> None:
    doc = seed_docs["000"]
    ouster = claim_with(doc._.claims, "ouster as prime minister in a no-trust motion")
    assert ouster.holder is None and ouster.voice == "author"
    assert ouster.dates == ["2022-04-10"] and ouster.kind == "temporal"
    assert {"date", "event"} <= set(ouster.features) and ouster.check_worthiness >= CHECK_WORTHY
    assert [e.name for e in ouster.entities] == ["Imran Khan"]  # "his ouster": the person the sentence names
    assert doc.text[ouster.start : ouster.end] == ouster.text and ouster.extractor == EXTRACTOR


def test_claims_khans_us_letter_is_held_by_khan(seed_docs: dict[str, Doc]) -> None:
    claims = seed_docs["001"]._.claims
    letter = claim_with(claims, "the US sent him a threatening letter")
    assert letter.holder is not None and letter.holder.name == "Imran Khan" and letter.voice == "reported"
    assert letter.kind == "accusation" and "threatening" in letter.cues
    received = claim_with(claims, "he received a letter from Washington")
    assert received.holder is not None and received.holder.name == "Imran Khan"
    assert not any(c.text.startswith("Khan says") for c in claims)  # the cue and speaker are not the claim


def test_claims_author_and_speaker_hold_different_parts_of_one_sentence(seed_docs: dict[str, Doc]) -> None:
    claims = seed_docs["000"]._.claims
    warned = claim_with(claims, "was warned by Assistant Secretary of State Donald Lu")
    ouster = claim_with(claims, "Before his ouster")
    assert warned.holder is not None and warned.holder.name == "Imran Khan"
    assert ouster.end <= warned.start  # "Imran Khan claimed that" between them belongs to neither


def test_claims_numbers_dates_and_holder_of_reported_training(seed_docs: dict[str, Doc]) -> None:
    trained = claim_with(seed_docs["000"]._.claims, "33,000 Ukrainian military")
    [number] = trained.numbers
    assert (number.value, number.unit, number.approx) == (33000.0, "personnel", True)
    assert trained.dates == ["2022-01-26"] and trained.kind == "numeric" and trained.voice == "reported"


def test_claims_questions_aphorisms_and_character_sketches_are_not_check_worthy(seed_docs: dict[str, Doc]) -> None:
    texts = [c.text for c in seed_docs["000"]._.claims]
    assert not any("What is most important to the history of the world?" in t for t in texts)
    assert not any("History repeats itself" in t for t in texts)
    assert not any("educated and charismatic leader" in t for t in texts)
    everything = {c.text: c for c in claims_in(seed_docs["000"], threshold=0.0)}
    question = next(c for t, c in everything.items() if t.startswith("What is most important"))
    assert question.features["question"] < 0 and question.check_worthiness < CHECK_WORTHY


def test_claims_share_of_sentences_on_the_seeds(seed_docs: dict[str, Doc]) -> None:
    for doc in seed_docs.values():
        sentences = len(list(doc.sents))
        assert 0.1 * sentences <= len(doc._.claims) <= 0.8 * sentences
        assert all(0.0 <= c.check_worthiness <= 1.0 and c.check_worthiness >= CHECK_WORTHY for c in doc._.claims)


def test_claims_amounts_are_normalized(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "The Calidran navy seized the tanker Amber Lark with its nineteen crew members and about 31,000 tonnes of "
        "wheat on Friday. Dravonia raised its gas transit fee by 40 percent to $1.5 billion a year in April.",
    )
    numbers = {q.text: q for c in doc._.claims for q in c.numbers}
    crew = next(q for t, q in numbers.items() if "nineteen" in t)
    assert (crew.value, crew.unit, crew.approx) == (19.0, "member", False)
    wheat = next(q for t, q in numbers.items() if "31,000" in t)
    assert (wheat.value, wheat.unit, wheat.approx) == (31000.0, "tonne", True)
    assert any(q.value == 40.0 and q.unit == "%" for q in numbers.values())
    assert any(q.value == 1.5e9 and q.unit == "$" for q in numbers.values())


def test_claims_negation_opinion_and_hedges_are_read(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "Mayor Lina Castell did not order the evacuation of the Ostrey harbour district on Tuesday. "
        "I think Mayor Lina Castell is the best mayor Ostrey has ever had. "
        "Ostrey's governor Pavel Dunn may perhaps resign over the floods in Ostrey next year.",
    )
    everything = claims_in(doc, threshold=0.0)
    denied = claim_with(everything, "did not order")
    assert denied.negated and denied.check_worthiness >= CHECK_WORTHY
    opinion = claim_with(everything, "I think")
    assert "opinion" in opinion.features and opinion.check_worthiness < CHECK_WORTHY
    hedged = claim_with(everything, "may perhaps resign")
    assert hedged.features["hedged"] < 0 and not hedged.negated


def test_claims_may_the_month_is_not_a_hedge(nlp: Language) -> None:
    doc = doc_of(nlp, "In May 2020, Prime Minister Imran Khan condemned Israel's war on Gaza in a speech in Islamabad.")
    [claim] = doc._.claims
    assert "hedged" not in claim.features and claim.dates == ["2020-05"]


def test_claims_component_declares_what_it_needs(nlp: Language) -> None:
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["dossier_claims_v1"]
    assert "doc._.claims" in analysis["summary"]["dossier_claims_v1"]["assigns"]
