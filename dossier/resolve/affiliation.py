"""Who acts for which state, as the text says: stated offices ("Russian President Vladimir Putin", "Imran Khan,
Pakistan's prime minister", "the prime minister of Pakistan") read from a document's resolved mentions.

Event coders do the same (GDELT/CAMEO and PLOVER code "the Pakistani prime minister" as PAKGOV): what an office
holder does, the state does. The state is a mention resolved to a GPE entity, so "Russian" counts because the
resolver made it an alias of Russia; the office comes from a small lexicon of heads of state and government,
foreign and defence ministers, ambassadors and army chiefs. A bare title ("Prime Minister Imran Khan") says
whose office only when the same document names the office's state without a name ("the Pakistani prime
minister's presence") and no one else holds that bare title there. A former holder acts for no one; a statement
with a qualifier ("Pakistan's then prime minister", "first elected") holds only in its own document, since it
may describe another time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dossier.dateranges import iso_range
from dossier.records import Affiliation
from dossier.store.relations import AffiliationDocumentRow, AffiliationMentionRow

TITLES = (
    "prime minister", "premier", "president", "vice president", "vice-president", "chancellor", "king", "queen",
    "emir", "crown prince", "head of state", "head of government", "foreign minister", "minister of foreign affairs",
    "foreign secretary", "secretary of state", "defence minister", "defense minister", "minister of defence",
    "minister of defense", "defence secretary", "defense secretary", "national security adviser",
    "national security advisor", "ambassador", "envoy", "army chief", "chief of army staff", "army chief of staff",
)  # fmt: skip
SAME_OFFICE = {"premier": "prime minister", "vice-president": "vice president", "defense minister": "defence minister",
               "national security advisor": "national security adviser"}  # fmt: skip
STATE_TYPES = frozenset({"GPE"})
HOLDER_TYPES = frozenset({"PERSON", "ORG"})  # the tagger calls some envoys organisations ("Asad Majeed")

_T = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
_SP = r"[ \t*_]+"  # a space, also across markdown emphasis ("Ambassador to US, **Asad Majeed**")
_MOD = r"(?P<mod>(?:[A-Za-z][\w-]*[ \t]+){0,2}?)"  # "then", "first elected", "Deputy"
_RANK = r"(?:(?:Gen\.?|General|Lt\.?[ \t]+Gen\.?|Field[ \t]+Marshal|Marshal|Admiral|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)[ \t]+)?"
_FORMER = r"(?:former|ex|late|erstwhile|one-time|onetime|outgoing)"
FORMER_WORD = re.compile(rf"\b{_FORMER}\b", re.I)
FORMER_BEFORE = re.compile(rf"(?:^|\W){_FORMER}[ \t-]+$", re.I)
STATE_THEN_TITLE = re.compile(rf"(?:['’]s)?{_SP}{_MOD}(?P<title>{_T})\b(?!-)", re.I)
# between the title and the name: "Ambassador to US, Asad Majeed", "Army Chief Gen. Qamar Bajwa"
TITLE_THEN_HOLDER = re.compile(rf"^(?P<extra>{_SP}(?:to|in|at)[ \t]+[^,.;:\n]{{1,30}},)?,?{_SP}{_RANK}$", re.I)
APPOSITION = re.compile(rf"^[*_]*,[ \t*_]+(?:(?P<art>the|an?)[ \t]+)?(?P<former>{_FORMER}[ \t]+)?$", re.I)
APPOSITION_OF = re.compile(
    rf"^[*_]*,[ \t*_]+(?:(?:the|a|an)[ \t]+)?{_MOD}(?P<title>{_T})[ \t]+of[ \t]+(?:the[ \t]+)?$", re.I
)
TITLE_OF = re.compile(rf"(?:^|[^\w'’-])(?P<title>{_T})[ \t]+of[ \t]+(?:the[ \t]+)?$", re.I)
BARE_TITLE = re.compile(rf"(?:^|[^\w'’-])(?P<title>{_T}){_SP}{_RANK}$", re.I)
TITLE_ONLY = re.compile(rf"(?:the[ \t]+)?(?:{_FORMER}[ \t]+)?(?:{_T})", re.I)  # "the prime minister" as a mention
DEFINITE = re.compile(r"(?:^|\W)the[ \t]+$", re.I)
# a stated office reaches other documents' evidence dated within a quarter of the statement's publication: offices
# change (Khan was prime minister in an article of 2 April 2022 and ousted on the 10th), so no further
REACH_DAYS = 92
REACH = 60  # characters looked at around a mention: a stated office is a few words long


@dataclass
class _Found:
    named: list[Affiliation] = field(default_factory=list)
    unnamed: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # office → (state, start, end)
    bare: dict[str, set[str]] = field(default_factory=dict)  # office → holders with the bare title
    former: set[str] = field(default_factory=set)  # holders the document calls former


def office(title: str) -> str:
    """The office a title names, lower-cased, synonyms merged ("Premier" → "prime minister")."""
    t = " ".join(title.lower().split())
    return SAME_OFFICE.get(t, t)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) holding text[start:end]."""
    stop = text.rfind(". ", 0, start)
    left = max(stop + 2 if stop != -1 else 0, text.rfind("\n", 0, start) + 1)
    ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return left, min(ends) + 1 if ends else len(text)


