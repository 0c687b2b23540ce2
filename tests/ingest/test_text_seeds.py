"""The plain-text extractor on the five real scraped seeds: body bounds, furniture gone, metadata, comments."""

from __future__ import annotations

import pytest

from dossier.ingest.text import TextExtraction, extracted_text_article

SEEDS = {
    "000": {
        "file": "000_932b70249ad4c344.txt",
        "title": "Pakistan's Pivot to Russia and Ouster of Imran Khan. The Taliban and the U.S. Failed \"Nation Building "
        'Project" in Afghanistan',
        "authors": ["Nauman Sadiq"],
        "outlet": "Global Research",
        "published": "2022-04-20",
        "first": "Before his ouster as prime minister in a no-trust motion in the parliament on April 10, Imran Khan claimed",
        "last": "did by becoming a willing tool of religious extremism and militarism in the hands of neocolonial powers.",
        "gone": [
            "can be read in 51 languages",
            "Daily Newsletter",
            "Visit and follow us",
            "Region:",
            "In-depth Report",
            "Image on the right",
            "Note to readers",
            "is an Islamabad-based geopolitical",
            "Featured image",
            "Copyright",
            "Disclaimer",
            "Become a Member",
            "fair use",
            "publications@globalresearch.ca",
            "\\*",
            "**",
            "](#)",
        ],
    },
    "001": {
        "file": "001_22184e40453b0288.txt",
        "title": "“Regime Change” in Pakistan? Washington’s Plan to Reverse Imran Khan’s Alliance with China and Russia?",
        "authors": ["Junaid S. Ahmad"],
        "outlet": "Global Research",
        "published": "2022-04-02",
        "first": "Pakistan’s opposition is trying to overthrow Prime Minister Imran Khan with a no-confidence motion.",
        "last": "anyone even vaguely familiar with global regime-change operations will see exactly what is going on.",
        "gone": [
            "Translate Website",
            "Theme:",
            "Source: Ministry of Foreign Affairs",
            "Note to readers",
            "teaches Religion, Law, and Politics",
            "The original source of this article",
            "Articles by:",
            "Comment on Global Research Articles",
        ],
    },
    "002": {
        "file": "002_c86c87fdc5a1aed1.txt",
        "title": "Failed assassination of Imran Khan may push Pakistan’s US-backed coup regime to tipping point",
        "authors": [],
        "outlet": None,
        "published": None,  # the page prints no publication date; comment dates must not stand in for one
        "first": "First Washington supported a soft coup against Pakistan’s Prime Minister Imran Khan.",
        "last": "progressives clearly ought to be able to figure out where they stand now.",
        "gone": [
            "Connect with us",
            "what are you looking for",
            "Pakistan Imran Khan rally",
            "Imran Khan addresses a rally in Pakistan in October 2022",
            "Imran Khan address a rally in Lahore",
            "rally Lahore Pakistan Imran Khan",
            "China Pakistan Xi Jinping Shehbaz Sharif",
            "Lahore Pakistan rally Iman Khran",
            "A rally in support of Imran Khan in Lahore",
            "Same Intel Agencies",
            "Berta",
            "Leave a Reply",
            "Your email address",
            "Related stories",
            "Lindsey Graham",
            "94% of people",
        ],
    },
    "003": {
        "file": "003_830217e8c4851b3f.txt",
        "title": "Afghanistan: Taliban victory the product of US-NATO intervention",
        "authors": ["Malik Miah"],
        "outlet": "Green Left",
        "published": "2021-08-17",  # "Date first published", not the republication day shown first
        "first": "In less than a week after United States-NATO forces left the country, the puppet regime in Afghanistan",
        "last": "building an independent movement to take on the Taliban and other reactionary forces.",
        "gone": [
            "Contents",
            "Photo: @UNHumanRights",
            "P.S.",
            "Green Left Issue 1317",
            "greenleft.org.au",
            "\nMalik Miah",
        ],
    },
    "004": {
        "file": "004_681f3b9f914a6327.txt",
        "title": "Taliban, Russia and the Northern Alliance",
        "authors": ["Musa Khan Jalalzai"],
        "outlet": "New Age Islam",
        "published": "2015-06-23",  # the byline date: not the crawl stamp (2022) nor the site's listing date
        "first": "Secret links between the Taliban, Northern Alliance and Russian intelligence are a matter of great concern",
        "last": "because the state’s army has failed to tackle the insurgency professionally.",
        "gone": ["New Age Islam", "02:32 AM", "NewAgeIslam.Com", "Comment | Comment", "By Musa", "is the author of"],
    },
}


