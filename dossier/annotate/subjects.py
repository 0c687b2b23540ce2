"""Who performs a speech act, read off the parse: the subject of a speech verb, and the repairs for the parses
that lose it (an inverted cue, an aside after the name, a date taken for the subject, a participle hung on the
wrong word). quotes.py asks this module for the token; turning the token into a speaker is quotes.py's job.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from dossier.annotate.lexicon import BELIEF_VERBS, PHRASAL_SPEECH, SPEECH_NOUNS, SPEECH_VERBS
from dossier.annotate.reported import learned_cue

QUOTE_TOKENS = {'"', "“", "”", "''", "``", "«", "»"}
NOMINAL = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM"}  # what a name phrase standing before its verb is made of
NOT_PHRASE_HEADS = {"compound", "poss", "amod", "nmod", "pobj", "npadvmod", "nummod", "dobj", "attr", "oprd"}
TIME_TYPES = {"DATE", "TIME"}
ADDRESSING_VERBS = {"tell", "ask", "inform", "assure", "remind", "urge", "advise", "brief"}  # their object is spoken to
RAISING_VERBS = {"say", "report", "allege", "quote"}  # "X is said to have …": X is the one who spoke
CUE_WINDOW = 16  # tokens after a closing mark in which a trailing "Khan said" is looked for


def speech_cue(tok: Token) -> bool:
    """A verb that introduces speech: on the shared list, or scored a cue by the learned model ("continued")."""
    if tok.lemma_ in SPEECH_VERBS:
        return True
    if any((tok.lemma_, c.lower_) in PHRASAL_SPEECH for c in tok.children if c.dep_ == "prt"):
        return True  # "pointed out"
    return tok.lemma_ not in BELIEF_VERBS and learned_cue(tok)


def trailing_subject(verb: Token) -> Token | None:
    """Who speaks in "“…,” Flynn, a top Trump surrogate, said": the verb's subject, unless the parse put it
    inside the quote (a long quote's last sentence read as the subject, or the name hung on a word inside it);
    then the head of the name phrase standing between the closing mark and the verb."""
    subject = speech_subject(verb)
    window = verb.doc[max(verb.i - CUE_WINDOW - 1, 0) : verb.i]
    marks = [t.i for t in window if t.text in QUOTE_TOKENS]
    if marks and all(t.is_punct for t in verb.doc[marks[-1] + 1 : verb.i]):
        inverted = _inverted_subject(verb)  # "''…,'' said Robin Maynard, half joking": the name after the verb
        if inverted is not None and (subject is None or subject.i < marks[-1] or subject.i > inverted.i):
            return inverted
    if not marks or (subject is not None and marks[-1] < subject.i < verb.i):
        return subject
    between = list(verb.doc[marks[-1] + 1 : verb.i])
    if any("\n" in t.text for t in between):
        return subject
    words = [t for t in between if not t.is_punct]
    while between and between[0].is_punct:
        between = between[1:]
    run = []
    for t in between:  # "Rep. Elijah E. Cummings (D-Md.)": the first phrase, up to a comma or bracket
        if t.is_punct or t.pos_ not in NOMINAL:
            break
        run.append(t)
    heads = [t for t in run if t.pos_ in ("PROPN", "NOUN", "PRON")]
    rest = between[len(run) :]
    if any(t.pos_ in ("VERB", "AUX") for t in rest) and not (
        heads and heads[-1].pos_ == "PROPN" and rest[0].text == ","
    ):
        return subject  # a clause between, unless it describes a name ("Mr. Daniloff, now 81 and retired, said")
    return heads[-1] if heads and words else subject


def _inverted_subject(verb: Token) -> Token | None:
    """The name right after an inverted cue ("said Mr. Regalado", "said Robin Maynard, half joking", "said
    retired neurosurgeon Ben Carson, asked about …"), whatever the parser hung it on: the noun phrase that
    follows the verb, when it ends on a person's name (its head; "said Mr. Trump's lawyer" ends on a noun)."""
    phrase: list[Token] = []
    for tok in verb.doc[verb.i + 1 : min(len(verb.doc), verb.i + 11)]:
        if "\n" in tok.text or tok.ent_type_ in TIME_TYPES:
            break  # "said Trump Tuesday": the date is not part of the name
        if not (tok.pos_ in NOMINAL or tok.dep_ in ("amod", "case")) or tok.pos_ == "PRON":
            break
        phrase.append(tok)
    if not phrase or phrase[-1].pos_ != "PROPN" or phrase[-1].ent_type_ != "PERSON":
        return None
    return phrase[-1]


def second_complement(clause: Token) -> bool:
    """ "Zimmerman said he had received offers, but “the offers were …”": a clause with its own subject parsed as
    a conjunct of a speech verb that already reports a clause is a second thing said, not a second act."""
    verb = clause.head
    if clause.dep_ != "conj" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return False
    return any(c.dep_ == "ccomp" and c.i < clause.i for c in verb.children)


def speech_subject(verb: Token) -> Token | None:
    """Who performs the speech act: the subject, or in the passive the "by" agent ("was dubbed a “fanatic” by
    critics") — except "X was quoted as saying", where X still speaks."""
    # nearest first: "“He would be great. One of the brightest,” Cummings said" parses both "One" and
    # "Cummings" as subjects of "said"; the one beside the verb speaks, the other is the quote's own
    for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if child.dep_ == "nsubj" and child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            return verb.head  # "Sanders, who said …", "a statement that said …": the relative's antecedent
        if child.dep_ == "nsubj" and child.ent_type_ in TIME_TYPES:
            # "Saturday at the convention Sen. Elizabeth Warren (D-MA) said": a date parsed as the subject
            return _nearest_noun_before(verb) or child
        raised = (
            child.dep_ == "nsubjpass" and verb.lemma_ in RAISING_VERBS and any(c.dep_ == "xcomp" for c in verb.children)
        )
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb.lemma_ == "quote") or raised:
            # "Obama is reported to have called the Saudis …": the one said to have said it speaks
            return _person_conjunct(child, verb) or child
        if child.dep_ == "nsubjpass":
            agent = [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            return agent[0] if agent else None
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    named = before is not None and before.dep_ in ("pobj", "compound") and before.ent_type_ == "PERSON"
    if verb.tag_ == "VBG" and before is not None and named:
        # "footage of Hillary Clinton asking, “…”" (the name parsed as the object, or as a modifier of the
        # gerund): the person shown speaks, not the ad
        return before
    reporting = _setting_verb(verb) or _issuing_verb(verb) or _adjunct_governor(verb)
    if reporting is not None:
        return speech_subject(reporting)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i == verb.i - 1:
        return verb.head  # "the editor quoted …" parsed as a reduced relative clause
    if verb.dep_ == "acl" and verb.head.ent_type_ == "PERSON" and not any(c.dep_ == "agent" for c in verb.children):
        # "Erin Brockovich, the activist, …, saying she …": the participle describes her; "Donald Trump, who is
        # vying …, tweeted on Friday": a finite verb the parser took for a participle is still hers or his
        return verb.head
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        # object control: "forced Stumpf to admit that …", "urged him to say …": the object speaks
        # and in the passive, "Trump was prompted to say …": the passive subject speaks, not the agent
        controller = [c for c in verb.head.children if c.dep_ in ("dobj", "nsubjpass") and c.i < verb.i]
        return controller[0] if controller else speech_subject(verb.head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ccomp" and speech_cue(verb.head.head):
        # "Trump told Newsmax that Romney had a crazy policy, adding, “…”": the participle goes with the telling
        return speech_subject(verb.head.head)
    if verb.dep_ == "parataxis" and verb.head.tag_ == "VBG" and verb.head.i < verb.i:
        # "Sen. Richard J. Durbin (D-Ill.), noting the size of …, said, “…”": the participle read as the main verb
        return speech_subject(verb.head)
    loose = verb.dep_ == "dep" and verb.head.i < verb.i  # "Clinton paused, then revealed …" (an unlabeled conjunct)
    if (verb.dep_ in ("conj", "advcl") or loose) and verb.head.pos_ in ("VERB", "AUX"):
        # "McConnell was quick to embrace … and said …": a conjunct of a copula shares its subject too
        shared = speech_subject(verb.head)
        if shared is None and verb.dep_ == "conj":  # "Mr. Trump was forced into … and said that …"
            shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        return shared
    governor = _gerund_governor(verb)  # "Obama responded by saying …", "aside from saying …"
    if governor is not None:
        if governor.lemma_ == "quote" and verb.head.lower_ == "as":
            quoted = [c for c in governor.children if c.dep_ in ("dobj", "dative")]
            return quoted[0] if quoted else speech_subject(governor)  # "Pravda quoted Debka as saying": Debka
        return speech_subject(governor)
    after = [
        c for c in verb.rights
        if c.dep_ in ("dobj", "attr", "npadvmod") and c.pos_ == "PROPN" and c.ent_type_ not in TIME_TYPES
    ]  # fmt: skip
    if after and verb.i > 0 and verb.doc[verb.i - 1].is_punct and verb.lemma_ not in ADDRESSING_VERBS:
        return after[0]  # "…," said Khan (but "…," tells Breitbart News: whom one tells does not speak)
    return _nearest_noun_before(verb)


def _person_conjunct(subject: Token, verb: Token) -> Token | None:
    """ "Neither has won a state and Cruz strongly suggested …" parsed as the subject "a state and Cruz": the
    person conjoined to a subject that names nobody, standing right before the verb, is who speaks."""
    if subject.ent_type_ or subject.pos_ != "NOUN":
        return None
    for conj in (c for c in subject.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"):
        if all(t.pos_ == "ADV" for t in verb.doc[conj.right_edge.i + 1 : verb.i]):
            return conj
    return None


def _setting_verb(verb: Token) -> Token | None:
    """A participle that describes an occasion ("a news conference announcing …", "a speech calling for …"):
    the verb whose prepositional phrase names that occasion, since its subject is the one speaking there."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or verb.head.ent_type_ == "PERSON":
        return None
    node = verb.head
    for _ in range(3):  # "at a conference", "at a conference in Ohio"
        if node.dep_ != "pobj" or node.head.dep_ != "prep":
            return None
        node = node.head.head
        if node.pos_ == "VERB":
            return node
    return None


def _issuing_verb(verb: Token) -> Token | None:
    """ "Trump issued a statement Tuesday saying …", "posted a tweet calling …": the participle describes a
    speech noun that is the object of a verb, and that verb's subject is the one who says it."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.lemma_ not in SPEECH_NOUNS or noun.dep_ != "dobj":
        return None
    return noun.head if noun.head.pos_ == "VERB" else None


def _adjunct_governor(verb: Token) -> Token | None:
    """ "Mr. Trump released a statement on Saturday night, describing …": a participle after a comma is an
    adjunct of the clause, whatever noun the parser hung it on, so the clause's verb says who speaks."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    node = verb.head
    for _ in range(4):
        if node.pos_ == "VERB":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _gerund_governor(verb: Token) -> Token | None:
    """The verb a gerund hangs from through its preposition: "responded by saying" → responded."""
    if verb.dep_ != "pcomp":
        return None
    node = verb.head
    for _ in range(2):  # "by saying", "aside from saying"
        if node.dep_ not in ("prep", "agent", "advmod"):
            return None
        node = node.head
        if node.pos_ == "VERB":
            return node
    return None


def _nearest_noun_before(verb: Token) -> Token | None:
    """When the parse gives a verb no subject, the head of the noun phrase just before it in its sentence."""
    named = _named_before_aside(verb)
    if named is not None:
        return named
    for tok in backwards_outside_brackets(verb.doc[verb.sent.start : verb.i]):  # "Paul Ryan (R-WI) said"
        if tok.tag_ in ("VBN", "VBG") and tok.dep_ != "ROOT":
            continue  # "a report titled … published in 2019 declares": participles describe the subject
        if tok.pos_ in ("VERB", "AUX") or tok.text in (";", ":"):
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in NOT_PHRASE_HEADS:
            return _appositive_owner(tok)
    return None


def backwards_outside_brackets(tokens: Span) -> Iterator[Token]:
    """The tokens from last to first, skipping bracketed asides ("(R-WI)", "(AP)"), which never head a phrase."""
    depth = 0
    for tok in reversed(list(tokens)):
        depth += (tok.text in (")", "]")) - (tok.text in ("(", "["))
        if depth <= 0 and tok.text not in ("(", "["):
            yield tok


def _named_before_aside(verb: Token) -> Token | None:
    """ "Mrs. Clinton, the presumptive nominee and favorite to win come November, proposed …", "Mr. Bush - in a
    line aimed at Mr. Trump - declared …", "Mr. Trump, asked about …, had said": the person whose name an aside
    between commas or dashes follows."""
    asides = (",", "-", "—", "–")
    first = verb  # "had said", "never said": the auxiliaries and adverbs stand with the verb
    while first.i > verb.sent.start and verb.doc[first.i - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        first = verb.doc[first.i - 1]
    if first.i == 0 or verb.doc[first.i - 1].text not in asides:
        return None
    mark = verb.doc[first.i - 1].text
    for tok in reversed(list(verb.doc[verb.sent.start : first.i - 1])):
        after = verb.doc[tok.i + 1]
        if tok.ent_type_ == "PERSON" and after.ent_type_ != "PERSON" and after.text == mark:
            between = verb.doc[tok.i + 2 : first.i - 1]
            if not len(between):
                continue  # the aside's own last word ("… under Mr. Putin, had said")
            # a clause of its own between (not a relative one, nor a participle tagged finite: "asked about …")
            finite = [t for t in between if t.tag_ in ("VBD", "VBZ", "VBP") and not _embedded(t, between)]
            finite = [t for t in finite if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
            finite = [t for t in finite if not any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in t.children)]
            return None if finite else tok
    return None


def _embedded(tok: Token, span: Span) -> bool:
    """The verb heads a relative or adjectival clause inside the span ("a line that seemed aimed at …")."""
    return any(a.dep_ in ("relcl", "acl") and span.start <= a.i < span.end for a in [tok, *tok.ancestors])


def _appositive_owner(tok: Token) -> Token:
    """ "Jay DiPietro, the club's president and general manager, suggested": the noun before the verb describes
    a person named before it (an appositive, or a conjunct of one), and that person is the subject."""
    node = tok
    for _ in range(4):
        if node.dep_ not in ("appos", "conj") or node.head.i >= node.i:
            return tok
        node = node.head
        if node.ent_type_ == "PERSON":
            return node
    return tok
