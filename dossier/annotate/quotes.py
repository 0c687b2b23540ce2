"""Who says so: direct, indirect and mixed quotes with speaker, cue and attribution chain, as a spaCy component.

Direct quotes come from quote marks (quotemarks.py); their speaker from the cue beside them — a trailing
"…," Khan said / said Khan, a leading "X said:" (also across a paragraph break), "according to X", the
"— Name" form, or "X quoted Y as saying" (speaker Y via X). Indirect speech is a speech verb's clausal
complement ("X warned that …", "X told Y that …") or what "according to X" governs. Speakers resolve to the
document's entities; pronouns to the person last quoted or mentioned; unnamed sources are kept as described.
Which token performs the speech act (a cue verb's subject, repaired where the parse loses it) is subjects.py's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.annotate import extensions  # noqa: F401  (registers doc._.quotes)
from dossier.annotate.extensions import doc_text
from dossier.annotate.lexicon import (
    AUTHOR_VOICE,
    PERSONAL,
    SPEECH_NOUNS,
    SPEECH_VERBS,
)
from dossier.annotate.names import EXTRA_TITLE_WORDS
from dossier.annotate.needs import checked
from dossier.annotate.quotemarks import QuoteSpan, quote_spans
from dossier.annotate.reported import learned_reports
from dossier.annotate.speakers import entity_gender, honorific_before, pronoun_referent
from dossier.annotate.subjects import (
    CUE_WINDOW,
    QUOTE_TOKENS,
    TIME_TYPES,
    backwards_outside_brackets,
    second_complement,
    speech_cue,
    speech_subject,
    trailing_subject,
)
from dossier.annotate.transcript import Turn, transcript_turns
from dossier.records import DocEntity, Quote, Speaker

EXTRACTOR = "dossier.quotes.v6"  # v6: parenthetical "she said,", quotes inside the sentence of whom it is about
# v3: occasion participles, object control; v2: learned pronoun ranker
SPEECH = SPEECH_VERBS
MIN_QUOTE_WORDS = 4  # shorter quoted phrases are scare quotes unless a speech cue claims them
PHRASE_PARTS = {"det", "amod", "compound", "nummod", "poss", "prep", "relcl", "acl", "nmod", "quantmod", "case"}
MAX_NAME_CHARS = 60  # a longer subject phrase is a description, and the entity's own name reads better
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
CONTINUATION_GAP = 200  # characters between two quotes of one speaker with no new cue (the cue sentence)
LOOKBACK_CHARS = 200  # how far before a quote its reporting verb may stand ("X revealed on Monday that … “…”")
UTTERANCE_TOKENS = 6  # an unattributed quote shorter than this is a phrase held at arm's length, not a statement
PARTY_STATE = re.compile(r"^[RDI]\s?-\s?[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?$")  # "R-Ky.", "D-N.Y.", "I-Vt."
MAX_COVERED_SHARE = 0.5  # reported speech mostly inside quotes already found is those quotes, not a new one
PARENTHETICAL_TOKENS = 8  # ", the official said Monday,": longer asides are clauses of their own
COMMA_CUE_TOKENS = 8  # "Trump told reporters Monday, “…”": a leading cue this close before the opening comma
NAMING_VERBS = {"call", "dub", "brand", "label", "term", "describe"}  # "called “a hoax”" names, it does not quote
VIEW_NOUNS = {"view", "words", "opinion", "estimation", "telling", "account"}  # "in Bolton's view", "in her words"
HEDGES = re.compile(
    r"\b(reportedly|allegedly|purportedly|supposedly|apparently|rumou?red|"
    r"sources? (?:say|said|says|told|close to)|(?:an? |two |three |several |unnamed |anonymous |senior )"
    r"(?:\w+ )?officials?(?: who)?|people familiar with|according to (?:media )?reports)\b",
    re.I,
)
UNNAMED = re.compile(
    r"\b(officials?|sources?|diplomats?|people|aides?|observers?|analysts?|media|reports?|documents?|critics|interviewer)\b",
    re.I,
)


def quote_component(doc: Doc) -> Doc:
    """spaCy component: doc._.quotes, every attributed stretch of speech with its speaker and chain."""
    doc._.quotes = quotes_in(doc)
    return doc


QUOTES_REQUIRE = ["token.dep", "token.lemma", "doc._.entities"]


@Language.factory("dossier_quotes_v1", assigns=["doc._.quotes"], requires=QUOTES_REQUIRE)
def make_quotes(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return checked(nlp, name, QUOTES_REQUIRE, quote_component)


def quotes_in(doc: Doc) -> list[Quote]:
    entities: list[DocEntity] = doc._.entities or []
    by_char = {pos: e for e in entities for s, end in e.mentions for pos in range(s, end)}
    found = [turn_quote(doc, turn, entities) for turn in transcript_turns(doc_text(doc))]
    turns = [(q.start, q.end) for q in found]
    for span in quote_spans(doc_text(doc)):
        if any(span.start < e and s < span.end for s, e in turns):
            continue  # the turn already holds these words with their speaker ("“WALLACE: …" opens on a mark)
        quote = direct_quote(doc, span, by_char, entities, found)
        if quote is not None:
            found.append(quote)
    found += indirect_quotes(doc, by_char, entities, found)
    return pronouns_in_order(doc, sorted(found, key=lambda q: q.start), entities)


def pronouns_in_order(doc: Doc, found: list[Quote], entities: list[DocEntity]) -> list[Quote]:
    """Pronoun speakers resolved again in reading order, once every quote before them (direct or reported) has its
    speaker: "Clinton said that …" then "“…,” she said" continues Clinton even though the direct quote was read
    first; a cue-less continuation takes the voice of the quote it continues."""
    resolved: list[Quote] = []
    for quote in found:
        span = quote.speaker_span
        if span is not None and doc_text(doc)[span[0] : span[1]].lower() in PERSONAL:
            referent = pronoun_referent(doc, span[0], doc_text(doc)[span[0] : span[1]], entities, resolved)
            quote = quote.model_copy(update={"speaker": referent, "sourcing": _sourcing(referent)})
        elif quote.cue is None and quote.speaker is not None and resolved:
            voiced = [q for q in resolved if q.kind != "indirect" and q.end <= quote.start]
            if voiced and voiced[-1].speaker is not None:
                quote = quote.model_copy(update={"speaker": voiced[-1].speaker})
        elif quote.cue is None and quote.speaker is None and quote.kind != "indirect":
            reported = _reported_just_before(doc, quote, resolved)
            if reported is not None:
                quote = quote.model_copy(update={"speaker": reported, "sourcing": _sourcing(reported)})
        resolved.append(quote)
    return resolved


def _reported_just_before(doc: Doc, quote: Quote, resolved: list[Quote]) -> Speaker | None:
    """ "Bolton said he would help if asked.  “I'm going to support him.”": a cue-less quote in the sentence right
    after reported speech, in the same paragraph, is the same voice going on in its own words."""
    before = [q for q in resolved if q.end <= quote.start]
    if not before or before[-1].kind != "indirect" or before[-1].speaker is None:
        return None
    gap = doc_text(doc)[before[-1].end : quote.start]
    if PARAGRAPH_BREAK.search(gap) or len(re.findall(r"[.!?…]", gap)) > 1 or len(gap) > CONTINUATION_GAP:
        return None
    return before[-1].speaker


def turn_quote(doc: Doc, turn: Turn, entities: list[DocEntity]) -> Quote:
    """A transcript turn: the label's person (matched by surname against the document's people) speaks."""
    words = [w.strip(".").lower() for w in turn.label.split()]
    person = next(
        (e for e in entities if e.type == "PERSON" and words[-1] in [w.lower() for w in e.name.split()]), None
    )
    speaker = Speaker(name=person.name, entity_key=person.key) if person else Speaker(name=turn.label.title())
    return Quote(
        doc_id=doc._.doc_id or "", start=turn.start, end=turn.end, text=doc_text(doc)[turn.start : turn.end],
        kind="direct", cue=":", cue_span=(turn.label_start, turn.label_start + len(turn.label)), speaker=speaker,
        sourcing="named", hedges=hedges(doc, turn.start), extractor=EXTRACTOR,
    )  # fmt: skip


def direct_quote(
    doc: Doc, span: QuoteSpan, by_char: dict[int, DocEntity], entities: list[DocEntity], earlier: list[Quote]
) -> Quote | None:
    words = len(doc_text(doc)[span.start : span.end].split())
    attribution = (
        trailing_cue(doc, span)
        or leading_cue(doc, span)
        or according_to(doc, span)
        or speech_noun(doc, span)
        or dash_name(doc, span)
    )
    sentence_like = words >= MIN_QUOTE_WORDS
    if attribution is None and (governing := governing_speech_verb(doc, span)) is not None:
        attribution = (governing, "governs")
    continued = continuing_speaker(doc, span, earlier) if attribution is None else None
    if attribution is None and continued is None and not (sentence_like and utterance(doc, span)):
        return None  # "nation-building project", a report's title: scare quotes and names, the author's voice
    if attribution is None and (embedding := embedding_verb(doc, span, by_char)) is not None:
        attribution = (embedding, "embeds")  # the sentence's own subject, before a voice of an earlier sentence
    if attribution is None and continued is None and (introducing := preceding_cue(doc, span, by_char)) is not None:
        attribution = (introducing, "preceding")
    kind = "direct" if sentence_like and _whole_clause(doc, span, attribution) else "mixed"
    text = doc_text(doc)[span.start : span.end].strip().rstrip(",")
    if attribution is None:  # no cue of its own: the voice it continues, if any (read above)
        return Quote(
            doc_id=doc._.doc_id or "", start=span.start, end=span.start + len(text), text=text, kind=kind,
            speaker=continued, sourcing="named" if continued else "unknown", hedges=hedges(doc, span.start),
            extractor=EXTRACTOR,
        )  # fmt: skip
    cue, how = attribution
    return attributed(doc, span.start, span.start + len(text), text, kind, cue, how, by_char, entities, earlier)


def preceding_cue(doc: Doc, span: QuoteSpan, by_char: dict[int, DocEntity]) -> Token | None:
    """A statement quoted with no cue of its own, after "Espinoza said in a statement." in the author's voice:
    the nearest speech verb before it, in its own or the previous paragraph, whose subject can speak."""
    own = doc_text(doc).rfind("\n\n", 0, span.open)
    previous = doc_text(doc).rfind("\n\n", 0, own) if own > 0 else -1
    window = doc.char_span(previous + 1, span.open, alignment_mode="contract")
    if window is None:
        return None
    first = token_at(doc, span.start)
    for tok in reversed(list(window)):
        if tok.pos_ != "VERB" or not speech_cue(tok):
            continue
        # "Mr. Carson endorsed Mr. Trump …, calling him ''…''": the quote's own sentence cues it, but any other
        # sentence with quote marks reports its own quote
        scope = tok.doc[tok.i : first.i] if first is not None and tok.sent == first.sent else tok.sent
        if any(t.text in QUOTE_TOKENS and t.idx < span.open for t in scope):
            continue
        subject = speech_subject(tok)
        return tok if subject is not None and can_speak(subject, by_char) else None
    return None


def embedding_verb(doc: Doc, span: QuoteSpan, by_char: dict[int, DocEntity]) -> Token | None:
    """ "Sanders credited Clinton's victory to “a closed primary, something I am not … about”", "McCrory blamed
    the court's “four liberal justices [who] blocked …”": an utterance quoted inside the author's sentence, with
    no speech verb, holds the words of whom the sentence is about, the subject of the nearest verb above it."""
    first = token_at(doc, span.start)
    if first is None:
        return None
    node = first
    while node.head.i != node.i:
        node = node.head
        if span.start <= node.idx < span.end or node.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        return node if subject.i < first.i and can_speak(subject, by_char) else None
    return None


def utterance(doc: Doc, span: QuoteSpan) -> bool:
    """Quoted words that could stand as someone's statement: a finite verb and a few words at least."""
    inside = doc.char_span(span.start, span.end, alignment_mode="contract")
    if inside is None or len(inside) < UTTERANCE_TOKENS:
        return False
    return any(t.pos_ in ("VERB", "AUX") and t.morph.to_dict().get("VerbForm") == "Fin" for t in inside)


