"""Who stands with whom, over time: for each pair of entities and period, cooperative against conflictual evidence.

A pure function over what the store returns: event mentions between two resolved entities (PLOVER's quad classes
give the polarity: verbal and material cooperation against verbal and material conflict) and quotes in which one
entity speaks of another with a cue that takes a side ("X accused Y", "X praised Y"), towards the entity it names
first. An event counts in the period of its own date; a quote in the period it was published (it was said by
then). Undated events, and events dated coarser than a year (a decade), count nowhere rather than somewhere wrong.

Office holders act for their state (resolve/affiliation.py): evidence between Putin and Khan also counts for
Russia — Pakistan, Russia — Khan and Putin — Pakistan, marked with the affiliations it went through, unless it
would set someone against their own state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Literal

from dossier.dateranges import iso_range
from dossier.records import Affiliation, Relation, RelationEvidence
from dossier.resolve.affiliation import Offices
from dossier.store.relations import RelationEventRow, RelationQuoteRow

EXTRACTOR = "dossier.relations.v2"  # v2: evidence also counts for the states office holders act for
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset(
    {"INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "CRIME", "SANCTION", "MOBILIZE",
     "COERCE", "ASSAULT"}
)  # fmt: skip
COUNTED_MODES = frozenset({"asserted", "reported"})  # what did (or is said to have) happen; not plans or denials
PRAISE_CUES = frozenset({"praised", "thanked", "welcomed", "commended", "hailed", "lauded", "applauded", "backed"})
BLAME_CUES = frozenset(
    {"accused", "condemned", "criticized", "criticised", "blamed", "denounced", "warned", "attacked", "slammed",
     "complained",
     "threatened", "alleged", "charged", "demanded", "rejected"}
)  # fmt: skip
Granularity = Literal["month", "year"]
Polarity = Literal["cooperative", "conflictual"]


def period_of(value: str | None, granularity: Granularity) -> str | None:
    """The month ("2022-02") or year a date falls in; None when it spans more than one (or is off the calendar)."""
    first, last = iso_range(value)
    if first is None or last is None:
        return None
    if granularity == "month":
        return first[:7] if first[:7] == last[:7] else (first[:4] if first[:4] == last[:4] else None)
    return first[:4] if first[:4] == last[:4] else None


def event_polarity(event_type: str) -> Polarity | None:
    return "cooperative" if event_type in COOPERATIVE else "conflictual" if event_type in CONFLICTUAL else None


def cue_polarity(cue: str | None) -> Polarity | None:
    words = set((cue or "").lower().split())
    return "cooperative" if words & PRAISE_CUES else "conflictual" if words & BLAME_CUES else None


def event_pairs(row: RelationEventRow) -> list[tuple[str, str]]:
    """The pairs of entities an event is between: actor with target, else actors (or targets) with each other."""
    actors = sorted({p.entity_id for p in row.participants if p.role == "actor" and p.entity_id})
    targets = sorted({p.entity_id for p in row.participants if p.role == "target" and p.entity_id})
    if actors and targets:
        return [(a, t) for a in actors for t in targets if a != t]
    side = actors or targets
    return [(a, b) for i, a in enumerate(side) for b in side[i + 1 :]]


Key = tuple[str, str, str]  # (entity a, entity b, period), a < b


def relations(
    events: Iterable[RelationEventRow],
    quotes: Iterable[RelationQuoteRow],
    names: dict[str, str],
    *,
    granularity: Granularity = "month",
    offices: Offices | None = None,
) -> list[Relation]:
    """Every pair of entities with evidence, one Relation per period, in pair then period order; given the stated
    offices, evidence between office holders also counts for their states."""
    offices = offices or Offices([])
    found: dict[Key, list[RelationEvidence]] = defaultdict(list)
    for row in events:
        polarity, period = event_polarity(row.type), period_of(row.date, granularity)
        if polarity is None or period is None or row.mode not in COUNTED_MODES:
            continue
        evidence = RelationEvidence(
            doc_id=row.doc_id, sentence=(row.sentence_start, row.sentence_end), text=" ".join(row.sentence.split()),
            kind="event", type=row.type, polarity=polarity, date=row.date,
        )  # fmt: skip
        for a, b in event_pairs(row):
            for x, y, via in acting_pairs(a, b, row.doc_id, row.date, offices):
                found[(min(x, y), max(x, y), period)].append(evidence.model_copy(update={"affiliations": via}))
    for quote in first_named(quotes):
        polarity, period = cue_polarity(quote.cue), period_of(quote.published, granularity)
        if polarity is None or period is None:
            continue
        evidence = RelationEvidence(
            doc_id=quote.doc_id, sentence=(quote.start, quote.end), text=" ".join(quote.text.split()),
            kind="quote", type=quote.cue or "", polarity=polarity, date=None, dated_by="publication",
        )  # fmt: skip
        for x, y, via in acting_pairs(quote.speaker_id, quote.about_id, quote.doc_id, quote.published, offices):
            found[(min(x, y), max(x, y), period)].append(evidence.model_copy(update={"affiliations": via}))
    return [_relation(key, found[key], names) for key in sorted(found)]


def acting_pairs(
    a: str, b: str, doc_id: str, when: str | None, offices: Offices
) -> list[tuple[str, str, list[Affiliation]]]:
    """The pair itself (no affiliation), then each pair with one or both sides replaced by the state they act for
    in that document at that date; never a state with itself, nor someone against their own state."""
    of_a, of_b = offices.of(a, doc_id, when), offices.of(b, doc_id, when)
    states_a, states_b = {x.state_id for x in of_a}, {x.state_id for x in of_b}
    pairs: list[tuple[str, str, list[Affiliation]]] = [(a, b, [])]
    for x, via_a in [(a, None), *((s.state_id, s) for s in of_a)]:
        for y, via_b in [(b, None), *((s.state_id, s) for s in of_b)]:
            if (via_a or via_b) and x != y and x not in states_b and y not in states_a:
                pairs.append((x, y, [v for v in (via_a, via_b) if v is not None]))
    return pairs


def first_named(quotes: Iterable[RelationQuoteRow]) -> list[RelationQuoteRow]:
    """Of each quote, the row of the entity it names first: "Whenever the US needed us, … Pakistan became a
    frontline state" complains of the US, not of Pakistan."""
    first: dict[tuple[str, int], RelationQuoteRow] = {}
    for q in quotes:
        kept = first.get((q.doc_id, q.start))
        if kept is None or q.about_start < kept.about_start:
            first[(q.doc_id, q.start)] = q
    return list(first.values())


