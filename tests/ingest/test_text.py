"""The plain-text extractor's mechanisms, one at a time, on small pages written for the purpose."""

from __future__ import annotations

import textwrap

import pytest

from dossier.ingest import boilerplate as bp
from dossier.ingest.comments import comment_start, text_comments
from dossier.ingest.dates import dates_in
from dossier.ingest.markdown import parsed_lines
from dossier.ingest.metadata import (
    best_date,
    date_candidate,
    date_label,
    normalized_authors,
    outlet_from_dateline,
    outlet_from_footer,
    outlet_from_original,
    outlet_from_wire_dateline,
)
from dossier.ingest.text import TextExtraction, extracted_text_article

FIRST = "The harbour authority in Velmar closed the northern channel on Tuesday after a cargo ship ran aground."
SECOND = "Officials said the closure would last at least a week while divers inspected the damaged hull."
LAST = "The port expects to publish a full report on the grounding before the end of the month."


def page(*blocks: str) -> str:
    """A scrape: blocks separated by blank lines, as scrapers write paragraphs."""
    return "\n\n".join(textwrap.dedent(b).strip("\n") for b in blocks) + "\n"


def article(*middle: str, header: tuple[str, ...] = ("# Velmar channel closed", "By Ada Kern", "May 3, 2023")) -> str:
    return page(*header, FIRST, *middle, SECOND, LAST)


def extracted(*middle: str, **kwargs: tuple[str, ...]) -> TextExtraction:
    return extracted_text_article(article(*middle, **kwargs))


# ── furniture ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "furniture",
    [
        "Please share this article with your friends and colleagues.",
        "Follow us on [Mastodon](#) and [Telegram](#).",
        "Sign up for our free daily newsletter and get the top stories in your inbox.",
        "[Become a member of the Velmar Courier](#)",
        'This site can be read in 40 languages with the "Translate Website" menu at the top.',
        "Photo: Harbour authority handout",
        "Featured image is from the Velmar port archive",
        "Region: [Northern Coast](#)",
        "Home | News | Ports | Opinion | Contact",
        "[Ports](#) · [Shipping](#) · [Velmar](#)",
        "Updated May 4, 2023 09:15",
        "Saved from the web 2024-01-02 10:00 UTC",
        "\\*\\*\\*",
        "--",
        "Share: Facebook | X | Email",
    ],
)
def test_text_furniture_is_dropped_wherever_it_stands(furniture: str) -> None:
    got = extracted(furniture)
    assert got.text == "\n\n".join([FIRST, SECOND, LAST])


@pytest.mark.parametrize(
    "footer",
    [
        "Disclaimer: the views expressed here are the author's own.",
        "Copyright © Ada Kern, Velmar Courier, 2023",
        "Related stories",
        "The post Velmar channel closed appeared first on Velmar Courier.",
        "(c) 2023 Velmar Courier. All rights reserved.",
    ],
)
def test_text_footer_ends_the_body(footer: str) -> None:
    got = extracted_text_article(article() + "\n" + page(footer, "Nothing after the footer belongs to the article."))
    assert got.text.endswith(LAST)
    assert "Nothing after" not in got.text


def test_text_list_item_starting_with_share_is_article_text() -> None:
    got = extracted("The agreement commits both ports to:", "- share pilot schedules every morning;", "- pool tugs.")
    assert "share pilot schedules every morning;" in got.text.split("\n\n")


def test_text_markdown_remnants_are_unwrapped() -> None:
    got = extracted("**Mayor Ines Rolf** said the [closure](#) was *regrettable* but necessary for everyone.")
    assert "Mayor Ines Rolf said the closure was regrettable but necessary for everyone." in got.text


# ── page breaks, wrapping, headings ─────────────────────────────────────────


def test_text_page_break_mid_sentence_is_joined() -> None:
    got = extracted(
        "Pilots had warned for years that the channel was silting up faster than the", "dredgers could clear it."
    )
    assert "faster than the dredgers could clear it." in got.text


def test_text_page_break_after_a_function_word_is_joined_even_before_a_capital() -> None:
    got = extracted("The salvage contract was awarded last week to a consortium led by", "Norrhavn Salvage of Tesk.")
    assert "a consortium led by Norrhavn Salvage of Tesk." in got.text


def test_text_sentence_without_final_period_is_not_glued_to_the_next() -> None:
    got = extracted(
        "Velmar is also the largest grain terminal on the coast (by tonnage)", "Traffic had doubled since 2019."
    )
    assert "(by tonnage)\n\nTraffic had doubled" in got.text