def attributed(
    doc: Doc, start: int, end: int, text: str, kind: str, cue: Token, how: str,
    by_char: dict[int, DocEntity], entities: list[DocEntity], earlier: list[Quote],
) -> Quote:  # fmt: skip
    """A quote record with speaker and chain read off the cue verb (or "according to")."""
    speaker_tok, via_toks = speaker_tokens(cue, how)
    if speaker_tok is not None and speaker_tok.ent_type_ in TIME_TYPES:
        speaker_tok = None  # "said Saturday", "last month": a time is never who speaks
    speaker = resolve_speaker(speaker_tok, by_char, entities, earlier) if speaker_tok is not None else None
    via = [v for v in (resolve_speaker(t, by_char, entities, earlier) for t in via_toks) if v is not None]
    via += [v for v in relayed_by(doc, cue.sent, by_char, entities, earlier) if v != speaker]
    cue_text = "according to" if how == "according" else ("quoted … as saying" if via_toks else cue.text)
    if how == "view":
        cue_text = doc[cue.head.i : cue.i + 1].text  # "in Bolton's view"
    return Quote(
        doc_id=doc._.doc_id or "", start=start, end=end, text=text, kind=kind,
        cue=cue_text, cue_span=(cue.idx, cue.idx + len(cue.text)), speaker=speaker,
        speaker_span=_span_of(speaker_tok), via=via, hedges=hedges(doc, start),
        sourcing=_sourcing(speaker), extractor=EXTRACTOR,
    )  # fmt: skip


