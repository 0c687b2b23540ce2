"""Relations over time: pairs, periods and balance from event and quote rows (the pure function)."""

from __future__ import annotations

from dossier.records import Participant
from dossier.resolve.relations import between, in_window, period_of, relations
from dossier.store.relations import RelationEventRow, RelationQuoteRow

NAMES = {"pk": "Pakistan", "us": "United States", "ru": "Russia"}


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