def test_text_short_heading_stays_its_own_paragraph() -> None:
    got = extracted("What the divers found", "The hull was cracked in two places below the waterline, the report said.")
    assert "What the divers found" in got.text.split("\n\n")


def test_text_hard_wrapped_plain_text_is_reflowed_into_paragraphs() -> None:
    body = [
        textwrap.fill(p, 72)
        for p in (
            "VELMAR (Coastline Wire) -- The harbour authority in Velmar closed the northern channel on Tuesday "
            "after a cargo ship ran aground on a sandbank that pilots had reported twice this spring.",
            "Officials said the closure would last at least a week while divers inspected the damaged hull "
            "and tugs tried to refloat the vessel on the evening high tide.",
        )
    ]
    got = extracted_text_article(page("Velmar channel closed after grounding", "By Ada Kern", "May 3, 2023", *body))
    paras = got.text.split("\n\n")
    assert len(paras) == 2
    assert paras[0].startswith("VELMAR (Coastline Wire) -- The harbour authority in Velmar closed the northern channel")
    assert paras[0].endswith("that pilots had reported twice this spring.")
    assert paras[1].endswith("on the evening high tide.")


def test_text_wrapped_row_that_looks_like_furniture_stays_in_its_sentence() -> None:
    got = extracted(
        "The harbour master cited a survey of the channel that was\npublished on 3 May 2023 by the port engineers."
    )
    assert "a survey of the channel that was published on 3 May 2023 by the port engineers." in got.text


def test_text_vertical_menu_is_not_a_wrapped_paragraph() -> None:
    menu = "\n".join(["Home", "World", "Business", "Ports and shipping", "Opinion", "Culture", "Sport", "Weather"] * 2)
    got = extracted_text_article(page("Velmar channel closed", menu, FIRST, SECOND))
    assert got.text.startswith(FIRST)


def test_text_wrapped_list_item_is_one_paragraph() -> None:
    got = extracted(
        "The agreement commits both ports to:", "- share pilot schedules every morning and publish\n  them on the quay;"
    )
    assert "share pilot schedules every morning and publish them on the quay;" in got.text.split("\n\n")


def test_text_word_hyphenated_at_a_wrapped_line_end_keeps_its_hyphen() -> None:
    got = extracted("The grounded ship, a Tesk-\nregistered bulk carrier, was carrying fertiliser to the inland mills.")
    assert "a Tesk-registered bulk carrier" in got.text


# ── images: alt text and captions vs headings ───────────────────────────────


def test_text_alt_text_and_caption_pair_is_dropped() -> None:
    got = extracted("Velmar channel grounding tugs", "Tugs work to refloat the bulk carrier in Velmar on Tuesday")
    assert "Velmar channel grounding tugs" not in got.text
    assert "Tugs work to refloat" not in got.text


def test_text_title_case_heading_without_function_words_is_kept() -> None:
    got = extracted(
        "Pilots Raise Alarm", "Pilots said they had raised the silting problem at every annual meeting since 2019."
    )
    assert "Pilots Raise Alarm" in got.text.split("\n\n")


def test_text_alt_text_made_only_of_the_articles_names_is_dropped() -> None:
    got = extracted(
        "Mayor Ines Rolf visited the quay with port director Oskar Lund on Wednesday morning.",
        "Ines Rolf Oskar Lund Velmar",
        "Both promised compensation for the fishing crews kept in port by the closure.",
    )
    assert "Ines Rolf Oskar Lund Velmar" not in got.text
    assert "Both promised compensation" in got.text


# ── bylines and authors ─────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Ada Kern and Tomas Reyk", ["Ada Kern", "Tomas Reyk"]),
        ("By [Ada Kern](#) and [Tomas Reyk](#)", ["Ada Kern", "Tomas Reyk"]),
        ("Thursday 4 May 2023, by [KERN Ada](#)", ["Ada Kern"]),
        ("By Kern, Ada", ["Ada Kern"]),
        ("By Dr. Ada Kern, Shipping Correspondent", ["Ada Kern"]),
        ("By Velmar Courier Staff", []),
    ],
)
def test_text_byline_forms(byline: str, authors: list[str]) -> None:
    got = extracted(header=("# Velmar channel closed", byline, "May 3, 2023"))
    assert got.authors == authors


def test_text_byline_naming_the_outlet_is_not_an_author() -> None:
    got = extracted_text_article(
        article(header=("Velmar channel closed", "By Coastline Wire", "May 3, 2023"))
        + page("(c) 2023 Coastline Wire. All rights reserved.")
    )
    assert (got.authors, got.outlet) == ([], "Coastline Wire")