def _span_of(token: Token | None) -> tuple[int, int] | None:
    if token is None:
        return None
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _sourcing(speaker: Speaker | None) -> str:
    if speaker is None:
        return "unknown"
    return "unnamed" if speaker.described else "named"


def _whole_clause(doc: Doc, span: QuoteSpan, attribution: tuple[Token, str] | None) -> bool:
    """Direct when the marks hold the whole utterance, mixed when a reported clause embeds a quoted fragment."""
    if attribution is None or attribution[1] not in ("governs", "embeds"):
        return True
    before = doc_text(doc)[max(0, span.open - 3) : span.open]
    return before.rstrip().endswith((":", ",")) or not before.strip()


def trailing_cue(doc: Doc, span: QuoteSpan) -> tuple[Token, str] | None:
    """ "…," Khan said / "…," said Khan / "…," Beijing's Foreign Ministry reported — nothing else in between."""
    after = doc.char_span(span.close + 1, min(len(doc_text(doc)), span.close + 200), alignment_mode="expand")
    if after is None or not re.match(r"^\s*[,—–-]?\s*\w", doc_text(doc)[span.close + 1 : span.close + 40]):
        return None
    tokens = [t for t in list(after)[:CUE_WINDOW] if t.idx > span.close]
    for k, tok in enumerate(tokens):
        if tok.text in ("“", '"', "''") or "\n" in tok.text:
            break
        if tok.pos_ in ("VERB", "AUX") and speech_cue(tok):
            subject = trailing_subject(tok)
            if subject is None:
                return None
            allowed = {t.i for t in subject.subtree}
            parsed = speech_subject(tok)
            if parsed is None or subject.i != parsed.i:  # the parse lost the name: the words between name it
                allowed |= {t.i for t in tokens[:k]}
            elif subject.left_edge.idx <= span.open:
                return None  # the quote is part of who speaks ("a report titled “…” declares")
            between = tokens[:k]
            if reports_its_own_clause(doc, span, tok):
                return None  # “…” Mazari said it was a threat: a new report, not this quote's cue
            rest = doc_text(doc)[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 40]
            if re.match(r"^[^.\n“\"]*:", rest) or doc_text(doc)[tok.idx + len(tok.text) :].lstrip().startswith(":"):
                return None  # "Brzezinski replies: …" introduces the next quote
            as_cue = [t for t in between if t.lower_ == "as" and t.dep_ == "mark" and t.head.i == tok.i]
            if all(t.is_punct or t.i in allowed or t in as_cue for t in between):
                return tok, "trailing"  # also "“…,” as Cruz said on Monday"
            return None
    return None


