"""Relations over time: pairs, periods and balance from event and quote rows (the pure function)."""

from __future__ import annotations

from dossier.records import Affiliation, Participant
from dossier.resolve.affiliation import Offices
from dossier.resolve.relations import between, in_window, period_of, relations
from dossier.store.relations import RelationEventRow, RelationQuoteRow

NAMES = {"pk": "Pakistan", "us": "United States", "ru": "Russia", "khan": "Imran Khan", "putin": "Vladimir Putin",
         "lu": "Donald Lu", "bhutto": "Zulfikar Ali Bhutto"}  # fmt: skip


def event(kind: str, date: str | None, actor: str, target: str, mode: str = "asserted") -> RelationEventRow:
    people = [Participant(name=NAMES[actor], entity_id=actor, role="actor"),
              Participant(name=NAMES[target], entity_id=target, role="target")]  # fmt: skip
    sentence = f"{NAMES[actor]} {kind.lower()} {NAMES[target]}."
    return RelationEventRow("d1", kind, mode, date, "2022-04-20", 0, len(sentence), sentence, people)


def test_relations_balance_per_month_and_pair() -> None:
    rows = [event("THREATEN", "2022-03-07", "us", "pk"), event("SANCTION", "2022-03", "us", "pk"),
            event("CONSULT", "2022-02-24", "pk", "ru"), event("AGREE", "2022-02-24", "ru", "pk")]  # fmt: skip
    found = relations(rows, [], NAMES)
    pk_us = between(found, "pk", "us")
    assert [(r.period, r.conflictual, r.cooperative, r.balance) for r in pk_us] == [("2022-03", 2, 0, -1.0)]
    pk_ru = between(found, "ru", "pk")
    assert [(r.period, r.name_a, r.name_b, r.balance) for r in pk_ru] == [("2022-02", "Pakistan", "Russia", 1.0)]


def test_relations_skip_undated_negated_and_too_coarse_events() -> None:
    rows = [event("ASSAULT", None, "us", "pk"), event("ASSAULT", "2022-03", "us", "pk", mode="negated"),
            event("ASSAULT", "197", "us", "pk")]  # fmt: skip
    assert relations(rows, [], NAMES) == []
    assert period_of("2022-Q1", "month") == "2022" and period_of("2015-W25", "month") == "2015-06"


def test_relations_quotes_count_by_their_cue_in_the_month_published() -> None:
    quote = RelationQuoteRow("d2", "accused", "2022-04-02", 10, 40, "Washington wants me out", "pk", "Khan", "us")
    praise = RelationQuoteRow("d3", "said", "2022-04-09", 0, 9, "Friends", "pk", "Khan", "us")  # no side taken
    [r] = relations([], [quote, praise], NAMES)
    assert (r.period, r.conflictual, r.cooperative, r.evidence[0].dated_by) == ("2022-04", 1, 0, "publication")
    assert in_window([r], "2022-05", None) == [] and in_window([r], "2022", "2022-04-01") == [r]


def office(holder: str, state: str, doc_id: str, published: str | None = "2022-04-02") -> Affiliation:
    text = f"{NAMES[state]}'s head of state {NAMES[holder]}"
    return Affiliation(entity_id=holder, name=NAMES[holder], state_id=state, state_name=NAMES[state],
                       title="head of state", doc_id=doc_id, statement=(0, len(text)), sentence=(0, len(text)),
                       text=text, published=published, reach="period")  # fmt: skip


def test_relations_office_holders_count_for_their_states_with_the_statement() -> None:
    """Putin offered Khan arms on 24 February 2022 (d1); an article of 2 April 2022 (d2) says whose leaders they are."""
    offer = event("AGREE", "2022-02-24", "putin", "khan")
    found = relations([offer], [], NAMES, offices=Offices([office("putin", "ru", "d2"), office("khan", "pk", "d2")]))
    pairs = {(r.name_a, r.name_b): r for r in found}
    assert set(pairs) == {("Imran Khan", "Vladimir Putin"), ("Imran Khan", "Russia"), ("Pakistan", "Vladimir Putin"),
                          ("Pakistan", "Russia")}  # fmt: skip
    [evidence] = pairs[("Pakistan", "Russia")].evidence
    assert (pairs[("Pakistan", "Russia")].period, evidence.doc_id, evidence.sentence) == (
        "2022-02",
        "d1",
        (offer.sentence_start, offer.sentence_end),
    )
    assert [(a.entity_id, a.state_id, a.doc_id) for a in evidence.affiliations] == [
        ("putin", "ru", "d2"),
        ("khan", "pk", "d2"),
    ]
    assert pairs[("Imran Khan", "Vladimir Putin")].evidence[0].affiliations == []  # the pair itself: direct


def test_relations_no_stated_office_no_state_pair() -> None:
    rows = [event("THREATEN", "2022-03-07", "lu", "khan")]
    assert {(r.entity_a, r.entity_b) for r in relations(rows, [], NAMES, offices=Offices([office("khan", "pk", "d2")]))} == {
        ("khan", "lu"), ("lu", "pk")}  # Lu states no office: no state of his  # fmt: skip
    # an office stated in an article of 2 April 2022 does not reach evidence of 2024, nor one its document calls former
    late = event("THREATEN", "2024-03-07", "lu", "khan")
    assert [r.entity_b for r in relations([late], [], NAMES, offices=Offices([office("khan", "pk", "d2")]))] == ["lu"]
    former = Offices([office("khan", "pk", "d2")], frozenset({("d1", "khan")}))
    assert [r.entity_b for r in relations(rows, [], NAMES, offices=former)] == ["lu"]
    # never against one's own state: Khan criticising Bhutto, both Pakistan's, is no Khan — Pakistan relation
    own = Offices([office("khan", "pk", "d2"), office("bhutto", "pk", "d2")])
    assert [(r.entity_a, r.entity_b) for r in relations([event("DISAPPROVE", "2022-03", "khan", "bhutto")], [], NAMES,
                                                        offices=own)] == [("bhutto", "khan")]  # fmt: skip
