"""HTML extraction: real news pages read in place from the shared corpus, and a WordPress page we wrote."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from dossier.ingest.decode import decoded_text
from dossier.ingest.html import (
    HtmlExtraction,
    extract_authors,
    extract_title,
    extracted_html_article,
    loose_comments,
)
from tests.conftest import RESOURCES

FERRY_PAGE = RESOURCES / "html" / "quiet-harbour-ferry-fares.html"
HOSTILE = ("alert(", "<script", "onerror", "javascript:", "document.write", "window.tracker")


@cache
def _news_page(folder: str, prefix: str) -> HtmlExtraction:
    """One html-news page (by the start of its hash) decoded and extracted the way Dossier does it."""
    root = Path(folder)
    path = next((root / "html").glob(f"{prefix}*.html.gz"))
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    url = truth[path.name.removesuffix(".html.gz")]["url"]
    page = decoded_text(str(path), gzip.decompress(path.read_bytes())).text
    return extracted_html_article(page, url=url)


NewsPage = Callable[[str], HtmlExtraction]


@pytest.fixture
def news(html_news_dir: Path) -> NewsPage:
    return lambda prefix: _news_page(str(html_news_dir), prefix)


@pytest.fixture(scope="module")
def ferry() -> HtmlExtraction:
    return extracted_html_article(FERRY_PAGE.read_text(encoding="utf-8"))


# --- a WordPress page we wrote: comments, hostile markup, furniture, metadata ---------------------------------


def test_html_comments_are_separate_records_with_author_date_and_parent(ferry: HtmlExtraction) -> None:
    got = [(c.author, c.date, c.parent, c.text) for c in ferry.comments]
    assert got == [
        (
            "Jonas Berg",
            "2024-03-05T10:12",
            None,
            "Six crowns a crossing is more than my daily lunch.\n\nTax the cruise ships first.",
        ),
        (
            "Elin Dahl",
            "2024-03-05T11:30",
            0,
            "Agreed, Jonas. The pupils' free crossing must stay whatever happens to the fares.",
        ),
    ]


def test_html_comments_never_reach_the_body(ferry: HtmlExtraction) -> None:
    for words in ("Six crowns a crossing", "Tax the cruise ships first", "Agreed, Jonas", "Jonas Berg", "Elin Dahl"):
        assert words not in ferry.text


def test_html_hostile_markup_never_reaches_the_text(ferry: HtmlExtraction) -> None:
    seen = [ferry.text, ferry.title or "", *(c.text for c in ferry.comments), *(c.author or "" for c in ferry.comments)]
    assert [h for h in HOSTILE for text in seen if h in text] == []
    assert "harbour dues paid by cruise operators before charging residents more" in ferry.text  # the link's words


def test_html_body_runs_from_first_to_last_paragraph(ferry: HtmlExtraction) -> None:
    paragraphs = ferry.text.split("\n\n")
    assert paragraphs[0].startswith("The Quiet Harbour council on Monday postponed its vote on raising ferry fares")
    assert paragraphs[-1].endswith("the harbour master told the Gazette.")
    assert len(paragraphs) == 4


def test_html_link_inside_a_sentence_keeps_its_words(ferry: HtmlExtraction) -> None:
    # trafilatura's precision rules drop <span class="link">; unwrapped, the sentence stays whole
    assert "Councillor Ada Fenwick said that the ferry budget is short by a third this year" in ferry.text


def test_html_page_furniture_is_gone(ferry: HtmlExtraction) -> None:
    gone = ["Skip to content", "Share this", "newsletter", "Related stories", "New pier opens", "Leave a Reply"]
    gone += ["Your email address", "All rights reserved", "Posted in", "Harbour council delays vote"]  # headline too
    assert [g for g in gone if g in ferry.text] == []


def test_html_metadata_is_the_articles(ferry: HtmlExtraction) -> None:
    assert ferry.title == "Harbour council delays vote on ferry fares"  # the site name after the dash is gone
    assert ferry.authors == ["Marta Lindqvist"]
    assert ferry.outlet == "The Quiet Harbour Gazette"
    assert ferry.published == "2024-03-05"  # first publication, not the 7 March update
    assert ferry.url == "https://quiet-harbour.example/2024/03/05/harbour-council-delays-vote-on-ferry-fares/"
    assert ferry.language == "en"


CLASSIC_THREAD = """<html><body><article><h1>Night ferry returns</h1><p>The night ferry to Nordvik runs again
from Friday, the harbour office said.</p></article><ol class="commentlist">
<li class="comment even depth-1" id="li-comment-7"><div id="comment-7" class="comment-body">
<div class="comment-author vcard"><cite class="fn">Ann Holm</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="#comment-7">June 3, 2021 at 9:15 am</a></div>
<p>About time.</p><p>The last boat at six was useless for shift workers.</p>
<div class="reply"><a class="comment-reply-link" href="#comment-7">Reply</a></div></div>
<ul class="children"><li class="comment odd depth-2" id="li-comment-8"><div id="comment-8" class="comment-body">
<div class="comment-author vcard"><cite class="fn">Bo Lind</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="#comment-8">June 3, 2021 at 10:02 am</a></div>
<p>Only on Fridays, though.</p><div class="reply"><a href="#comment-8">Reply</a></div></div></li></ul></li>
</ol></body></html>"""


def test_html_classic_wordpress_thread_reads_the_words_not_the_byline() -> None:
    # the markup WordPress prints without html5 support: no comment-content div, the words are bare <p>s
    got = [(c.author, c.date, c.parent, c.text) for c in extracted_html_article(CLASSIC_THREAD).comments]
    assert got == [
        ("Ann Holm", "2021-06-03T09:15", None, "About time.\n\nThe last boat at six was useless for shift workers."),
        ("Bo Lind", "2021-06-03T10:02", 0, "Only on Fridays, though."),
    ]


def test_html_truncated_page_keeps_the_body_and_the_complete_comment() -> None:
    page = FERRY_PAGE.read_text(encoding="utf-8")
    cut = extracted_html_article(page[: page.index("Elin Dahl")])  # the download stopped inside the reply
    assert cut.text.endswith("the harbour master told the Gazette.")
    assert [(c.author, c.parent) for c in cut.comments] == [("Jonas Berg", None)]


@pytest.mark.parametrize("page", ["", "just some words, no markup at all", "<<<>>>", "<html><body></body></html>"])
def test_html_page_without_an_article_gives_an_empty_body(page: str) -> None:
    got = extracted_html_article(page)
    assert (got.text, got.comments) == ("", [])


# --- real pages from the shared html-news corpus, read in place --------------------------------------------------


def test_html_news_body_starts_and_ends_at_the_article(news: NewsPage) -> None:
    page = news("7bb1ca903543")
    assert page.text.startswith("A UK man’s innocent decision to change his bedding caused him to develop")
    assert page.text.endswith("“Most don’t think about it.”")


def test_html_news_linked_words_inside_a_sentence_are_kept(news: NewsPage) -> None:
    page = news("08f793762792")
    assert "has reported that the NFL will fine Rudolph for his role in the fight" in page.text
    assert "Pick Six Newsletter" not in page.text
    assert page.title and page.title not in page.text


def test_html_news_hidden_schema_block_stays_out(news: NewsPage) -> None:
    page = news("fde930b01859")
    assert "2019-11-19T08:57:40+01:00" not in page.text
    assert "og-image-logo.png" not in page.text
    assert page.text.endswith("in your Alexa's flash briefing settings.")
    assert (page.authors, page.published) == (["Charlie Wood"], "2019-11-19")  # "Business Insider" is the outlet


def test_html_news_wordpress_thread_keeps_replies_apart(news: NewsPage) -> None:
    page = news("c582d3b7725")
    assert len(page.comments) == 10
    first, reply = page.comments[0], page.comments[1]
    assert (first.author, first.date, first.parent, first.text) == (
        "Gaye",
        "2018-08-08T15:17",
        None,
        "YOU.ARE.AWESOME!",
    )
    assert (reply.author, reply.parent) == ("Pamela Wilson", 0)
    assert "YOU.ARE.AWESOME!" not in page.text


def test_html_news_comment_text_leaves_out_the_author_line(news: NewsPage) -> None:
    page = news("0e014df6")
    [comment] = page.comments
    assert (comment.author, comment.date) == ("Stephanie", "2014-09-17T13:01")
    assert comment.text.startswith("We also fill our refillable bottles")


def test_html_news_bylines_become_person_names(news: NewsPage) -> None:
    assert news("bdb56ac83513").authors == ["Carrie Arnold"]  # "Carrie Arnold November"
    assert news("e7994d55").authors == ["Danica Kirka", "Jill Lawless"]
    assert news("d605bdef2cde").authors == ["Jill Disis"]  # "CNN Business" is a desk


def test_html_news_title_loses_the_site_name(news: NewsPage) -> None:
    assert news("5fbc7ccb504c").title == "Best tech gadgets of 2019"  # "… | ZDNet"


# --- the metadata cascades on their own ----------------------------------------------------------------------------


def test_html_title_keeps_dashes_that_are_not_the_site() -> None:
    title = "Take C.A.R.E. - comwrap auf der DMEXCO 2018"
    assert extract_title(title, outlet="Comwrap", url="https://blog.comwrap.com/x") == title
    assert extract_title("MoreBikes - Bike & Style book review", outlet="MoreBikes", url=None) == (
        "Bike & Style book review"
    )


def test_html_authors_never_include_the_outlet() -> None:
    got = extract_authors("Tanza Loudenback; Business Insider", outlet="Business Insider Deutschland", url=None)
    assert got == ["Tanza Loudenback"]
    assert extract_authors("Theresa May", outlet=None, url=None) == ["Theresa May"]
    assert extract_authors("John August", outlet=None, url=None) == ["John August"]


def test_html_loose_comments_drop_the_thread_furniture() -> None:
    # what trafilatura hands back as "comments" on pages without thread markup (lines seen in html-news)
    found = "0 Comments\nLeave a Reply\nJoin Discussion\nUser comments\n[…] https://example.org/a-post/ […]\n"
    found += "We also fill our refillable bottles before heading out."
    assert [c.text for c in loose_comments(found)] == ["We also fill our refillable bottles before heading out."]