def reports_its_own_clause(doc: Doc, span: QuoteSpan, verb: Token) -> bool:
    """A verb after a closed, sentence-final quote that governs a complement of its own reports that complement.

    "“… all will be forgiven.” Mazari said it was a threat." — "said" has "it was a threat" to say, so it
    cannot also be the cue of the quote before it (whose own cue, a leading "quoted Lu as saying:", stands).
    """
    complement = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.idx > span.close]
    ends_sentence = bool(re.search(r"[.!?…]\W*$", doc_text(doc)[span.start : span.close + 1]))
    return bool(complement) and ends_sentence


def leading_cue(doc: Doc, span: QuoteSpan) -> tuple[Token, str] | None:
    """ "X said: …", "X quoted Y as saying: …" (also when the colon ends the previous paragraph)."""
    before = doc_text(doc)[: span.open].rstrip()
    if before.endswith(","):
        return _comma_cue(doc, len(before) - 1)
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    sent = colon[0].sent
    verbs = [t for t in sent if t.i < colon[0].i and t.pos_ in ("VERB", "AUX") and speech_subject(t) is not None]
    speech = [t for t in verbs if speech_cue(t)]
    relays = [t for t in speech if t.lemma_ == "quote"]
    roots = [t for t in verbs if t.dep_ == "ROOT"]
    choice = relays or speech or roots or verbs  # "The general was blunt: …" has no speech verb at all
    return (choice[-1], "leading") if choice else None


def _comma_cue(doc: Doc, comma: int) -> tuple[Token, str] | None:
    """ "Trump said, “When people …”", "Warren told Stumpf on Tuesday, “…”": a speech verb a few words before the
    comma that opens the quote, with a subject and no other verb between."""
    mark = token_at(doc, comma)
    if mark is None or mark.text != ",":
        return None
    # "as Shirvanian told the Associated Press (AP), “…”": a bracketed aside is skipped, not a stop
    for tok in backwards_outside_brackets(doc[max(mark.sent.start, mark.i - COMMA_CUE_TOKENS) : mark.i]):
        if tok.pos_ in ("VERB", "AUX"):
            return (tok, "leading") if speech_cue(tok) and speech_subject(tok) is not None else None
        if tok.text in QUOTE_TOKENS or tok.is_punct:
            return None
    return None


def speech_noun(doc: Doc, span: QuoteSpan) -> tuple[Token, str] | None:
    """ "The prime minister's response, “we are not your slaves,” …": a speech noun and its possessor."""
    before = doc.char_span(max(0, span.open - 80), span.open, alignment_mode="contract")
    if before is None:
        return None
    words = [t for t in before if not t.is_punct]
    last = words[-1] if words else None
    if last is None or last.lemma_ not in SPEECH_NOUNS or not any(c.dep_ == "poss" for c in last.children):
        return None
    if last.dep_ == "dobj" and last.head.lemma_ in NAMING_VERBS:
        return None  # "called Mr. Trump's comments “racially toxic”": the one calling them speaks, not Trump
    return last, "noun"