def document_affiliations(doc: AffiliationDocumentRow, names: dict[str, str]) -> tuple[list[Affiliation], set[str]]:
    """The offices one document states (named, and bare titles it resolves), and the holders it calls former."""
    found = _Found()
    # a title the resolver linked to a person is a description, not a name: it is read as a title
    mentions = [m for m in doc.mentions if not (m.type in HOLDER_TYPES and TITLE_ONLY.fullmatch(m.text))]
    for i, m in enumerate(mentions):
        if m.type in STATE_TYPES:
            _state_first(doc, mentions, i, found, names)
        elif m.type in HOLDER_TYPES:
            _holder_first(doc, mentions, i, found, names)
    named_offices = {(a.entity_id, a.title) for a in found.named}
    resolved = []
    for title, statements in found.unnamed.items():
        holders = {h for h in found.bare.get(title, set()) if (h, title) not in named_offices} - found.former
        if len({state for state, _, _ in statements}) == 1 and len(holders) == 1:
            state, start, end = statements[0]
            resolved.append(_affiliation(doc, holders.pop(), state, title, (start, end), names, carried=True))
    return found.named + resolved, found.former


def _state_first(
    doc: AffiliationDocumentRow, mentions: list[AffiliationMentionRow], i: int, found: _Found, names: dict[str, str]
) -> None:
    """ "Pakistan's Prime Minister Imran Khan", "Russian President Putin", "the Pakistani prime minister"."""
    state, text = mentions[i], doc.text
    match = STATE_THEN_TITLE.match(text, state.end, state.end + REACH)
    if match is None:
        return
    before = text[max(0, state.start - 12) : state.start]
    # the name that follows, past any state the title itself names ("Ambassador to US, Asad Majeed")
    holder = next((m for m in mentions[i + 1 :] if m.start >= match.end() and m.type not in STATE_TYPES), None)
    named = None
    if holder is not None and holder.type in HOLDER_TYPES and holder.start - match.end() <= REACH:
        named = TITLE_THEN_HOLDER.match(text[match.end() : holder.start])
    title, mod = office(match["title"]), match["mod"].strip()
    if FORMER_WORD.search(mod) or FORMER_BEFORE.search(before):
        if named is not None and holder is not None:
            found.former.add(holder.entity_id)
        return
    if named is not None and holder is not None:
        extra = (named["extra"] or "").strip(" \t*_,").lower()  # "to US" names the post; "in the 1970s" a time
        carried = not mod and (not extra or extra.startswith("to "))
        span = (state.start, holder.end)
        found.named.append(_affiliation(doc, holder.entity_id, state.entity_id, title, span, names, carried=carried))
    elif not mod and (DEFINITE.search(before) or match.group(0).startswith(("'", "’"))):
        found.unnamed.setdefault(title, []).append((state.entity_id, state.start, match.end()))


