"""Dossier's components as a spaCy plugin: found through entry points, refusing pipelines that lack their inputs."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import spacy

from dossier.annotate.needs import MissingComponent
from dossier.annotate.pipeline import COMPONENTS, MODEL
from tests.conftest import ROOT


def readme_block(marker: str) -> str:
    """The fenced code block that follows an HTML comment marker in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker}[^>]*-->\s*```\w*\n(.*?)```", text, re.S)
    assert found, f"README has no block marked {marker}"
    return found.group(1)


def test_spacy_entry_points_name_every_component() -> None:
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"dossier_paragraphs_v1", *COMPONENTS} <= names


@pytest.mark.slow
def test_spacy_readme_example_runs_in_a_fresh_interpreter() -> None:
    # a fresh process: nothing of dossier is imported before add_pipe, so only the entry points can find the factories
    run = subprocess.run([sys.executable, "-c", readme_block("spacy-example")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Imran Khan said: We will not bow to pressure" in run.stdout
    assert "GPE Islamabad" in run.stdout


@pytest.mark.parametrize(
    ("component", "missing"),
    [
        ("dossier_entities_v1", "needs an entity recognizer before it"),
        ("dossier_quotes_v1", "needs a dependency parser, a lemmatizer and dossier_entities_v1 before it"),
        ("dossier_events_v1", "needs a dependency parser, a lemmatizer, dossier_entities_v1 and dossier_timex_v1"),
        ("dossier_claims_v1", "dossier_quotes_v1"),
    ],
)
def test_spacy_blank_pipeline_names_the_missing_component(component: str, missing: str) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(MissingComponent) as info:
        nlp.add_pipe(component)
    assert str(info.value).startswith(component)
    assert missing in str(info.value)
    assert "\n" not in str(info.value)


def test_spacy_timex_needs_nothing_on_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("dossier_timex_v1")
    doc = nlp("The talks resumed on 12 March 2022.")
    assert [(t.text, t.value) for t in doc._.timexes] == [("12 March 2022", "2022-03-12")]


def test_spacy_component_inserted_too_early_fails_on_the_doc() -> None:
    nlp = spacy.load(MODEL)
    nlp.add_pipe("dossier_entities_v1", before="ner")  # the NER exists, so adding passes; it runs too late
    with pytest.raises(MissingComponent, match="dossier_entities_v1 needs an entity recognizer before it"):
        nlp("Imran Khan spoke in Lahore.")


def test_spacy_paragraphs_after_the_parser_says_so() -> None:
    nlp = spacy.load(MODEL)
    nlp.add_pipe("dossier_paragraphs_v1")
    with pytest.raises(MissingComponent, match="dossier_paragraphs_v1 must come before the dependency parser"):
        nlp("One.\n\nTwo.")


def test_spacy_gazetteer_comes_through_the_factory_config() -> None:
    from dossier.resolve.gazetteer import Gazetteer

    @spacy.registry.misc("test.empty_gazetteer.v1")
    def empty_gazetteer() -> Gazetteer:
        return Gazetteer()

    text = "Washington warned Islamabad on Monday."
    packaged, empty = spacy.load(MODEL), spacy.load(MODEL)
    packaged.add_pipe("dossier_entities_v1")
    empty.add_pipe("dossier_entities_v1", config={"gazetteer": {"@misc": "test.empty_gazetteer.v1"}})
    assert "United States" in {e.name for e in packaged(text)._.entities}  # the capital acting as its state
    assert "United States" not in {e.name for e in empty(text)._.entities}