def token_at(doc: Doc, position: int) -> Token | None:
    """The token covering (or next after) a character position."""
    found = doc.char_span(position, min(len(doc_text(doc)), position + 1), alignment_mode="expand")
    return found[0] if found is not None and len(found) else None


def according_to(doc: Doc, span: QuoteSpan) -> tuple[Token, str] | None:
    """ "…," according to X — or "According to X, …" — in the sentence that opens or closes the quote."""
    sentences = []
    for position in (span.start, max(span.start, span.end - 1), min(len(doc_text(doc)) - 1, span.close + 2)):
        if "\n\n" in doc_text(doc)[min(position, span.close) : max(position, span.close)]:
            continue  # the next paragraph's "according to" is not this quote's
        tok = token_at(doc, position)
        if tok is not None and tok.sent not in sentences:
            sentences.append(tok.sent)
    for sent in sentences:
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                return tok, "according"
            if _in_view_of(tok) is not None:
                return tok, "view"
    return None


def _in_view_of(tok: Token) -> Token | None:
    """ "in Bolton's view", "in her words": the owner of a view or words a sentence is told in."""
    if tok.lemma_ not in VIEW_NOUNS or tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    return next((c for c in tok.children if c.dep_ == "poss"), None)


def dash_name(doc: Doc, span: QuoteSpan) -> tuple[Token, str] | None:
    """The trailing "— Name" form of pull quotes and epigraphs."""
    m = re.match(
        r"^\s*[—–―-]{1,2}\s*([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})", doc_text(doc)[span.close + 1 : span.close + 80]
    )
    if not m:
        return None
    target = doc.char_span(span.close + 1 + m.start(1), span.close + 1 + m.end(1), alignment_mode="expand")
    return (target.root, "dash") if target is not None else None


def governing_speech_verb(doc: Doc, span: QuoteSpan) -> Token | None:
    """The speech verb whose complement holds the quote ("Khan has warned that an “effort …”").

    The parse is tried first; when it fails (a sentence split by a stray mark), the nearest speech verb before
    the quote in the same paragraph counts, provided no sentence ends between them.
    """
    first = token_at(doc, span.start)
    node = first
    through_complement = False  # the quote must sit in what is said, not in the object or an adjunct
    while node is not None and node.head.i != node.i:
        through_complement = through_complement or node.dep_ in ("ccomp", "xcomp", "parataxis", "oprd")
        through_complement = through_complement or second_complement(node)
        node = node.head
        if node.pos_ == "VERB" and speech_cue(node) and not (span.start <= node.idx < span.end):
            if through_complement and speech_subject(node) is not None:
                return node
            if node.dep_ not in ("ccomp", "xcomp"):
                break  # the parse may have misattached the clause: fall back to the words before the quote
            # "Bolton said he would advise Trump on “…”": the quote is the object of a verb that is itself
            # what someone said, so it is theirs
    window = doc.char_span(max(0, span.open - LOOKBACK_CHARS), span.open, alignment_mode="contract")
    if window is None:
        return None
    for tok in reversed(list(window)):
        between = doc_text(doc)[tok.idx : span.open]
        if "\n\n" in between or re.search(r"[.!?][”\"]?\s+[A-Z]", between):
            return None
        if tok.pos_ == "VERB" and speech_cue(tok) and speech_subject(tok) is not None:
            # "Ryan said “anti-Semitic images …”": the mark right after the verb opens what it says
            adjacent = not between[len(tok.text) :].strip() and tok.lemma_ not in NAMING_VERBS
            return tok if adjacent or re.search(r"\bthat\b|:\s*$", between) else None
    return None


def speaker_tokens(cue: Token, how: str) -> tuple[Token | None, list[Token]]:
    """The speaker token and the relays: "Mazari quoted Lu as saying" → (Lu, [Mazari])."""
    if how == "according":
        pobj = [c for c in cue.doc[cue.i + 1].children if c.dep_ == "pobj"] if cue.i + 1 < len(cue.doc) else []
        return (pobj[0] if pobj else None), []
    if how == "dash":
        return cue, []
    if how == "view":
        return _in_view_of(cue), []
    if how == "noun":
        owner = [c for c in cue.children if c.dep_ == "poss"]
        return (owner[0] if owner else None), []
    subject = trailing_subject(cue) if how == "trailing" else speech_subject(cue)
    if cue.lemma_ == "quote":
        quoted = [c for c in cue.children if c.dep_ in ("dobj", "dative")]
        if quoted and any(c.lower_ == "as" for c in cue.children):
            return quoted[0], [subject] if subject is not None else []
    return subject, []


