"""The learned furniture model: shipped with its training record, and reading a whole-page scrape."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

from dossier.ingest.furniture import furniture_model
from dossier.ingest.markdown import parsed_lines
from dossier.ingest.text import extracted_text_article, read_structure
from tests.conftest import RESOURCES

SCRAPE = (RESOURCES / "scrapes" / "kessock-ferries.md").read_text(encoding="utf-8")


def test_model_ships_with_its_training_record() -> None:
    folder = resources.files("dossier.models.furniture")
    meta = json.loads(folder.joinpath("metadata.json").read_text(encoding="utf-8"))
    assert meta["version"] == furniture_model().version
    assert meta["seed"] == 11 and "held back" in meta["data"]
    assert meta["scores"]["held_back_line_word_f1"] >= 0.9
    assert len(folder.joinpath("model.json").read_bytes()) < 1_000_000  # a few hundred KB, not a blob


def test_feature_rows_are_as_wide_as_the_model_was_trained_on() -> None:
    from dossier.ingest.furniture import stage_one_features, stage_two_features

    meta = json.loads(resources.files("dossier.models.furniture").joinpath("metadata.json").read_text("utf-8"))
    lines = parsed_lines(SCRAPE)
    numbers, rows = stage_one_features(lines, read_structure(lines).view)
    first = furniture_model().first.probability(rows)
    words = np.array([float(lines[n].words) for n in numbers])
    assert rows.shape[1] == meta["features"]["stage_one"]  # a feature added without retraining shifts every column
    assert stage_two_features(rows, first, words).shape[1] == meta["features"]["stage_two"]


def test_whole_page_scrape_keeps_the_article_and_drops_menus_rails_and_footer() -> None:
    got = extracted_text_article(SCRAPE)
    paragraphs = got.text.split("\n\n")
    assert paragraphs[0].startswith("Ferry services between Kessock and the outer islands resumed on Thursday")
    assert paragraphs[-1] == "Forecasters expect calmer weather to hold until at least the middle of next week."
    assert len(paragraphs) == 4
    for furniture in ("Skip to main", "Subscribe", "Sign in", "Share on", "Related stories", "Island school closed",
                      "Most read", "newsletter", "Privacy", "All rights reserved"):  # fmt: skip
        assert furniture not in got.text, furniture
    assert (got.title, got.authors, got.published) == ("Ferries sail again after a week of storms", ["Ruaridh Black"],
                                                       "2023-03-09")  # fmt: skip


def test_link_lists_score_as_furniture_and_sentences_as_body() -> None:
    lines = parsed_lines(SCRAPE)
    probability = furniture_model().body_probabilities(lines, read_structure(lines).view)
    by_text = {ln.text: probability[ln.number] for ln in lines if ln.number in probability}
    assert by_text["Weather"] < 0.2
    assert by_text["Storm warning for the western isles"] < 0.2
    assert by_text["fresh supplies."] > furniture_model().threshold  # a wrapped paragraph's last row: kept with it
    assert by_text["Harbour master Elspeth Gunn said the pier at Ardnish had been checked by"] > 0.8