def test_text_authors_own_copyright_is_not_an_outlet() -> None:
    got = extracted_text_article(article() + page("© 2023 Ada Kern"))
    assert (got.authors, got.outlet) == (["Ada Kern"], None)


def test_normalized_authors_never_returns_the_outlet() -> None:
    assert normalized_authors(["Velmar Courier; Ada Kern"], outlet="Velmar Courier") == ["Ada Kern"]


# ── outlets ─────────────────────────────────────────────────────────────────


def test_outlet_forms() -> None:
    assert outlet_from_dateline("Velmar Courier, May 3, 2023") == "Velmar Courier"
    assert outlet_from_dateline("Updated May 4, 2023") is None
    assert outlet_from_dateline("Republished 18 June 2024") is None
    assert outlet_from_original("First published by The Tesk Review on 12 June 2024.") == "The Tesk Review"
    assert outlet_from_original("This piece originally appeared in Harbour Notes.") == "Harbour Notes"
    assert outlet_from_original("First published on June 12, 2024.") is None
    assert outlet_from_footer("Copyright © Ada Kern, Velmar Courier, 2023") == "Velmar Courier"
    assert outlet_from_footer("© 2023 Velmar Courier. All rights reserved.") == "Velmar Courier"
    assert outlet_from_wire_dateline("VELMAR, Tesk (Coastline Wire) -- The harbour closed.") == "Coastline Wire"
    assert outlet_from_wire_dateline("VELMAR, the harbour (pictured) closed on Tuesday.") is None


def test_text_provenance_note_ends_the_body_and_names_the_original_outlet() -> None:
    got = extracted_text_article(article() + page("Originally published by The Tesk Review on 2 May 2023."))
    assert (got.text.endswith(LAST), got.outlet) == (True, "The Tesk Review")


def test_text_outlet_is_never_taken_from_a_reader_comment() -> None:
    thread = page(
        "1. Harbour Watcher",
        "    2023-05-04 at 08:15",
        "    Funny, the same story was first published in The Tesk Review a week earlier.",
    )
    assert extracted_text_article(article() + "\n" + thread).outlet is None


def test_text_republished_page_names_the_original_outlet() -> None:
    got = extracted(
        header=("# Velmar channel closed", "By Ada Kern", "First published by The Tesk Review on May 1, 2023.")
    )
    assert got.outlet == "The Tesk Review"


# ── publication date ────────────────────────────────────────────────────────


def test_text_first_published_beats_byline_dateline_and_republication() -> None:
    header = (
        "# Velmar channel closed",
        "Thursday 11 May 2023, by [KERN Ada](#) (Date first published: 3 May 2023).",
    )
    assert extracted(header=header).published == "2023-05-03"
    header = (
        "# Velmar channel closed",
        "By Ada Kern",
        "Republished 18 May 2023. First published by The Tesk Review on 3 May 2023.",
    )
    assert extracted(header=header).published == "2023-05-03"


def test_text_byline_dateline_beats_header_date() -> None:
    header = (
        "Velmar Courier",
        "Ports section, March 30, 2023",
        "# Velmar channel closed",
        "By Ada Kern",
        "May 3, 2023",
    )
    assert extracted(header=header).published == "2023-05-03"


def test_text_header_date_is_used_when_there_is_no_byline() -> None:
    assert extracted(header=("# Velmar channel closed", "May 3, 2023")).published == "2023-05-03"


@pytest.mark.parametrize(
    "stamp",
    ["Saved from the web 2024-01-02", "Retrieved January 2, 2024", "Updated May 9, 2023", "Fri Jan 5 2024, 02:32 AM"],
)
def test_text_crawl_stamps_and_updates_never_win(stamp: str) -> None:
    assert extracted(header=(stamp, "# Velmar channel closed", "By Ada Kern")).published is None
    assert extracted(header=(stamp, "# Velmar channel closed", "By Ada Kern", "May 3, 2023")).published == "2023-05-03"


def test_text_comment_dates_never_become_the_publication_date() -> None:
    thread = page(
        "1. Harbour Watcher", "    2023-05-04 at 08:15", "    They should have dredged the channel years ago."
    )
    got = extracted_text_article(article(header=("# Velmar channel closed", "By Ada Kern")) + "\n" + thread)
    assert got.published is None
    assert [(c.author, c.date) for c in got.comments] == [("Harbour Watcher", "2023-05-04T08:15")]


