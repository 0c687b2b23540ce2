"""Line-level patterns for the furniture that surrounds an article on a web page.

Each pattern describes a kind of page furniture found across many sites (share prompts, newsletter pitches,
captions…), never a particular outlet's sentence. Patterns are matched against one unwrapped line.
"""

from __future__ import annotations

import re

from dossier.ingest.dates import dates_in, only_date
from dossier.ingest.markdown import Line


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


# Calls to action that ask the reader to do something with the page rather than read it.
PROMPT = _any(
    r"\b(share|repost)\b.{0,40}\b(widely|buttons?|this (article|story|post|page))\b",
    r"^(please )?(share|repost|retweet)(\s+(this|it|now|widely|with (friends|others))\b|\s*[:!|]|$)",
    r"^share this (story|article|post|page)\b",
    r"\bfollow us\b",
    r"\b(visit|like|join) us on\b",
    r"\b(sign up|subscribe)\b.{0,80}\b(newsletter|updates|daily|weekly|free|today|here)\b",
    r"\b(daily|weekly)? ?newsletter\b.{0,80}\b(click|sign|subscribe|receive)\b",
    r"\bto receive\b.{0,60}\bnewsletter\b",
    r"\bbecome a (member|subscriber|patron|supporter)\b",
    r"\b(support|donate to) (our|independent) (work|journalism|media)\b",
    r"\bclick (here|the share)\b",
    # the page describing its own interface ("use the menu at the top of this site"), on any site
    r"\b(this|our) (web ?site|site|home ?page|page)\b.{0,80}\b(menu|banner|button|drop[- ]?down)s?\b",
    r"\b(menu|banner|button|drop[- ]?down)s?\b.{0,80}\b(this|our) (web ?site|site|home ?page|page)\b",
    r"^(print|email|share|tweet|facebook|twitter|whatsapp|telegram|linkedin|reddit)(\s*[|·/,]\s*\w+)*\s*$",
    r"^(leave a (reply|comment)|post a comment|add a comment|join the discussion)\b",
    r"\byour email address will not be published\b",
    r"\brequired fields are marked\b",
    r"^(connect with us|skip to (main )?content|toggle navigation|main menu|menu|search|search for:?)$",
    r"^(advertisement|sponsored( content)?|promoted|ad)$",
    r"^(read more|continue reading|see also|more from)\b.{0,60}$",
)

# Blocks that belong to the outlet, not the article: legal text, provenance boilerplate, author indexes.
FOOTER = _any(
    r"^disclaimer\b",
    r"^copyright\b",
    r"^©",
    r"\ball rights reserved\b",
    r"\b(this|the) (article|story|piece|post|column) ((was|is) )?(first|originally) (published|posted|appeared)\b",
    # a provenance note on a line of its own: "Originally published by The Tesk Review on 12 June 2024."
    r"^(first|originally) (published|posted|appeared) (by|in|on|at) (the )?[a-z][\w'’&.-]*"
    r"( ((of|and|for|the) )?[a-z][\w'’&.-]*){0,5}(,? (on )?[^.]{0,25}\d[^.]{0,25})?[.:]?$",
    r"^(related|recommended|popular|trending|more) (stories|articles|posts|reading|news)\b",
    r"^you (may|might) also (like|be interested)\b",
    r"^(tags?|filed under|categories|topics|posted in):",
    r"^about the author\b",
    r"^share this:?$",
    r"^the post\b.{1,300}\bappeared first on\b",  # the footer WordPress appends to every feed entry
    r"^\(c\)\s*(19|20)\d\d\b",
)

# Image captions and credits.
CAPTION = _any(
    r"^(featured |top |header |cover |lead )?(image|photo|picture|illustration|graphic|video|photograph)"
    r"( on the (right|left|top|bottom)| above| below)?\s*(:|is from|by|credit|courtesy|source)",
    r"\b(photo|image|picture|illustration)s?\s*(credit)?\s*:\s*\S",
    r"\((photo|image|source|credit|courtesy)s?\s*:[^)]*\)\s*$",
    r"\blicensed under (cc|creative commons)\b",
    r"\bvia wikimedia commons\b",
    r"\b(getty images|shutterstock|afp photo|reuters/|ap photo)\b",
)

# Taxonomy and navigation labels such as "Region: Asia" whose value was a link.
LABEL_LINK = re.compile(r"^[A-Z][\w -]{1,30}:\s*\S.{0,60}$")
# A menu flattened to one line: three or more short items between bars or dots ("Home | News | Opinion").
MENU_ITEM = r"[\w'’&.+-]+(?: [\w'’&.+-]+){0,2}"
MENU = re.compile(rf"^{MENU_ITEM}(?:\s*[|·•»]\s*{MENU_ITEM}){{2,}}$")
# A publication stamp on a line of its own: "Updated June 8, 2024 09:15", "Republished 18 June 2024."
STAMP_WORDS = re.compile(
    r"^\W*((first|originally|last) )?(published|posted|updated|republished|reposted|modified|edited|saved|archived|"
    r"retrieved|accessed|crawled|date( first)? published)\b",
    re.I,
)
MAX_STAMP_WORDS = 25  # a longer line that starts with "Published" is a sentence about a publication
TOC_HEADER = re.compile(r"^(table of )?contents:?$|^in this (article|story):?$", re.I)


def is_prompt(line: Line) -> bool:
    return bool(PROMPT.search(line.text))


def is_footer(line: Line) -> bool:
    return bool(FOOTER.search(line.text))


def is_caption(line: Line) -> bool:
    return bool(CAPTION.search(line.text))


def is_navigation(line: Line) -> bool:
    """A line that is (almost) all link text, a "Label: linked value" taxonomy line, or a flattened menu."""
    if line.table:
        return False  # a table's cells sit between bars too, but they are the article's figures
    if line.link_share >= 0.9 and line.words <= 20:
        return True
    return bool(line.link_share >= 0.4 and LABEL_LINK.match(line.text)) or bool(MENU.match(line.text))


def is_stamp(line: Line) -> bool:
    """A date stamp standing alone: a bare date, or a date behind "Published", "Updated", "Saved"…"""
    if only_date(line.text):
        return True
    return line.words <= MAX_STAMP_WORDS and bool(STAMP_WORDS.match(line.text)) and bool(dates_in(line.text))


def is_furniture(line: Line) -> bool:
    """Page furniture that is never article text wherever it stands."""
    return (
        is_prompt(line)
        or is_caption(line)
        or is_navigation(line)
        or is_stamp(line)
        or bool(TOC_HEADER.match(line.text))
    )