def resolve_speaker(
    token: Token, by_char: dict[int, DocEntity], entities: list[DocEntity], earlier: list[Quote]
) -> Speaker | None:
    """A speaker token as an entity, a pronoun's referent, or a described group kept as written."""
    if token.lower_ in PERSONAL:
        return pronoun_speaker(token, entities, earlier)
    named = by_char.get(token.idx)
    if named is not None and named.type == "PERSON":  # "Lindsey Graham, Republican of South Carolina, said"
        named = same_surname_by_honorific(token, named, entities)
        return Speaker(name=named.name, entity_key=named.key)
    for child in token.children:  # "the GRU Chief, Lieutenant General Igor Sergun": the person named
        if child.dep_ != "appos" or _parenthesized(child):
            continue  # "(D-N.C.)", "(R-Ga.)": a party and state, not another name
        person = by_char.get(child.idx)
        if person is not None and person.type == "PERSON":
            return Speaker(name=person.name, entity_key=person.key)
        if (child.pos_ == "PROPN" and person is None) or (person is not None and person.type != "PERSON"):
            names = [
                t for t in child.subtree if t.pos_ == "PROPN" and t.text.lower().strip(".") not in EXTRA_TITLE_WORDS
            ]
            if len(names) >= 2:
                return Speaker(name=" ".join(t.text for t in names))
    appositive = _closing_appositive(token, by_char)
    if appositive is not None:
        return Speaker(name=appositive.name, entity_key=appositive.key)
    entity = by_char.get(token.idx)
    if entity is not None:
        return Speaker(name=_speaker_name(token, entity), entity_key=entity.key)
    for child in token.children:  # "a RAND Corporation report", "Beijing's ministry": a named institution's voice
        if child.dep_ not in ("compound", "poss"):
            continue
        owner = next((by_char[t.idx] for t in child.subtree if t.idx in by_char), None)
        if owner is not None and owner.type in ("PERSON", "ORG", "GPE"):
            words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct", "amod")]
            return Speaker(name=" ".join(t.text for t in words), entity_key=owner.key)
    titled = _titled_person(token, by_char)  # "Speaker of the House Rep. Paul Ryan": the person holds the title
    if titled is not None:
        return Speaker(name=titled.name, entity_key=titled.key)
    if token.pos_ == "PROPN":  # a name the entity layer missed: the run of proper nouns around it
        left, right = token.i, token.i
        while left > token.sent.start and token.doc[left - 1].pos_ == "PROPN" and "\n" not in token.doc[left - 1].text:
            left -= 1
        while right + 1 < token.sent.end and token.doc[right + 1].pos_ == "PROPN":
            right += 1
        return Speaker(name=token.doc[left : right + 1].text)
    return Speaker(name=noun_phrase(token), described=True)


def _closing_appositive(token: Token, by_char: dict[int, DocEntity]) -> DocEntity | None:
    """ "The director of the European Centre, Ina Kirsch, told", "A spokeswoman for Clinton, Jennifer Palmieri,
    said": the person named last in a described subject, whichever word of the description the parser hung the
    name on."""
    if token.pos_ != "NOUN":
        return None
    for appos in reversed([t for t in token.subtree if t.dep_ == "appos" and t.i > token.i]):
        person = by_char.get(appos.idx)
        closes = appos.right_edge.i >= token.right_edge.i - 1  # nothing but a comma after the name
        if person is not None and person.type == "PERSON" and closes and not _parenthesized(appos):
            return person
    return None


def same_surname_by_honorific(token: Token, person: DocEntity, entities: list[DocEntity]) -> DocEntity:
    """ "Mrs. Clinton said" where the entity layer linked the bare surname to Bill Clinton: the honorific's gender
    picks the person of that surname whose first name agrees ("Hillary Clinton"), when the document names one."""
    doc = token.doc
    wanted = honorific_before(doc, token.idx)
    if wanted is None or entity_gender(doc, person) in (None, wanted):
        return person
    for other in entities:
        namesake = other.type == "PERSON" and other.key != person.key and other.name.split()[-1] == token.text
        if namesake and entity_gender(doc, other) == wanted:
            return other
    return person


def _titled_person(token: Token, by_char: dict[int, DocEntity]) -> DocEntity | None:
    """The person at the end of a capitalized title phrase ("Secretary of State John Kerry", "Speaker of the
    House Paul Ryan") parsed with the title as its head: only proper nouns and "of the" stand between."""
    if token.pos_ != "PROPN" or token.idx in by_char:
        return None
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            person = by_char.get(obj.idx)
            between = token.doc[token.i + 1 : obj.i]
            plain = all(t.pos_ == "PROPN" or t.lower_ in ("of", "the") for t in between)
            if person is not None and person.type == "PERSON" and plain:
                return person
    return None


def _parenthesized(token: Token) -> bool:
    """ "(D-N.C.)", and the same tag between commas (", R-Ky.,"): a party and state, not another name."""
    left = token.left_edge.i
    if left > 0 and token.doc[left - 1].text in ("(", "["):
        return True
    return PARTY_STATE.match(token.doc[left : token.right_edge.i + 1].text) is not None


