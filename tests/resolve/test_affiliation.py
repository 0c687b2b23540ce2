"""Stated offices: who acts for which state, read from a document's resolved mentions (sentences from the seeds)."""

from __future__ import annotations

from dossier.resolve.affiliation import document_affiliations
from dossier.store.relations import AffiliationDocumentRow, AffiliationMentionRow

IDS = {"Pakistan": "pk", "Pakistani": "pk", "Russian": "ru", "US": "us", "Malaysian": "my", "Imran Khan": "khan",
       "Khan": "khan", "Vladimir Putin": "putin", "Putin": "putin", "Asad Majeed": "majeed",
       "Mahathir Mohamad": "mahathir", "Donald Lu": "lu"}  # fmt: skip
STATES = {"pk", "ru", "us", "my"}
NAMES = {"pk": "Pakistan", "ru": "Russia", "us": "United States", "khan": "Imran Khan", "putin": "Vladimir Putin"}


def doc(text: str, *names: str, published: str | None = "2022-04-02") -> AffiliationDocumentRow:
    """A document whose mentions are the given names, found in order in the text."""
    mentions, at = [], 0
    for name in names:
        start = text.index(name, at)
        at = start + len(name)
        kind = "GPE" if IDS[name] in STATES else "PERSON"
        mentions.append(AffiliationMentionRow(start, at, name, IDS[name], kind))
    return AffiliationDocumentRow("d1", published, text, mentions)


def offices(d: AffiliationDocumentRow) -> list[tuple[str, str, str, str]]:
    found, _ = document_affiliations(d, NAMES)
    return [(a.entity_id, a.state_id, a.title, d.text[a.statement[0] : a.statement[1]]) for a in found]


def test_affiliation_state_before_title_and_name() -> None:
    text = "But on the sidelines of the Beijing Olympics, Russian President Putin extended an invitation."
    assert offices(doc(text, "Russian", "Putin")) == [("putin", "ru", "president", "Russian President Putin")]
    text = "Imran Khan claimed that Pakistan's Ambassador to US, **Asad Majeed**, was warned by Donald Lu."
    [(holder, state, title, _)] = offices(doc(text, "Imran Khan", "Pakistan", "US", "Asad Majeed", "Donald Lu"))
    assert (holder, state, title) == ("majeed", "pk", "ambassador")  # the ambassador of Pakistan, not of the US


def test_affiliation_apposition_and_title_of_state() -> None:
    text = "Imran Khan, Pakistan's prime minister, flew to Moscow; the Pakistani premier Khan met Vladimir Putin."
    found = offices(doc(text, "Imran Khan", "Pakistan", "Pakistani", "Khan", "Vladimir Putin"))
    assert [(h, s, t) for h, s, t, _ in found] == [("khan", "pk", "prime minister"), ("khan", "pk", "prime minister")]
    text = "He met Vladimir Putin, the president of Russian federation fame."  # no state mention after "of"
    assert offices(doc(text, "Vladimir Putin")) == []


def test_affiliation_bare_title_needs_the_document_to_say_whose_office() -> None:
    bare = "Opposition lawmakers launched a motion aimed at overthrowing Prime Minister Imran Khan. "
    said = "The participants understood how important the Pakistani prime minister’s presence would be."
    assert offices(doc(bare, "Imran Khan")) == []  # a prime minister, but of which state the text does not say
    [(holder, state, title, statement)] = offices(doc(bare + said, "Imran Khan", "Pakistani"))
    assert (holder, state, title, statement) == ("khan", "pk", "prime minister", "Pakistani prime minister")
    other = " Malaysian Prime Minister Mahathir Mohamad called the summit."  # a named holder does not take it
    assert [h for h, *_ in offices(doc(bare + said + other, "Imran Khan", "Pakistani", "Malaysian",
                                       "Mahathir Mohamad"))] == ["mahathir", "khan"]  # fmt: skip


def test_affiliation_former_holders_act_for_no_one() -> None:
    text = "An assassination attempt on former Prime Minister Imran Khan. The Pakistani prime minister said nothing."
    found, former = document_affiliations(doc(text, "Imran Khan", "Pakistani"), NAMES)
    assert found == [] and former == {"khan"}
    text = "In the final year of former US president Donald Lu's administration, a deal was made."
    found, former = document_affiliations(doc(text, "US", "Donald Lu"), NAMES)
    assert found == [] and former == {"lu"}


def test_affiliation_qualified_title_holds_only_in_its_document() -> None:
    text = "Then during the 1970s, Pakistan's then Prime Minister Imran Khan's government began aiding them."
    found, _ = document_affiliations(doc(text, "Pakistan", "Imran Khan"), NAMES)
    assert [(a.state_id, a.reach) for a in found] == [("pk", "document")]
    found, _ = document_affiliations(
        doc("Pakistan's Prime Minister Imran Khan spoke.", "Pakistan", "Imran Khan"), NAMES
    )
    assert [(a.state_id, a.reach, a.text) for a in found] == [
        ("pk", "period", "Pakistan's Prime Minister Imran Khan spoke.")
    ]
