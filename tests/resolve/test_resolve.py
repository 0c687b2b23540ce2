"""Cross-document resolution: one entity for many documents' names, one event for many reports."""

from __future__ import annotations

from dossier.records import DocEntity, EventMention, Participant
from dossier.resolve.entities import entity_id, resolved_entities
from dossier.resolve.events import dates_compatible, resolved_events


def doc_entity(doc_id: str, name: str, kind: str = "PERSON", aliases: list[str] | None = None) -> DocEntity:
    key = f"{kind}:{name.lower()}"
    return DocEntity(doc_id=doc_id, key=key, name=name, type=kind, aliases=aliases or [name], mentions=[(0, len(name))])


def test_entities_same_name_across_documents_is_one_entity() -> None:
    entities, assignment = resolved_entities(
        [
            doc_entity("a", "Imran Khan", aliases=["Imran Khan", "Khan"]),
            doc_entity("b", "Imran Khan", aliases=["Imran Khan", "PM Khan"]),
            doc_entity("b", "Pakistan", "GPE", ["Pakistan", "Islamabad"]),
        ]
    )
    khan = next(e for e in entities if e.name == "Imran Khan")
    assert khan.doc_ids == ["a", "b"] and {"Khan", "PM Khan"} <= set(khan.aliases)
    assert assignment[("a", "PERSON:imran khan")] == assignment[("b", "PERSON:imran khan")] == khan.entity_id


def test_entities_a_bare_surname_joins_the_only_matching_person() -> None:
    entities, assignment = resolved_entities([doc_entity("a", "Vladimir Putin"), doc_entity("b", "Putin")])
    assert len(entities) == 1 and entities[0].name == "Vladimir Putin"
    assert assignment[("b", "PERSON:putin")] == entity_id("PERSON", "Vladimir Putin")


def test_entities_an_ambiguous_surname_stays_apart() -> None:
    entities, _ = resolved_entities(
        [doc_entity("a", "Zulfikar Ali Bhutto"), doc_entity("b", "Benazir Bhutto"), doc_entity("c", "Bhutto")]
    )
    assert sorted(e.name for e in entities) == ["Benazir Bhutto", "Bhutto", "Zulfikar Ali Bhutto"]


def mention(doc_id: str, kind: str, date: str | None, *parts: tuple[str, str], mode: str = "asserted") -> EventMention:
    return EventMention(
        doc_id=doc_id,
        type=kind,
        mode=mode,  # type: ignore[arg-type]
        trigger=(len(doc_id), len(doc_id) + 5),
        trigger_text="x",
        sentence=(0, 10),
        date=date,
        participants=[Participant(entity_id=e, name=e, role=r) for r, e in parts],  # type: ignore[arg-type]
        extractor="test",
    )


def test_events_reports_of_one_happening_merge_with_compatible_dates() -> None:
    events = resolved_events(
        [
            mention("a", "ASSAULT", "2021-08-15", ("location", "kabul")),
            mention("b", "ASSAULT", "2021-08", ("location", "kabul"), ("actor", "taliban")),
            mention("c", "ASSAULT", "2021-09-01", ("location", "kabul")),
        ]
    )
    merged = next(e for e in events if len(e.mentions) == 2)
    assert merged.date == "2021-08-15" and merged.doc_ids == ["a", "b"]
    assert len(events) == 2


def test_events_negated_and_hypothetical_reports_never_merge() -> None:
    events = resolved_events(
        [
            mention("a", "ASSAULT", "2020", ("actor", "russia"), ("target", "georgia")),
            mention("b", "ASSAULT", "2020", ("actor", "russia"), ("target", "georgia"), mode="negated"),
        ]
    )
    assert len(events) == 2


def test_events_dates_compatible_by_granularity() -> None:
    assert dates_compatible("2021-08", "2021-08-15") and dates_compatible(None, "1979")
    assert not dates_compatible("2021-08-14", "2021-08-15") and not dates_compatible("1979", "1980-01")
