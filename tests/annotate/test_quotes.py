"""Who says so: every direct quote in the seeds with its speaker, chains, reported speech, voices, fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate.pipeline import annotated
from dossier.annotate.quotemarks import quote_spans
from dossier.annotate.quotes import sentence_voices
from dossier.ingest.pipeline import article_from_raw
from dossier.ingest.sources import Target, read_target
from dossier.records import Article, Quote

# (seed, opening words of the quote, speaker, relays): every direct quote the five seeds contain
SEED_QUOTES = [
    ("000", "If Prime Minister Imran Khan remained in office", "Donald Lu", ["Shireen Mazari"]),
    ("000", "History repeats itself, first as a tragedy", "Karl Marx", []),
    ("000", "nearly 33,000 Ukrainian military", "Canada's Department", []),
    ("000", "to undermine Russia just as the US", "RAND Corporation report", []),
    ("000", "And neither do you regret having supported", "The interviewer", []),
    ("000", "What is most important to the history of the world?", "Zbigniew Brzezinski", []),
    ("001", "effort is being made to topple the government", "Imran Khan", []),
    ("001", "Our people are being used.", "Imran Khan", []),
    ("001", "when he tried to bring in a free foreign policy", "Imran Khan", []),
    ("001", "Whenever the US needed us", "Imran Khan", []),
    ("001", "China is a friend which has always stood by Pakistan", "Imran Khan", []),
    ("001", "we are not your slaves", "Imran Khan", []),
    ("001", "Khan has fallen out of favor with the military", "the Pakistani media", []),
    ("001", "We are with Palestine. We are with Gaza.", "Imran Khan", []),
    ("002", "President Xi expressed his great concern", "Beijing’s Foreign Ministry", []),
    ("004", "A diversified terrorist network", "Igor Sergun", []),
]


@pytest.fixture(scope="module")
def seed_quotes(nlp: Language) -> dict[str, list[Quote]]:
    from tests.conftest import shared_path

    folder: Path = shared_path("seeds")
    articles = [article_from_raw(r) for f in sorted(folder.glob("*.txt")) for r in read_target(Target(str(f)))]
    return {a.source.rsplit("/", 1)[-1][:3]: list(doc._.quotes) for a, doc in annotated(nlp, articles)}


@pytest.mark.parametrize(("seed", "opening", "speaker", "via"), SEED_QUOTES)
def test_quotes_every_seed_quote_has_its_speaker(
    seed_quotes: dict[str, list[Quote]], seed: str, opening: str, speaker: str, via: list[str]
) -> None:
    found = [q for q in seed_quotes[seed] if q.text.startswith(opening)]
    assert len(found) == 1, [q.text[:40] for q in seed_quotes[seed]]
    quote = found[0]
    assert quote.kind in ("direct", "mixed") and quote.speaker is not None
    assert quote.speaker.name == speaker
    assert [v.name for v in quote.via] == via


def test_quotes_scare_quotes_are_the_authors_voice(seed_quotes: dict[str, list[Quote]]) -> None:
    texts = {q.text for quotes in seed_quotes.values() for q in quotes}
    for scare in ("nation-building project", "the graveyard of the empires", "fanatic", "Taliban Khan", "deep state"):
        assert not any(t.startswith(scare) for t in texts), scare


def test_quotes_reported_speech_and_chains_in_seeds(seed_quotes: dict[str, list[Quote]]) -> None:
    debka = next(q for q in seed_quotes["004"] if q.text.startswith("Vladimir Putin had informed George Bush"))
    assert (debka.kind, debka.speaker and debka.speaker.name, [v.name for v in debka.via]) == (
        "indirect",
        "Debka Information Service",
        ["Pravda"],
    )
    visit = next(q for q in seed_quotes["000"] if "two-day official visit" in q.text)
    assert visit.speaker is not None and visit.speaker.described
    assert visit.speaker.name.startswith("two government officials who accompanied Imran Khan")
    assert visit.sourcing == "unnamed" and "reportedly" in visit.hedges
    cia = next(q for q in seed_quotes["000"] if q.text.startswith("the CIA was aiding Afghan jihadists"))
    assert [v.name for v in cia.via] == ["Tim Weiner"]
    letter = next(q for q in seed_quotes["001"] if q.text.startswith("he received a letter from Washington"))
    assert letter.kind == "indirect" and letter.speaker is not None and letter.speaker.name == "Imran Khan"


def test_quotes_unknown_speaker_share_on_seeds_is_small(seed_quotes: dict[str, list[Quote]]) -> None:
    quotes = [q for qs in seed_quotes.values() for q in qs]
    unknown = [q for q in quotes if q.speaker is None]
    assert len(quotes) >= 30 and len(unknown) / len(quotes) < 0.10


FIXTURE = (
    'Foreign Minister Lena Ortiz warned on Tuesday that the blockade would "starve an entire province."\n\n'
    '"We will not be intimidated," Ortiz said, "and we will not negotiate under fire."\n\n'
    "“The talks are over,” said General Arno Vesk, the army chief. He added that troops would stay.\n\n"
    "According to two officials who attended the meeting, the delegation walked out after an hour.\n\n"
    "The ministry said in a statement: “No vessel will be allowed to pass without inspection.\n\n"
    "“Any captain who refuses will be detained.”\n\n"
    "Vesk told reporters that the navy had seized three ships, reportedly including a tanker.\n\n"
    "“History is written by those who stay.” — Marta Ilyin\n\n"
    "The editor quoted Ilyin as saying: “We document, we do not decide.”\n\n"
    "Critics called it a “so-called security operation.” The “security operation” began at dawn, and I think it "
    "is a mistake."
)


@pytest.fixture(scope="module")
def fixture_doc(nlp: Language) -> Doc:
    article = Article(id="fx", source="fx", format="text", text=FIXTURE, extractor="test", published="2024-06-07")
    [(_, doc)] = list(annotated(nlp, [article]))
    return doc


def by_start(doc: Doc, opening: str) -> Quote:
    return next(q for q in doc._.quotes if q.text.startswith(opening))


def test_quotes_every_style_news_uses(fixture_doc: Doc) -> None:
    def who(opening: str) -> tuple[str, str | None, list[str]]:
        q = by_start(fixture_doc, opening)
        return q.kind, q.speaker.name if q.speaker else None, [v.name for v in q.via]

    assert who("starve an entire province") == ("mixed", "Lena Ortiz", [])
    assert who("We will not be intimidated") == ("direct", "Lena Ortiz", [])
    assert who("and we will not negotiate under fire") == ("direct", "Lena Ortiz", [])  # split around the cue
    assert who("The talks are over") == ("direct", "Arno Vesk", [])
    assert who("troops would stay") == ("indirect", "Arno Vesk", [])  # "He added that …"
    assert who("the delegation walked out") == ("indirect", "two officials who attended the meeting", [])
    assert who("History is written by those who stay") == ("direct", "Marta Ilyin", [])  # "— Name"
    assert who("We document, we do not decide") == ("direct", "Ilyin", ["The editor"])
    assert who("the navy had seized three ships")[1] == "Arno Vesk"  # "X told Y that …"


def test_quotes_multi_paragraph_quote_is_one(fixture_doc: Doc) -> None:
    ministry = by_start(fixture_doc, "No vessel will be allowed")
    assert ministry.text.endswith("Any captain who refuses will be detained.")
    assert ministry.speaker is not None and ministry.speaker.name == "The ministry"


def test_quotes_hedges_and_scare_quotes(fixture_doc: Doc) -> None:
    assert "reportedly" in by_start(fixture_doc, "the navy had seized three ships").hedges
    labelled = by_start(fixture_doc, "so-called security operation")  # the loaded label is the critics'
    assert labelled.kind == "mixed" and labelled.speaker is not None and labelled.speaker.name == "Critics"
    assert not any(q.text == "security operation" for q in fixture_doc._.quotes)  # scare quotes: the author's
    assert not any("it is a mistake" in q.text for q in fixture_doc._.quotes)  # "I think": the author


def test_quotes_offsets_point_at_the_text(fixture_doc: Doc) -> None:
    for q in fixture_doc._.quotes:
        assert fixture_doc.text[q.start : q.end] == q.text
        if q.cue_span:
            assert fixture_doc.text[q.cue_span[0] : q.cue_span[1]].strip()


def test_quotes_sentence_voices(fixture_doc: Doc) -> None:
    voices = [(fixture_doc.text[s:e].strip(), v) for s, e, v in sentence_voices(fixture_doc, fixture_doc._.quotes)]

    def voice(opening: str) -> str:
        return next(v for text, v in voices if text.startswith(opening))

    assert voice("“Any captain who refuses") == "quote"
    assert voice("Vesk told reporters") == "reported"
    assert voice("The “security operation” began") == "author"


def test_quote_marks_pairing() -> None:
    text = 'He said: “First part.\n\n“Second part,” he added. Then "straight one" and “open at end\n\nNot continued.'
    spans = [(text[q.start : q.end], q.closed) for q in quote_spans(text)]
    assert spans == [
        ("First part.\n\n“Second part,", True),
        ("straight one", True),
        ("open at end", False),
    ]