def _relation(key: Key, evidence: list[RelationEvidence], names: dict[str, str]) -> Relation:
    a, b, period = key
    kept: dict[tuple[str, tuple[int, int], str], RelationEvidence] = {}  # one sentence, one vote per type
    for e in evidence:
        slot = (e.doc_id, e.sentence, e.type)
        if slot not in kept or (kept[slot].affiliations and not e.affiliations):  # direct evidence first
            kept[slot] = e
    unique = list(kept.values())
    cooperative = sum(e.polarity == "cooperative" for e in unique)
    conflictual = len(unique) - cooperative
    return Relation(
        entity_a=a, name_a=names.get(a, a), entity_b=b, name_b=names.get(b, b), period=period,
        cooperative=cooperative, conflictual=conflictual,
        balance=round((cooperative - conflictual) / len(unique), 3), evidence=unique, extractor=EXTRACTOR,
    )  # fmt: skip


def between(found: list[Relation], first: str, second: str) -> list[Relation]:
    """The relations of one pair of entity ids, in period order."""
    pair = (min(first, second), max(first, second))
    return [r for r in found if (r.entity_a, r.entity_b) == pair]


def in_window(found: list[Relation], date_from: str | None, date_to: str | None) -> list[Relation]:
    """Relations whose period overlaps [date_from, date_to] (YYYY, YYYY-MM or YYYY-MM-DD)."""
    low = iso_range(date_from)[0] if date_from else date.min.isoformat()
    high = iso_range(date_to)[1] if date_to else date.max.isoformat()
    kept = []
    for r in found:
        first, last = iso_range(r.period)
        if first is not None and last is not None and (low is None or last >= low) and (high is None or first <= high):
            kept.append(r)
    return kept
