"""Speakers on sentences from partisan news (PolNeAR): trailing names the parse loses, comma-led cues, transcript
turns opened by a quote mark, bare surnames as mentions, and the learned pronoun ranker with its record."""

from __future__ import annotations

import json

from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate.pipeline import annotated
from dossier.annotate.speakers import HAND_WEIGHTS, RANKER, candidate_features, ranker_weights, surname_mentions
from dossier.records import Article, Quote


def doc_of(nlp: Language, text: str) -> Doc:
    article = Article(id="t", source="t", format="text", text=text, extractor="test", published="2016-09-20")
    [(_, doc)] = list(annotated(nlp, [article]))
    return doc


def quote_at(doc: Doc, words: str) -> Quote:
    return next(q for q in doc._.quotes if words in q.text)


def speaker_of(doc: Doc, words: str) -> str | None:
    speaker = quote_at(doc, words).speaker
    return speaker.name if speaker else None


def test_speakers_long_quote_keeps_its_trailing_speaker(nlp: Language) -> None:
    # the quote's last sentence parses as a second subject of "said"; the name beside the verb speaks
    doc = doc_of(
        nlp,
        '"He would be a great senator. Not good, great. One of the brightest members of the entire Congress," '
        "Rep. Elijah E. Cummings (D-Md.) said in a phone interview.",
    )
    assert speaker_of(doc, "He would be a great senator") == "Elijah E. Cummings"


def test_speakers_name_the_parse_hung_inside_the_quote_still_speaks(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "“He's absolutely right. There's a severe disconnect between this White House and frankly the president "
        "and our military,” Flynn, a top Trump surrogate, said Thursday morning on Fox News’s “Fox and Friends.” "
        "“I mean, there's a lot of frustration within the ranks.”",
    )
    assert speaker_of(doc, "severe disconnect") == "Flynn"
    assert speaker_of(doc, "frustration within the ranks") == "Flynn"


def test_speakers_comma_after_the_verb_opens_the_quote(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "Trump made the reference Monday at an event for veterans.\n\nTrump said, “When people come back from war "
        "and combat, and you’re strong and you can handle it. But a lot of people can’t handle it.”",
    )
    quote = quote_at(doc, "When people come back")
    assert quote.cue == "said" and speaker_of(doc, "When people come back") == "Trump"


def test_speakers_quote_running_on_past_its_mark_continues_the_voice(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "''It's more tinkering at the edges,'' said Alan Cole, an economist at the Tax Foundation. ''I wouldn't "
        "call it reform. It's basically just a tax increase'' for the top income bracket.",
    )
    assert speaker_of(doc, "I wouldn't call it reform") == "Alan Cole"


def test_speakers_transcript_turn_opened_by_a_quote_mark(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "Partial transcript as follows:\n\n"
        '"WALLACE: Let’s start with breaking news on the debate story. Why would Trump do that?\n\n'
        '"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of “Shark Tank.”\n\n'
        '"WALLACE: Do you really see those two as equivalent?',
    )
    assert speaker_of(doc, "Let’s start with breaking news") == "Wallace"
    assert speaker_of(doc, "Well, look, Hillary Clinton") == "Pence"


HAM = (
    "Retired U.S. Air Force Gen. Norman Ham is speaking out about the problems he has with the commander in "
    "chief, and why he believes GOP nominee Donald Trump has the best plan for the military.\n\n"
    "In an interview with Rusty Humphries, Ham made it clear he had major misgivings about the armed forces "
    "under President Barack Obama.\n\n"
    "“Now that I don’t have to be politically correct anymore,” he told the host, “it was demoralizing.”"
)


def test_speakers_bare_surname_is_a_mention_of_the_person(nlp: Language) -> None:
    doc = doc_of(nlp, HAM)
    ham = next(e for e in doc._.entities if e.name == "Norman Ham")
    assert surname_mentions(doc, doc._.entities)[ham.key] == [HAM.index("Ham made")]
    assert speaker_of(doc, "politically correct") == "Norman Ham"


def she_candidates(doc: Doc) -> dict[str, dict[str, float]]:
    """The cues of every candidate for the "She" of "She said", by entity name."""
    position = doc.text.index("She said")
    return {e.name: f for e, f in candidate_features(doc, position, "she", doc._.entities, doc._.quotes)}


def test_speakers_candidates_agree_in_gender_and_carry_their_cues(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "Senator Maria Keller met Governor Thomas Brandt on Monday. “We have the votes,” Keller said. "
        "Brandt disagreed. She said the bill would pass.",
    )
    scored = she_candidates(doc)
    # "she" is hardly the governor named Thomas: a first name of the other gender weighs against him
    assert scored["Thomas Brandt"]["name_gender_conflicts"] == 1.0 and scored["Thomas Brandt"]["gender_agrees"] == 0.0
    assert scored["Maria Keller"]["name_gender_conflicts"] == 0.0
    assert scored["Maria Keller"]["previous_speaker"] == 1.0 and scored["Maria Keller"]["gender_agrees"] == 1.0
    assert speaker_of(doc, "the bill would pass") == "Maria Keller"


def test_speakers_ranker_ships_with_its_training_record() -> None:
    weights = json.loads(RANKER.read_text(encoding="utf-8"))["weights"]
    assert set(HAND_WEIGHTS) <= set(weights) and ranker_weights() == weights
    meta = json.loads((RANKER.parent / "metadata.json").read_text(encoding="utf-8"))
    assert "PolNeAR" in meta["training_data"] and meta["seed"] == 13
    assert meta["held_back_accuracy"]["ranker"] >= meta["held_back_accuracy"]["hand_weights"]
    assert {"dev", "dev_tune", "dev_held"} <= set(meta["scores"]) and meta["scores"]["dev"]["speaker_accuracy"] >= 0.9


def test_speakers_an_honorific_of_the_other_gender_rules_a_person_out(nlp: Language) -> None:
    doc = doc_of(
        nlp,
        "Mr. Keller met Ms. Brandt on Monday. “We have the votes,” Brandt said. Keller disagreed. She said the "
        "bill would pass.",
    )
    assert not any("Keller" in name for name in she_candidates(doc))
    assert speaker_of(doc, "the bill would pass") == "Brandt"
