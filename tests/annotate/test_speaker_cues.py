"""Who speaks, in the shapes scraped news really takes (sentences from PolNeAR train articles, 2015-2016).

Each test is one mechanism: quote marks glued to the words around them, curly and straight marks mixed, a
quote right after its verb, passive control, a statement "saying", an appositive after a name, an honorific
that picks one of two namesakes, a date that is never a speaker, a title that makes a person; inverted and
"as X said" cues, asides after a name, conjuncts that share a subject, a quote inside what someone said, whom
one tells, a label given to someone else's words, a first name of the other gender; a cue between commas,
a description before an inverted cue's name, a quote inside the author's sentence, an appositive closing a
described subject, and "according to" after a cue.
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


def quote_with(doc: Doc, words: str) -> Quote:
    return next(q for q in doc._.quotes if words in q.text)


def speaker_of(doc: Doc, words: str) -> str | None:
    quote = quote_with(doc, words)
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


def test_speaker_cues_a_conjunct_of_a_copula_shares_its_subject(nlp: Language) -> None:
    text = (
        "McConnell was quick to embrace the mogul after he clinched the nomination and said this week that Trump "
        "is looking like he’ll be “very competitive” in November."
    )
    assert speaker_of(doc_of(nlp, text), "Trump is looking like") == "McConnell"


def test_speaker_cues_a_bracketed_aside_before_the_opening_comma(nlp: Language) -> None:
    text = (
        "However, as Archbishop Aris Shirvanian of the Armenian Patriarchate of Jerusalem told the Associated "
        "Press (AP), “We, the Armenians and the Jewish people, have suffered the same fate.”"
    )
    assert speaker_of(doc_of(nlp, text), "suffered the same fate") == "Archbishop Aris Shirvanian"


def test_speaker_cues_the_person_an_appositive_describes(nlp: Language) -> None:
    text = (
        "At Boca West, where it costs new members $70,000 to sign up, Jay DiPietro, the club's 78-year-old "
        "president and general manager, suggested that the troubles besetting some of his competitors could be "
        "blamed on poor management."
    )
    assert speaker_of(doc_of(nlp, text), "the troubles besetting") == "Jay DiPietro"


def test_speaker_cues_an_aside_between_commas_or_dashes_after_the_name(nlp: Language) -> None:
    text = (
        "On his way out of the campaign, Mr. Bush - in a line that seemed squarely directed at Mr. Trump's "
        "divisive brand of politics - declared that a president must tend to all corners of the country."
    )
    assert speaker_of(doc_of(nlp, text), "a president must tend") == "Bush"


def test_speaker_cues_a_person_conjoined_to_a_subject_that_names_nobody(nlp: Language) -> None:
    text = (
        "Neither John Kasich nor Mario Rubio has won a state and Cruz strongly suggested they should drop out so "
        "the anti-Trump factions could coalesce around him."
    )
    assert speaker_of(doc_of(nlp, text), "they should drop out") == "Cruz"


def test_speaker_cues_a_second_clause_said_after_but(nlp: Language) -> None:
    text = (
        "Zimmerman said he had received offers for the gun, but “the offers were to use the gun in a fashion I "
        "did not feel comfortable with.”"
    )
    assert speaker_of(doc_of(nlp, text), "the offers were to use") == "Zimmerman"


def test_speaker_cues_a_finite_verb_parsed_as_a_participle_of_the_name(nlp: Language) -> None:
    text = (
        "Donald Trump, who is vying to be the next president, tweeted on Friday to say he had never suggested the "
        "U.S. should use a database to track Muslims."
    )
    assert speaker_of(doc_of(nlp, text), "never suggested") == "Donald Trump"


def test_speaker_cues_whom_one_tells_is_not_who_speaks(nlp: Language) -> None:
    text = (
        "Morton Blackwell endorsed Cruz last week.\n\n"
        "“Yes, I support Ted Cruz,” Brent Bozell III, founder of the Media Research Center, tells Breitbart News "
        "in an exclusive interview."
    )
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "Yes, I support") == "Brent Bozell III"
    assert all(q.speaker is None or q.speaker.name != "Breitbart News" for q in doc._.quotes)


def test_speaker_cues_an_inverted_cue_and_a_nested_typewriter_close(nlp: Language) -> None:
    text = (
        "Mr. Regalado, 69, said he had been inundated with angry email. ''Sometimes they say, 'Yeah, Trump is "
        "right, you guys have to all go back to your country,''' said Mr. Regalado, who was born in Havana. "
        "''This is my country. I can't go back to Cuba.''\n\n"
        "''I'm more skilled with my hands than I am with my brain,'' said Robin Maynard, half joking."
    )
    spans = [text[q.start : q.end] for q in quote_spans(text)]
    assert spans[0].endswith("your country,'")
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "Sometimes they say") == "Regalado"
    assert speaker_of(doc, "This is my country") == "Regalado"
    assert speaker_of(doc, "skilled with my hands") == "Robin Maynard"


def test_speaker_cues_as_x_said_and_pointed_out(nlp: Language) -> None:
    text = (
        "Still, the fact that the race “is a dead heat right now,” as Cruz said on Glenn Beck’s radio program on "
        "Monday, only magnifies the importance of every tactical decision.\n\n"
        "As RealClearPolitics’ David Byler pointed out in December, “In the week before the 2016 convention, the "
        "delegates will have multiple opportunities to change it.”"
    )
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "a dead heat") == "Cruz"
    assert speaker_of(doc, "multiple opportunities") == "David Byler"


def test_speaker_cues_the_next_sentence_quoted_after_reported_speech(nlp: Language) -> None:
    text = (
        "Bolton distanced himself from the NeverTrump movement by saying he would be willing to bring his "
        "expertise to the Trump Administration if asked.  “I’m going to support him, and support him "
        "enthusiastically, because I think he can do the job.”"
    )
    assert speaker_of(doc_of(nlp, text), "support him enthusiastically") == "Bolton"


def test_speaker_cues_a_label_given_to_someone_elses_comments(nlp: Language) -> None:
    text = (
        "Mr. Scott, who has called Mr. Trump's comments ''racially toxic,'' portrayed his own party's nominee as a "
        "temporary affliction on conservatism."
    )
    doc = doc_of(nlp, text)
    assert all(q.speaker is None or "Trump" not in q.speaker.name for q in doc._.quotes)


def test_speaker_cues_a_first_name_of_the_other_gender_only_weighs_against(nlp: Language) -> None:
    text = (
        "Republican presidential candidate Sen. Lindsey Graham (R-SC) called out his rival Donald Trump for "
        "alienating Hispanics.\n\n"
        "Graham said, “How many of you believe we lose elections because we’re not tough enough on immigration?”\n\n"
        "He continued, “I believe we’re losing the Hispanic vote because they think we don’t like them.”"
    )
    assert speaker_of(doc_of(nlp, text), "losing the Hispanic vote") == "Lindsey Graham"


def test_speaker_cues_an_unlabeled_conjunct_shares_the_subject(nlp: Language) -> None:
    text = "Clinton paused, then revealed why Smegielski’s activism was especially moving."
    assert speaker_of(doc_of(nlp, text), "activism was especially moving") == "Clinton"


def test_speaker_cues_in_someones_view(nlp: Language) -> None:
    text = (
        "“This is not a circumstance in the national security field where there’s one, or two, or three things "
        "you can identify – it’s an across-the-board failure” from diplomacy to the defense budget, in Bolton’s "
        "view."
    )
    quote = next(q for q in doc_of(nlp, text)._.quotes if "across-the-board" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Bolton" and quote.cue == "in Bolton’s view"


def test_speaker_cues_a_date_parsed_as_the_subject_is_not_who_speaks(nlp: Language) -> None:
    text = (
        "Elizabeth Warren: Donald Trump Is a ‘Proven Failure’ in Business.\n\n"
        "Saturday at the Massachusetts Democratic state’s party convention Sen. Elizabeth Warren (D-MA) said "
        "presumptive Republican presidential nominee Donald Trump was a “proven failure” in business."
    )
    assert speaker_of(doc_of(nlp, text), "Donald Trump was") == "Elizabeth Warren"


def test_speaker_cues_a_quote_inside_what_someone_said_is_theirs(nlp: Language) -> None:
    text = (
        "Bolton said he would advise Trump on dealing with the “strategic threats that exist out there, in the "
        "form of Russia and China, which I don’t think Barack Obama even understands.”"
    )
    assert speaker_of(doc_of(nlp, text), "strategic threats") == "Bolton"


def test_speaker_cues_the_quotes_own_sentence_cues_it_before_an_earlier_paragraph(nlp: Language) -> None:
    text = (
        "Mr. Trump had the air of a winner, suggesting that more voters were taking part in the Republican "
        "primaries than ever because of him.\n\n"
        "On Friday, Mr. Carson endorsed Mr. Trump at a news conference at Mar-a-Lago, Mr. Trump's private club, "
        "calling him ''actually a very intelligent man who cares deeply about America.''"
    )
    assert speaker_of(doc_of(nlp, text), "a very intelligent man") == "Mr. Carson"


def test_speaker_cues_a_participle_after_reported_speech_goes_with_the_telling(nlp: Language) -> None:
    text = (
        "To wit, Trump told Newsmax that Mitt Romney “had a crazy policy of self-deportation which was maniacal,” "
        "adding, “He lost all of the Latino vote … he lost everybody who is inspired to come into this country.”"
    )
    assert speaker_of(doc_of(nlp, text), "He lost all of the Latino vote") == "Trump"


def test_speaker_cues_a_verb_between_commas_reports_its_own_sentence(nlp: Language) -> None:
    text = (
        "Debbie Kepler, the organist at the Midway Baptist Church, which is on the same street as the mosque, "
        "remembered when it still had a cross and Christians.\n\n"
        "Now, she said, the Christians and Muslims don't mix much. \"We don't go over there, and they don't come "
        'over here," she said.'
    )
    doc = doc_of(nlp, text)
    aside = quote_with(doc, "don't mix much")
    assert aside.kind == "indirect" and aside.cue == "said" and aside.text.startswith("Now, she said, the Christians")
    assert speaker_of(doc, "don't mix much") == "Debbie Kepler"
    assert speaker_of(doc, "We don't go over there") == "Debbie Kepler"  # and the next "she said" continues her


def test_speaker_cues_an_inverted_cue_names_the_speaker_after_a_description(nlp: Language) -> None:
    text = (
        '"I\'m not going to say it is a mistake, so forget about it," said retired neurosurgeon Ben Carson, asked '
        "about his claims that he had received a scholarship offer from West Point, when he hadn't actually "
        "applied to the school."
    )
    assert speaker_of(doc_of(nlp, text), "forget about it") == "Ben Carson"


def test_speaker_cues_a_participle_read_as_the_main_verb_keeps_its_subject(nlp: Language) -> None:
    text = (
        "So far, Sanders has shown little inclination to play a big role on that front. But Sen. Richard J. Durbin "
        "(D-Ill.), noting the size of Sanders's following, said, \"Let me tell you, he's got a heck of an email "
        "list, and if he decides to use it to help the Democrats take control of the Senate, that creates a better "
        'opportunity for his ideas to see the light of day."'
    )
    assert speaker_of(doc_of(nlp, text), "heck of an email list") == "Richard J. Durbin"


def test_speaker_cues_the_one_said_to_have_said_it_speaks(nlp: Language) -> None:
    text = (
        "President Barack Obama also is reported to have called the Saudis “free riders” who rely too much on "
        "U.S. military aid."
    )
    reported = quote_with(doc_of(nlp, text), "to have called the Saudis")
    assert reported.cue == "reported" and reported.speaker is not None and reported.speaker.name == "Barack Obama"


def test_speaker_cues_a_quote_inside_the_authors_sentence_is_its_subjects(nlp: Language) -> None:
    text = (
        "When Sen. Bernie Sanders of Vermont took the stage this week after falling short in the Kentucky "
        "primary, supporters of Hillary Clinton wondered whether he would finally soften his tone.\n\n"
        "Sanders credited Clinton's victory to \"a closed primary, something I am not all that enthusiastic about, "
        'where independents are not allowed to vote."\n\n'
        "And after the Supreme Court refused to reinstate the law, Gov. Pat McCrory (R) blamed the court's "
        '"four liberal justices [who] blocked North Carolina protections afforded by our sensible voter laws."'
    )
    doc = doc_of(nlp, text)
    closed = quote_with(doc, "a closed primary")
    assert closed.kind == "mixed" and closed.cue == "credited" and closed.speaker is not None
    assert closed.speaker.name == "Bernie Sanders"
    assert speaker_of(doc, "four liberal justices") == "Pat McCrory"


def test_speaker_cues_a_new_sentences_subject_outweighs_the_voice_before(nlp: Language) -> None:
    text = (
        '"Try they might, but no one believes that Cruz is anything but a constitutional, fiscal and social '
        'conservative," Cruz spokesman Rick Tyler said, "and he has the record, unlike his detractors, to back it '
        'up." On the campaign trail, Cruz describes himself as "a consistent conservative."'
    )
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "no one believes") == "Rick Tyler"
    assert speaker_of(doc, "a consistent conservative") == "Cruz"


def test_speaker_cues_the_person_an_appositive_names_at_the_end_of_a_description(nlp: Language) -> None:
    text = (
        "Pointing to Manafort's involvement, Vin Weber told AP that Manafort discussed the project before it began "
        "in a conference call with Podesta and himself.\n\n"
        "The director of the European Centre, Ina Kirsch, told the AP her group never worked with Manafort or "
        "Gates and said the group hired the Washington lobbyists on its own. She said she had met with Manafort "
        "twice but said neither Manafort nor Gates played a role in its lobbying activities."
    )
    doc = doc_of(nlp, text)
    assert speaker_of(doc, "her group never worked with Manafort") == "Ina Kirsch"
    assert speaker_of(doc, "she had met with Manafort twice") == "Ina Kirsch"  # "She" is Kirsch, not Weber


def test_speaker_cues_a_name_before_an_aside_and_an_auxiliary(nlp: Language) -> None:
    text = (
        "The issue had come up Friday after Mr. Trump, asked about the deaths of journalists under Mr. Putin, had "
        "said, ''I think our country does plenty of killing also.''"
    )
    assert speaker_of(doc_of(nlp, text), "plenty of killing") == "Trump"


def test_speaker_cues_according_to_after_a_cue_relays_the_speaker(nlp: Language) -> None:
    text = (
        "Rep. Lois Frankel recalled Rep. Alan Grayson giving her the same line about his then-fiancée.\n\n"
        "“She’s going to have my name, and I’m going to spend a lot of money on television,” Grayson said, "
        "according to Frankel."
    )
    quote = quote_with(doc_of(nlp, text), "She’s going to have my name")
    assert quote.speaker is not None and quote.speaker.name == "Alan Grayson"
    assert [v.name for v in quote.via] == ["Frankel"]  # the teller, kept beside the speaker