def test_date_label_stops_at_the_previous_clause() -> None:
    line = "Republished 18 June 2024. First published by The Tesk Review on 12 June 2024."
    first, second = dates_in(line)
    assert date_label(line, first.start) == "Republished "
    assert date_label(line, second.start) == "First published by The Tesk Review on "
    scores = [date_candidate(line, m, near_byline=True, in_header=True).score for m in (first, second)]
    assert scores == [0, 100]
    assert (
        best_date([date_candidate(line, m, near_byline=True, in_header=True) for m in (first, second)]) == "2024-06-12"
    )


# ── reader comments ─────────────────────────────────────────────────────────


def test_text_comment_thread_with_reply_is_separated_from_the_body() -> None:
    thread = """\
      1. Harbour Watcher

        2023-05-04 at 08:15

        They should have dredged the channel years ago. Everyone on the quay knew it.

        • Ada Kern

          2023-05-04 at 09:40

          The port says dredging was postponed twice for lack of money.

      2. Tesk skipper says:

        May 5, 2023

        Our boats have been waiting outside for three days now.

    Leave a Reply

    Your email address will not be published. Required fields are marked *
    """
    got = extracted_text_article(article() + "\n" + textwrap.dedent(thread))
    assert got.text.endswith(LAST)
    assert [(c.author, c.date, c.parent) for c in got.comments] == [
        ("Harbour Watcher", "2023-05-04T08:15", None),
        ("Ada Kern", "2023-05-04T09:40", 0),
        ("Tesk skipper", "2023-05-05", None),
    ]
    assert got.comments[1].text == "The port says dredging was postponed twice for lack of money."
    assert got.published == "2023-05-03"


def test_comment_start_needs_a_handle_then_a_full_date() -> None:
    lines = parsed_lines("Harbour Watcher\n\n2023-05-04 at 08:15\n\nMay 2023\n")
    assert comment_start(lines, 0) == ("Harbour Watcher", "2023-05-04T08:15", 2)
    assert comment_start(lines, 2) is None  # a stamp is not a handle, and "May 2023" is too vague to date a comment
    assert text_comments(parsed_lines(page(FIRST, SECOND)), 0) == (None, [])


def test_text_handle_over_a_date_among_the_menus_is_not_a_comment_thread() -> None:
    header = ("# Velmar channel closed", "English edition\n\n  * Deutsch", "May 3, 2023")
    got = extracted_text_article(page(*header, "Harbour news", FIRST, SECOND, LAST))
    assert got.comments == []
    assert got.text.endswith(LAST) and FIRST in got.text


# ── lines ───────────────────────────────────────────────────────────────────


def test_lines_keep_bare_urls_and_treat_symbol_rows_as_rules() -> None:
    url, sep, link = parsed_lines("https://tesk-review.example/a/b\n--\n[Velmar](https://velmar.example/x)")
    assert url.urls == ["https://tesk-review.example/a/b"]
    assert sep.rule
    assert link.urls == ["https://velmar.example/x"] and link.text == "Velmar"


def test_stamp_lines_are_furniture_but_sentences_about_publication_are_not() -> None:
    stamp, sentence = parsed_lines(
        "Published 3 May 2023\nThe report, published on 3 May 2023, found that the channel had not been dredged since 2019."
    )
    assert bp.is_stamp(stamp)
    assert not bp.is_furniture(sentence)


def test_lines_mend_links_and_images_a_hard_wrap_cut_across_rows() -> None:
    wrapped = (
        "The harbour authority said the [northern\nchannel](https://velmar.example/harbour/northern-channel-closed-\n"
        "after-grounding) would stay shut.\n\n[![Divers at the hull of the grounded ship in the northern\n"
        "channel](https://velmar.example/img/divers-\nhull.jpg)](https://velmar.example/gallery/divers-at-the-\nhull)\n"
    )
    lines = [ln for ln in parsed_lines(wrapped) if not ln.blank]
    assert lines[0].text == "The harbour authority said the northern channel would stay shut."
    assert lines[0].urls == ["https://velmar.example/harbour/northern-channel-closed-after-grounding"]
    assert len(lines) == 1  # the image and its link leave no fragment of a URL behind as text


def test_pipe_table_rows_are_not_flattened_menus() -> None:
    rows = parsed_lines("Pos. | Skipper | Points\n---|---|---\n1 | Ada Kern | 5040\n\nHome | News | Opinion\n")
    header, delimiter, row, _, menu = rows[:5]
    assert header.table and row.table and delimiter.rule
    assert not bp.is_navigation(row) and bp.is_navigation(menu)