def _holder_first(
    doc: AffiliationDocumentRow, mentions: list[AffiliationMentionRow], i: int, found: _Found, names: dict[str, str]
) -> None:
    """ "Imran Khan, Pakistan's prime minister", "Khan, the prime minister of Pakistan", "President of Russia
    Vladimir Putin", and bare titles ("Prime Minister Imran Khan")."""
    holder, text = mentions[i], doc.text
    state = mentions[i + 1] if i + 1 < len(mentions) else None
    if state is not None and state.type in STATE_TYPES and state.start - holder.end <= REACH:
        gap = text[holder.end : state.start]
        after = STATE_THEN_TITLE.match(text, state.end, state.end + REACH)
        if (apposition := APPOSITION.match(gap)) is not None and after is not None:
            if apposition["former"] or FORMER_WORD.search(after["mod"]):
                found.former.add(holder.entity_id)
            else:  # "Bhutto, a Pakistani prime minister" is one of many, maybe long ago: no reach past its document
                carried = not after["mod"].strip() and (apposition["art"] or "").lower() != "a"
                found.named.append(_affiliation(doc, holder.entity_id, state.entity_id, office(after["title"]),
                                                (holder.start, after.end()), names, carried=carried))  # fmt: skip
        elif (of := APPOSITION_OF.match(gap)) is not None:
            if FORMER_WORD.search(of["mod"]):
                found.former.add(holder.entity_id)
            else:
                span, carried = (holder.start, state.end), not of["mod"].strip()
                found.named.append(_affiliation(doc, holder.entity_id, state.entity_id, office(of["title"]), span,
                                                names, carried=carried))  # fmt: skip
    previous = mentions[i - 1] if i > 0 else None
    if (
        previous is not None
        and previous.type in STATE_TYPES
        and TITLE_THEN_HOLDER.match(text[previous.end : holder.start])
    ):
        lead = text[max(0, previous.start - REACH) : previous.start]
        if (of := TITLE_OF.search(lead)) is not None:  # "President of Russia Vladimir Putin"
            start = previous.start - len(lead) + of.start("title")
            if FORMER_BEFORE.search(text[max(0, start - 12) : start]):
                found.former.add(holder.entity_id)
            else:
                found.named.append(_affiliation(doc, holder.entity_id, previous.entity_id, office(of["title"]),
                                                (start, holder.end), names, carried=True))  # fmt: skip
        return
    lead = text[max(0, holder.start - REACH) : holder.start]
    bare = BARE_TITLE.search(lead)
    if bare is not None and bare["title"][:1].isupper():  # a title before a name is capitalised
        start = holder.start - len(lead) + bare.start("title")
        if FORMER_BEFORE.search(text[max(0, start - 12) : start]):
            found.former.add(holder.entity_id)
        else:
            found.bare.setdefault(office(bare["title"]), set()).add(holder.entity_id)


def _affiliation(
    doc: AffiliationDocumentRow,
    holder: str,
    state: str,
    title: str,
    statement: tuple[int, int],
    names: dict[str, str],
    *,
    carried: bool,
) -> Affiliation:
    sentence = sentence_around(doc.text, *statement)
    return Affiliation(
        entity_id=holder, name=names.get(holder, holder), state_id=state, state_name=names.get(state, state),
        title=title, doc_id=doc.doc_id, statement=statement, sentence=sentence,
        text=" ".join(doc.text[sentence[0] : sentence[1]].split()), published=doc.published,
        reach="period" if carried and doc.published else "document",
    )  # fmt: skip


def affiliations(
    documents: Iterable[AffiliationDocumentRow], names: dict[str, str]
) -> tuple[list[Affiliation], set[tuple[str, str]]]:
    """Every stated office in the store, and the (document, holder) pairs a document calls former."""
    found: list[Affiliation] = []
    former: set[tuple[str, str]] = set()
    for doc in documents:
        stated, formers = document_affiliations(doc, names)
        found.extend(stated)
        former.update((doc.doc_id, h) for h in formers)
    return found, former


def affiliations_by_holder(found: list[Affiliation]) -> dict[str, list[Affiliation]]:
    """holder entity id → the offices stated for them, each state once per document."""
    by: dict[str, list[Affiliation]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for a in found:
        if (a.entity_id, a.state_id, a.doc_id) not in seen:
            seen.add((a.entity_id, a.state_id, a.doc_id))
            by[a.entity_id].append(a)
    return by


@dataclass
class Offices:
    """Every stated office, looked up by holder, document and date."""

    stated: list[Affiliation]
    former: frozenset[tuple[str, str]] = frozenset()  # (document, holder) the document calls a former holder
    by_holder: dict[str, list[Affiliation]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_holder = affiliations_by_holder(self.stated)

    def of(self, entity_id: str, doc_id: str, when: str | None) -> list[Affiliation]:
        """The states an entity acts for in a document's evidence dated `when`: the offices that document states,
        then those other documents published near that date state, unless this document calls them former."""
        stated = self.by_holder.get(entity_id, [])
        own = [a for a in stated if a.doc_id == doc_id]
        if (doc_id, entity_id) not in self.former:
            own += [a for a in stated if a.doc_id != doc_id and a.reach == "period" and near(a.published, when)]
        return list({a.state_id: a for a in reversed(own)}.values())[::-1]  # each state once, the first kept


def near(published: str | None, when: str | None) -> bool:
    """Whether evidence dated `when` falls within REACH_DAYS of a statement published on `published`."""
    first, last = iso_range(when)
    if not published or first is None or last is None:
        return False
    try:
        day = date.fromisoformat(published[:10])
        low, high = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return False
    return low <= day + timedelta(days=REACH_DAYS) and high >= day - timedelta(days=REACH_DAYS)


def stored_offices(documents: Iterable[AffiliationDocumentRow], names: dict[str, str]) -> Offices:
    """The offices every document states."""
    stated, former = affiliations(documents, names)
    return Offices(stated, frozenset(former))