def noun_phrase(token: Token) -> str:
    """The words that describe a speaker: the noun with its modifiers and relative clause, not the sentence."""
    keep = {token.i}
    for child in token.children:
        if child.dep_ == "acl" and child.lemma_ in SPEECH:
            continue  # "the editor quoted …": the cue itself is not part of who speaks
        if child.dep_ in PHRASE_PARTS:
            keep.update(t.i for t in child.subtree)
    words = token.doc[min(keep) : max(keep) + 1]
    return re.sub(r"\s+", " ", words.text).strip(" ,:")


def _speaker_name(token: Token, entity: DocEntity) -> str:
    """A person by their canonical name; an institution as the text names it ("Beijing's Foreign Ministry")."""
    if entity.type == "PERSON":
        return entity.name
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct") and t.tag_ != "POS"]
    left = token.doc[words[0].i : token.i + 1].text if words else token.text
    return left if len(left) <= MAX_NAME_CHARS else entity.name


def pronoun_speaker(token: Token, entities: list[DocEntity], earlier: list[Quote]) -> Speaker | None:
    """ "he contrasted": the person the passage is about, agreeing in gender (speakers.py)."""
    return pronoun_referent(token.doc, token.idx, token.lower_, entities, earlier)


def continuing_speaker(doc: Doc, span: QuoteSpan, earlier: list[Quote]) -> Speaker | None:
    """A full sentence quoted right after another quote, in the same paragraph or opening the next, with no cue
    of its own, continues the same voice ("“The border is closed,” said Reyes. “Nobody crosses.”")."""
    if not earlier or earlier[-1].speaker is None or earlier[-1].kind == "indirect":
        return None
    words = doc_text(doc)[span.start : span.end].strip()
    gap = doc_text(doc)[earlier[-1].end : span.open]
    opens_sentence = re.search(r"(^|[.!?…][”\"']*)\s*$", gap) is not None and len(words.split()) >= MIN_QUOTE_WORDS
    if not (re.search(r"[.!?…]$", words) or opens_sentence) or len(words.split()) < 2:
        return None  # a sentence, or a statement opening one ("“It's a tax increase” for the top bracket.")
    breaks = len(PARAGRAPH_BREAK.findall(gap))
    opens_paragraph = breaks == 1 and not gap[gap.rfind("\n") + 1 :].strip()
    if breaks == 0 or opens_paragraph:  # the next paragraph opening on a quote carries the same voice on
        return earlier[-1].speaker if len(gap) < CONTINUATION_GAP else None
    return None


def relayed_by(
    doc: Doc, sent: Span, by_char: dict[int, DocEntity], entities: list[DocEntity], earlier: list[Quote]
) -> list[Speaker]:
    """ "as reported by Tim Weiner for The Washington Post": the reporter relays what the sources said; so does
    the teller in "“…,” Grayson said, according to Frankel"."""
    m = re.search(r"\b(?:as reported by|according to) ([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})", sent.text)
    if not m:
        return []
    end = m.start(1) + len(m.group(1).rstrip("."))  # "according to Frankel." ends the sentence, not the name
    target = doc.char_span(sent.start_char + m.start(1), sent.start_char + end, alignment_mode="expand")
    speaker = resolve_speaker(target.root, by_char, entities, earlier) if target is not None else None
    return [speaker] if speaker is not None else []


def hedges(doc: Doc, position: int) -> list[str]:
    """Hedging and sourcing words in the sentence around a quote: "reportedly", "officials said"."""
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    if span is None or not len(span):
        return []  # a position on whitespace between tokens
    sentence = span[0].sent.text
    return sorted({m.group(0).lower() for m in HEDGES.finditer(sentence)})


def indirect_quotes(
    doc: Doc, by_char: dict[int, DocEntity], entities: list[DocEntity], direct: list[Quote]
) -> list[Quote]:
    """Reported speech: a speech verb's clausal complement, and what "according to X" governs."""
    found: list[Quote] = []
    covered = [(q.start, q.end) for q in direct]
    for quote in according_to_clauses(doc, by_char, entities, direct):
        if _covered_share(quote.start, quote.end, covered) < MAX_COVERED_SHARE:
            found.append(quote)
            covered.append((quote.start, quote.end))
    quoted = {pos for q in quote_spans(doc_text(doc)) for pos in range(q.start, q.end)}
    learned = {r.cue.i: r for r in learned_reports(doc, quoted)}
    for tok in doc:
        span = ruled_report(tok, by_char)
        aside = parenthetical_report(tok, by_char, quoted) if span is None else None
        span = span or aside
        if span is None and tok.i in learned and not _relayed_saying(tok):
            span = (learned[tok.i].start, learned[tok.i].end)
        if span is None:
            continue
        start, end = span
        if _covered_share(start, end, covered) >= MAX_COVERED_SHARE:
            continue
        cue = tok.head.head if _relayed_saying(tok) else tok
        text = doc_text(doc)[start:end]
        quote = attributed(doc, start, end, text, "indirect", cue, "indirect", by_char, entities, direct + found)
        if quote.speaker_span is not None and start <= quote.speaker_span[0] < end and aside is None:
            continue  # "“Yes,” Bozell tells Breitbart News": a span that holds its own speaker is a misparse
        found.append(quote)
        covered.append((start, end))
    return found


