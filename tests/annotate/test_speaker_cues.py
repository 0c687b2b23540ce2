"""Who speaks, in the shapes scraped news really takes (sentences from PolNeAR train articles, 2015-2016).

Each test is one mechanism: quote marks glued to the words around them, curly and straight marks mixed, a
quote right after its verb, passive control, a statement "saying", an appositive after a name, an honorific
that picks one of two namesakes, a date that is never a speaker, a title that makes a person.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dossier.annotate.pipeline import annotated
from dossier.annotate.quotemarks import quote_spans
from dossier.records import Article, Quote


def doc_of(nlp: Language, text: str) -> Doc:
    article = Article(id="t", source="t", format="text", text=text, extractor="test", published="2016-07-05")
    [(_, doc)] = list(annotated(nlp, [article]))
    return doc


def speaker_of(doc: Doc, words: str) -> str | None:
    quote: Quote = next(q for q in doc._.quotes if words in q.text)
    return quote.speaker.name if quote.speaker else None


def test_speaker_cues_a_mark_glued_to_the_comma_still_opens_the_quote(nlp: Language) -> None:
    text = (
        "Speaker of the House Paul Ryan spoke to WTMJ on Tuesday.\n\n"
        "Ryan said,“Look, anti-Semitic images, they’ve got no place in a presidential campaign. "
        "Candidates should know that.”"
    )
    assert [t.text for t in nlp.make_doc("Ryan said,“Look")] == ["Ryan", "said", ",", "“", "Look"]
    assert speaker_of(doc_of(nlp, text), "anti-Semitic images") == "Paul Ryan"


def test_speaker_cues_a_curly_quote_closed_by_a_straight_mark(nlp: Language) -> None:
    text = (
        "President Barack Obama spoke on Friday.\n\n"
        "Obama hailed the record streak of 71 months of private-sector job growth.\n\n"
        '“The United States of America right now has the strongest, most durable economy in the world," he '
        'said. At the same time, Obama remarked upon the fact that there is still "more work to do."'
    )
    spans = [text[q.start : q.end] for q in quote_spans(text)]
    assert spans[0].startswith("The United States") and spans[0].endswith("in the world,")
    assert spans[1] == "more work to do."
    assert speaker_of(doc_of(nlp, text), "most durable economy") == "Barack Obama"


def test_speaker_cues_a_quote_right_after_its_verb(nlp: Language) -> None:
    text = (
        "Speaker of the House Rep. Paul Ryan (R-WI) said “anti-Semitic images, they’ve got no place in a "
        "presidential campaign.”"
    )
    assert speaker_of(doc_of(nlp, text), "no place in a presidential campaign") == "Paul Ryan"


def test_speaker_cues_the_passive_subject_of_a_control_verb_speaks(nlp: Language) -> None:
    text = (
        "Senator Ted Cruz of Texas stuck to policy at first.\n\n"
        "But much of the debate was so subdued that Mr. Trump was prompted to say, ''So far, I cannot believe "
        "how civil it's been up here.''"
    )
    assert speaker_of(doc_of(nlp, text), "how civil it's been") == "Trump"


def test_speaker_cues_the_one_who_issues_a_statement_saying(nlp: Language) -> None:
    text = (
        "Donald J. Trump was forced into a rare moment of damage control.\n\n"
        "Mr. Trump issued a statement Tuesday saying, ''I do not feel that one's heritage makes them incapable "
        "of being impartial.''"
    )
    assert speaker_of(doc_of(nlp, text), "heritage makes them") == "Donald J. Trump"


def test_speaker_cues_an_appositive_after_a_name_is_not_the_speaker(nlp: Language) -> None:
    text = "Senator Lindsey Graham, Republican of South Carolina, said on Sunday that Mr. Trump had crossed a line."
    assert speaker_of(doc_of(nlp, text), "had crossed a line") == "Lindsey Graham"


def test_speaker_cues_an_honorific_picks_the_namesake_of_its_gender(nlp: Language) -> None:
    text = (
        "Hillary Clinton has cited the economic record of Bill Clinton, her husband.\n\n"
        "''Jobs, jobs, jobs,'' Mrs. Clinton said on a late-night show last month. ''Nobody did it better, "
        "created more jobs, helped incomes rise.''"
    )
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "Jobs, jobs") == "Hillary Clinton"
    hillary = next(e for e in doc._.entities if e.name == "Hillary Clinton")
    assert any(text[s:e] == "Clinton" and text[s - 5 : s] == "Mrs. " for s, e in hillary.mentions)


def test_speaker_cues_a_participle_after_a_person_and_a_date(nlp: Language) -> None:
    text = (
        "Erin Brockovich, the legendary environmental activist and lawyer, endorsed Sanders’ approach Saturday, "
        "saying she hadn’t yet called for the governor’s resignation."
    )
    assert speaker_of(doc_of(nlp, text), "called for the governor") == "Erin Brockovich"


def test_speaker_cues_a_title_makes_a_person_of_a_name_tagged_a_place(nlp: Language) -> None:
    from dossier.annotate.speakers import titled
    from dossier.records import DocEntity

    text = "President Obama backed her up in an interview last October."
    doc = doc_of(nlp, text)
    start = text.index("Obama")
    place = DocEntity(doc_id="t", key="GPE:obama", type="GPE", name="Obama", mentions=[(start, start + 5)])
    assert titled(doc, place)
    moved = DocEntity(
        doc_id="t", key="GPE:obama", type="GPE", name="Obama", mentions=[(text.index("October"), len(text) - 1)]
    )
    assert not titled(doc, moved)


def test_speaker_cues_a_straight_mark_closes_before_the_line_ends(nlp: Language) -> None:
    text = (
        'CNN, Cruz said, called the announcement “highly significant."\n'
        "Cruz said that he had since apologized to Carson, whom he considers a “friend.”"
    )
    assert [text[q.start : q.end] for q in quote_spans(text)] == ["highly significant.", "friend."]


def test_speaker_cues_a_conjunct_shares_the_passive_subject(nlp: Language) -> None:
    text = (
        "Donald J. Trump spoke in San Diego.\n\n"
        "By the end of the day, Mr. Trump was forced into a rare moment of damage control and said that his "
        "words had been misconstrued."
    )
    assert speaker_of(doc_of(nlp, text), "his words had been misconstrued") == "Donald J. Trump"


def test_speaker_cues_a_participle_after_a_comma_speaks_for_the_clause(nlp: Language) -> None:
    text = (
        "Donald J. Trump spoke in Ohio.\n\n"
        "Facing mounting criticism, Mr. Trump released a follow-up statement on Saturday night, describing the "
        "Khans' deceased son as a hero but insisting that Mr. Khan had no right to criticize him."
    )
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "Mr. Khan had no right") == "Donald J. Trump"
    assert not any(q.text.startswith("Facing mounting criticism") for q in doc._.quotes)


def test_speaker_cues_mixed_marks_pair_the_way_a_reader_pairs_them(nlp: Language) -> None:
    text = (
        '“Our roads and bridges are potholed and crumbling," she said. "Families endure blackouts because our '
        "electric grid fails in extreme weather.”\n\n"
        '"You know, we learned a lot about ground games in one week, I have to tell you,” he said. '
        'He called it “a "great" night” on Tuesday.'
    )
    assert [text[q.start : q.end] for q in quote_spans(text)] == [
        "Our roads and bridges are potholed and crumbling,",
        "Families endure blackouts because our electric grid fails in extreme weather.",
        "You know, we learned a lot about ground games in one week, I have to tell you,",
        'a "great" night',
    ]
