"""Within-document entity resolution: one entity for the many ways an article names it."""

from __future__ import annotations

from datetime import date

from spacy.language import Language

from dossier.annotate import entities  # noqa: F401  (registers dossier_entities_v1)
from dossier.annotate.pipeline import annotated
from dossier.records import Article, DocEntity

FIXTURE = (
    "Prime Minister Imran Khan arrived in Moscow on Thursday. Khan met Russian officials, and PM Khan later said "
    "Imran Khan's visit was long planned. The prime minister returned home on Friday.\n\n"
    "Army chief General Bajwa did not travel. Qamar Javed Bajwa, who leads the army, met Bajwa's deputies. "
    "Critics say Iman Khan ignored them.\n\n"
    "Zulfikar Ali Bhutto was executed in 1979. Decades later his daughter Benazir Bhutto became prime minister. "
    "Benazir Bhutto was assassinated in 2007, and Bhutto's supporters blamed the army.\n\n"
    "Washington accused Islamabad of double-dealing, while Beijing praised Pakistani diplomats. Khan's party, "
    "Pakistan Tehreek-e-Insaf (PTI), said the PTI would not bow to pressure from Washington."
)


def resolved(nlp: Language, text: str) -> list[DocEntity]:
    article = Article(
        id="fixture", source="fixture", format="text", text=text, extractor="test", published="2022-04-20"
    )
    [(_, doc)] = list(annotated(nlp, [article]))
    return list(doc._.entities)


def entity_with(found: list[DocEntity], alias: str) -> DocEntity:
    matches = [e for e in found if alias in e.aliases]
    assert len(matches) == 1, (alias, [(e.name, e.aliases) for e in matches])
    return matches[0]


def test_entities_one_person_for_titles_possessives_and_surnames(nlp: Language) -> None:
    found = resolved(nlp, FIXTURE)
    khan = entity_with(found, "Imran Khan")
    assert khan.type == "PERSON" and khan.name == "Imran Khan"
    assert {"Khan", "Iman Khan", "prime minister"} <= set(khan.aliases)
    texts = [FIXTURE[s:e] for s, e in khan.mentions]
    assert "Imran Khan's" not in texts and "Imran Khan" in texts  # possessive dropped from the span
    assert len(khan.mentions) >= 7


def test_entities_general_and_full_name_are_one(nlp: Language) -> None:
    bajwa = entity_with(resolved(nlp, FIXTURE), "Qamar Javed Bajwa")
    assert bajwa.name == "Qamar Javed Bajwa"
    assert "Bajwa" in bajwa.aliases and len(bajwa.mentions) >= 3


def test_entities_a_title_case_headline_is_not_one_long_name(nlp: Language) -> None:
    # live-blog headlines in PolNeAR train (HuffPost 2016-02-07, 2016-08-03): names stop at verbs and "On"
    found = resolved(
        nlp,
        "Bush Hits Marco Rubio On Rape Exception For Abortions\n\nJeb Bush spoke in Manchester on Saturday.\n\n"
        "Francois Hollande Says Donald Trump Makes The World Dizzy\n\nThe French president spoke in Paris.",
    )
    people = {e.name for e in found if e.type == "PERSON"}
    assert {"Marco Rubio", "Donald Trump"} <= people
    assert not [name for name in people if " On " in name or " Says " in name or " Hits " in name], people


def test_entities_namesakes_stay_apart_and_bare_name_follows_context(nlp: Language) -> None:
    found = resolved(nlp, FIXTURE)
    zulfikar = entity_with(found, "Zulfikar Ali Bhutto")
    benazir = entity_with(found, "Benazir Bhutto")
    assert zulfikar.key != benazir.key
    last_bhutto = FIXTURE.rindex("Bhutto")
    assert any(s <= last_bhutto < e for s, e in benazir.mentions)


def test_entities_capitals_as_actors_and_demonyms_map_to_states(nlp: Language) -> None:
    found = resolved(nlp, FIXTURE)
    usa = next(e for e in found if e.name == "United States")
    assert "Washington" in usa.aliases
    pakistan = next(e for e in found if e.name == "Pakistan")
    assert {"Islamabad", "Pakistani"} <= set(pakistan.aliases)
    assert any(e.name == "China" and "Beijing" in e.aliases for e in found)
    moscow = next(e for e in found if "Moscow" in e.aliases)
    assert moscow.name == "Moscow"  # a place someone arrives in is the city, not the state


def test_entities_acronym_joined_to_its_expansion(nlp: Language) -> None:
    pti = entity_with(resolved(nlp, FIXTURE), "PTI")
    assert pti.name == "Pakistan Tehreek-e-Insaf" and pti.type == "ORG"


def test_entities_on_seed_every_khan_is_imran_and_bhutto_is_zulfikar(nlp: Language, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    from dossier.ingest.pipeline import article_from_raw
    from dossier.ingest.sources import Target, read_target

    [raw] = list(read_target(Target(str(seeds_dir / "000_932b70249ad4c344.txt"))))
    article = article_from_raw(raw)
    [(_, doc)] = list(annotated(nlp, [article]))
    found = list(doc._.entities)
    khan = entity_with(found, "Imran Khan")
    assert "Khan" in khan.aliases
    bhutto = entity_with(found, "Zulfikar Ali Bhutto")
    assert "Bhutto" in bhutto.aliases and len(bhutto.mentions) >= 5
    assert not any(e.name == "Bhutto" for e in found)
    assert date.fromisoformat(article.published or "") == date(2022, 4, 20)