def ruled_report(tok: Token, by_char: dict[int, DocEntity]) -> tuple[int, int] | None:
    """The rule: a speech verb whose subject can speak, and its clausal complement."""
    if tok.lemma_ not in SPEECH or tok.pos_ != "VERB":
        return None
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    cue = tok.head.head if _relayed_saying(tok) else tok
    subject = speech_subject(cue) if cue is tok else next((c for c in cue.children if c.dep_ == "dobj"), None)
    if clause is None or subject is None or not can_speak(subject, by_char):
        return None
    if tok.tag_ == "VBG" and clause.i < tok.i:
        return None  # "…, describing": a participle reports what follows it, never the clause it hangs from
    return _clause_span(clause)


def parenthetical_report(tok: Token, by_char: dict[int, DocEntity], quoted: set[int]) -> tuple[int, int] | None:
    """ "Now, she said, the Christians and Muslims don't mix much.", "The plan, Mr. Regalado said, would cost
    nothing": a speech verb set between commas inside the sentence it reports; the sentence is what was said."""
    if tok.lemma_ not in SPEECH or tok.pos_ != "VERB" or tok.dep_ != "parataxis" or tok.head.dep_ != "ROOT":
        return None
    if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or tok.head.idx in quoted:
        return None
    subject = speech_subject(tok)
    aside = list(tok.subtree)
    if subject is None or not can_speak(subject, by_char) or len(aside) > PARENTHETICAL_TOKENS:
        return None
    if aside[0].text != "," or aside[-1].text != "," or aside[0].i == tok.sent.start:
        return None
    in_aside = {t.i for t in aside}
    words = [t for t in tok.sent if not (t.is_punct or t.is_space) and t.i not in in_aside]
    if len(words) < MIN_QUOTE_WORDS or any(t.idx in quoted for t in tok.sent):
        return None
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _relayed_saying(tok: Token) -> bool:
    """ "Pravda quoted Debka as saying that …": Debka speaks, via Pravda."""
    return tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ == "quote"


def _covered_share(start: int, end: int, covered: list[tuple[int, int]]) -> float:
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in covered)
    return inside / max(1, end - start)


def according_to_clauses(
    doc: Doc, by_char: dict[int, DocEntity], entities: list[DocEntity], direct: list[Quote]
) -> list[Quote]:
    """ "According to two officials who attended, the delegation walked out": the rest of the sentence, their claim."""
    found = []
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        phrase = doc[tok.i : doc[tok.i + 1].right_edge.i + 1]
        sent = tok.sent
        if phrase.start == sent.start:  # "According to X, <claim>.": the claim is the main clause
            subject = speech_subject(sent.root) if sent.root.pos_ in ("VERB", "AUX") else None
            start = subject.left_edge.idx if subject is not None and subject.idx > phrase.end_char else phrase.end_char
            end = sent.end_char
        else:  # "<claim>, according to X."
            start, end = sent.start_char, phrase.start_char
        text = doc_text(doc)[start:end].strip(" ,;:.\n")
        if len(text.split()) < MIN_QUOTE_WORDS:
            continue
        first = doc_text(doc).index(text, start)
        found.append(
            attributed(doc, first, first + len(text), text, "indirect", tok, "according", by_char, entities, direct)
        )
    return found


def can_speak(subject: Token, by_char: dict[int, DocEntity]) -> bool:
    """People, institutions, places acting as states, pronouns and reporting nouns speak; "the reasons" do not."""
    if subject.lower_ in AUTHOR_VOICE:
        return False
    if subject.lower_ in PERSONAL or UNNAMED.search(subject.text):
        return True
    entity = next((by_char.get(t.idx) for t in subject.subtree if by_char.get(t.idx) is not None), None)
    return entity is not None and entity.type in ("PERSON", "ORG", "GPE", "NORP")


def _clause_span(clause: Token) -> tuple[int, int]:
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.i == clause.left_edge.i)]
    left, right = tokens[0], tokens[-1]
    while right.is_punct and right.i > left.i:
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


def sentence_voices(doc: Doc, quotes: list[Quote]) -> list[tuple[int, int, str]]:
    """Each sentence as the author's own voice, a direct quote, or reported speech (start, end, voice)."""
    quoted = [(q.start, q.end) for q in quotes if q.kind in ("direct", "mixed")]
    reported = [(q.start, q.end) for q in quotes if q.kind == "indirect"]
    cues = [q.cue_span for q in quotes if q.cue_span]
    voices = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        inside = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
        if inside * 2 >= end - start:
            voice = "quote"
        elif inside or any(s < end and start < e for s, e in reported) or any(start <= c[0] < end for c in cues):
            voice = "reported"
        else:
            voice = "author"
        voices.append((start, end, voice))
    return voices