@pytest.fixture(scope="module")
def extracted() -> dict[str, TextExtraction]:
    from tests.conftest import shared_path

    folder = shared_path("seeds")
    return {key: extracted_text_article((folder / s["file"]).read_text(encoding="utf-8")) for key, s in SEEDS.items()}


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_body_starts_and_ends_at_the_article(extracted: dict[str, TextExtraction], key: str) -> None:
    text = extracted[key].text
    assert text.startswith(SEEDS[key]["first"])  # type: ignore[arg-type]
    assert text.endswith(SEEDS[key]["last"])  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_furniture_is_gone(extracted: dict[str, TextExtraction], key: str) -> None:
    text = extracted[key].text
    for furniture in SEEDS[key]["gone"]:  # type: ignore[union-attr]
        assert furniture not in text, furniture


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_metadata(extracted: dict[str, TextExtraction], key: str) -> None:
    got = extracted[key]
    want = SEEDS[key]
    assert (got.title, got.authors, got.outlet, got.published) == (
        want["title"],
        want["authors"],
        want["outlet"],
        want["published"],
    )


def test_seed_page_break_splits_are_joined(extracted: dict[str, TextExtraction]) -> None:
    text = extracted["000"].text
    assert "it accused regional powers of lending covert support" in text
    assert "as a consequence of the eight-year proxy war" in text
    assert "the reconnaissance aircraft flew from an American airbase in Peshawar" in text
    assert "remove him from power. He said" in extracted["001"].text
    assert "since 9/11 that have faithfully delivered" in extracted["001"].text


def test_seed_a_sentence_without_final_period_is_not_glued_to_the_next(extracted: dict[str, TextExtraction]) -> None:
    assert (
        "Pakistan is also a member of the Shanghai Cooperation Organization (SCO)\n\nKhan received"
        in extracted["001"].text
    )


def test_seed_headings_and_list_items_are_kept(extracted: dict[str, TextExtraction]) -> None:
    paras = extracted["001"].text.split("\n\n")
    assert "1. Imran Khan opposes US foreign policy" in paras
    assert "3. Khan deepened Pakistan’s friendship with China" in paras
    assert "1) Khan’s patriarchal views" in paras and "2) Khan’s poor governance" in paras
    seed2 = extracted["002"].text.split("\n\n")
    assert "Pakistan’s military is internally divided" in seed2
    assert "Washington’s hand behind the scenes" in seed2
    assert any(p.startswith("4. No elections should be held until Khan’s popularity decreases") for p in seed2)
    assert "What next?" in extracted["003"].text.split("\n\n")


def test_seed_markdown_is_unwrapped(extracted: dict[str, TextExtraction]) -> None:
    text = extracted["000"].text
    assert "Imran Khan claimed that Pakistan's Ambassador to US, Asad Majeed, was warned by Assistant" in text
    assert "Canada's Department of National Defense revealed on January 26, that" in text
    assert "Brzezinski replies: “What" in text or 'Brzezinski replies: "What' in text


def test_seed_reader_comments_are_separate_records(extracted: dict[str, TextExtraction]) -> None:
    comments = extracted["002"].comments
    assert [(c.author, c.date, c.parent) for c in comments] == [
        ("A irfan", "2022-11-09T04:06", None),
        ("Berta", "2022-12-30T19:45", 0),
    ]
    assert comments[0].text.startswith("Same Intel Agencies have warned Khan again of second assassination attempt")
    assert comments[1].text.endswith("we the people will find our strength.")
    assert all(not e.comments for k, e in extracted.items() if k != "002")


def test_seed_original_source_url_is_kept(extracted: dict[str, TextExtraction]) -> None:
    assert extracted["003"].url == "https://www.greenleft.org.au/content/taliban-victory-product-us-nato-intervention"
    assert extracted["000"].url is None
