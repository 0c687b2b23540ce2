"""HTML pages through trafilatura, with reader comments kept apart and metadata cleaned up.

One parse, then: comment threads read from the markup → inline spans unwrapped inside text blocks → trafilatura
in precision mode (balanced mode when that leaves too little) → furniture and repeated headlines dropped from
the body. Every step is measured with bench/extract.py on the shared html-news corpus and kept because it helps.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from trafilatura.settings import Document

from dossier.ingest.boilerplate import is_footer, is_furniture, is_prompt
from dossier.ingest.comments import COMMENTS_HEADER, html_comments
from dossier.ingest.extraction import Extraction
from dossier.ingest.markdown import Line
from dossier.ingest.metadata import normalized_authors
from dossier.records import Comment

EXTRACTOR = f"dossier.html.v2+trafilatura-{trafilatura.__version__}"
DATE_PARAMS = {"original_date": True, "extensive_search": True}  # first publication, not the last update
MIN_PRECISE_CHARS = 250  # precision mode kept less than a short news item: it cut the article, retry balanced
TEXT_BLOCKS = ("p", "li", "td", "th", "dd", "dt", "blockquote", "figcaption")
KEPT_SPAN = re.compile(r"author|byline|date|time", re.I)  # spans that carry metadata stay for trafilatura's eyes
MAX_FURNITURE_WORDS = 60  # furniture lines are short; a longer paragraph with these words is prose about them
MAX_LABEL_WORDS = 6  # "Pick Six Newsletter": a box heading, not a sentence
DEPTH_LIMIT_SIGN = 250  # libxml2 cuts a page off at 256 levels; an element this deep means the cut may have hit
MAX_KEPT_DEPTH = 64  # real article pages nest 20-40 levels; deeper wrappers carry no structure worth keeping
# a run of one tag opened (or closed) many times over is how pages nest hundreds of levels deep; one is enough
REPEATED_OPEN = re.compile(r"(<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>)(?:\s*\1){32,}")
REPEATED_CLOSE = re.compile(r"(</([a-zA-Z][a-zA-Z0-9]*)\s*>)(?:\s*\1){32,}")
MIN_COMMENT_WORDS = 3  # a shorter line in an unstructured thread is its furniture ("0 Comments", "Reply")


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


# Web-page furniture that trafilatura keeps inside the article container; each kind is found across many sites.
HTML_FURNITURE = _any(
    r"^(related( (stories|articles|coverage|content|reading))?|see more|see also|don'?t miss|more|read more"
    r"|read next|recommended|most read|trending)\s*:",  # a label in front of a linked headline
    r"^(related|don'?t miss|more|trending|recommended|most read|read more)\s*:?\s*$",  # a rail's lone heading
    r"^follow\b.{0,60}\b(on|at) (twitter|facebook|instagram|youtube|linkedin|https?://)",
    r"^if you (enjoyed|liked|value|appreciate)\b.{0,40}\b(article|story|post|journalism|work)\b",
)
NEWSLETTER = re.compile(r"\b(newsletters?|your inbox)\b", re.I)
NEWSLETTER_ASK = re.compile(r"\b(subscrib\w*|sign(ing)? up|deliver\w*|get|receive)\b", re.I)
BYLINE_TAIL = re.compile(  # what trails a name in a byline field: "Carrie Arnold November 15", "… Associated Press"
    r"\s+(?:(?:january|february|march|april|june|july|august|september|october|november|december)\b.*"
    r"|(?:the )?associated press|reuters|afp)$",
    re.I,
)
MIN_NAME_TOKENS = 2  # a tail is cut only after a full name, so "John August" keeps his surname
OUTLET_TAGLINE = re.compile(r"\s+[|–—-]\s+.*$")  # "LinkNaija | Nigeria's popular news platform"
GENERIC_SUFFIXES = {"com", "org", "net", "info", "edu", "gov", "biz", "news", "online", "site", "blog"}
COUNTRY_CODE_CHARS = 2  # a two-letter top-level label is a country's (.uk, .de), not the site's name
SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne"}  # the "co" of .co.uk
TITLE_PARTS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")  # "Best tech gadgets of 2019 | ZDNet"


HtmlExtraction = Extraction  # the shared shape; the name says which extractor made it


def extracted_html_article(page: str, *, url: str | None = None) -> HtmlExtraction:
    """Body, metadata and comments of one HTML page."""
    tree = parsed_page(page)
    if tree is None:
        return HtmlExtraction(text="", url=url, language=_html_lang(page))
    comments = html_comments(tree)  # before unwrapping: comment markup keeps its author and date spans
    doc = trafilatura_document(unwrapped_inline(tree), url=url)
    outlet = extract_outlet(doc.sitename)
    title = extract_title(doc.title, outlet=outlet, url=doc.url or url)
    return HtmlExtraction(
        text=article_body(doc.text or "", titles=[title, _clean(doc.title)]),
        title=title,
        authors=extract_authors(doc.author, outlet=outlet, url=doc.url or url),
        outlet=outlet,
        published=_clean(doc.date),
        url=_clean(doc.url) or url,
        language=_html_lang(page),
        comments=comments or loose_comments(doc.comments or ""),
    )


def parsed_page(page: str) -> HtmlElement | None:
    """The page as trafilatura parses it (its parser copes with encoding declarations and broken markup).

    libxml2 stops reading at 256 levels of nesting unless told otherwise, dropping the rest of the page without
    an error; a page that reaches that depth is read again with the limit lifted (to libxml2's 2048 levels).
    """
    try:
        tree = trafilatura.load_html(page)
    except (TypeError, ValueError):
        return None
    if isinstance(tree, HtmlElement) and _deeper_than(tree, DEPTH_LIMIT_SIGN):
        shallower = REPEATED_CLOSE.sub(r"\1", REPEATED_OPEN.sub(r"\1", page))
        deep = lxml_html.fromstring(shallower.encode("utf-8", "surrogatepass"), parser=_deep_parser())
        tree = _flattened(deep) if isinstance(deep, HtmlElement) else tree
    return tree if isinstance(tree, HtmlElement) else None


def _deeper_than(tree: HtmlElement, depth: int) -> bool:
    return bool(tree.xpath(f"boolean(//*[count(ancestor::*) >= {depth}])"))


def _flattened(tree: HtmlElement) -> HtmlElement:
    """Elements nested deeper than any real page unwrapped into their ancestor: the text stays, and extraction
    (jusText walks every ancestor of every paragraph) no longer takes quadratic time on the nesting."""
    depth = 0
    deep: list[HtmlElement] = []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if event == "start" and depth > MAX_KEPT_DEPTH and isinstance(element, HtmlElement):
            deep.append(element)
    for element in deep:
        element.drop_tag()
    return tree


def _deep_parser() -> lxml_html.HTMLParser:
    """trafilatura's parser settings with libxml2's depth limit lifted; one per call (parsers are not shared).

    default_doctype is a real HTMLParser option that the lxml stubs do not list.
    """
    return lxml_html.HTMLParser(  # type: ignore[call-arg]
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True,
        huge_tree=True,
    )  # fmt: skip


def unwrapped_inline(tree: HtmlElement) -> HtmlElement:
    """Inline spans inside paragraphs unwrapped, in place: a span is formatting, never a block to judge.

    trafilatura's precision rules drop elements by class (class="link", "bottom"); on a span that cuts words out
    of the middle of a sentence ("reported that for his role") instead of dropping page furniture.
    """
    for block in tree.iter(*TEXT_BLOCKS):
        for span in list(block.iter("span")):
            if span.get("itemprop") is None and not KEPT_SPAN.search(span.get("class") or ""):
                span.drop_tag()
    return tree


def trafilatura_document(tree: HtmlElement, *, url: str | None) -> Document:
    """trafilatura's extraction, comments kept apart; precision mode, balanced when that keeps too little."""
    precise = _bare_extraction(tree, url=url, precision=True)
    if len(precise.text or "") >= MIN_PRECISE_CHARS:
        return precise
    balanced = _bare_extraction(tree, url=url, precision=False)
    return balanced if len(balanced.text or "") > len(precise.text or "") else precise


def _bare_extraction(tree: HtmlElement, *, url: str | None, precision: bool) -> Document:
    doc = trafilatura.bare_extraction(
        tree,  # trafilatura works on a copy of a tree it is given
        url=url,
        favor_precision=precision,
        with_metadata=True,
        include_comments=True,  # comments are extracted apart, so they cannot leak into the body
        include_tables=True,
        date_extraction_params=DATE_PARAMS,
    )
    return doc if isinstance(doc, Document) else Document()


def article_body(text: str, *, titles: list[str | None]) -> str:
    """The extracted text as clean paragraphs: furniture, copies of the headline and trailing footers dropped."""
    headlines = {_key(title) for title in titles if title}
    kept = [p for p in cleaned_body(text).split("\n\n") if p and _key(p) not in headlines]
    while len(kept) > 1 and is_footer(Line(number=len(kept) - 1, raw=kept[-1], text=kept[-1])):
        kept.pop()  # "Filed under:", "All rights reserved": the outlet's, after the article ends
    return "\n\n".join(kept)


def cleaned_body(text: str) -> str:
    """Extracted text with page furniture it let through (share prompts, captions, rails) dropped."""
    kept = []
    for number, para in enumerate(text.split("\n")):
        line = Line(number=number, raw=para, text=para.strip())
        if line.text and not is_furniture(line) and not is_html_furniture(line.text):
            kept.append(line.text)
    return "\n\n".join(kept)


def is_html_furniture(para: str) -> bool:
    """Related-story labels, newsletter pitches, social and membership asks, as web pages word them."""
    if len(para.split()) > MAX_FURNITURE_WORDS:
        return False
    if HTML_FURNITURE.search(para) or not re.search(r"\w", para):
        return True  # a rule drawn with characters ("___", "* * *") carries no text either
    words = len(para.split())
    return bool(NEWSLETTER.search(para) and (words <= MAX_LABEL_WORDS or NEWSLETTER_ASK.search(para)))


def extract_title(raw: str | None, *, outlet: str | None, url: str | None) -> str | None:
    """The headline without the site name pages append or prepend to it ("… | ZDNet", "MoreBikes - …")."""
    title = _clean(raw)
    if title is None:
        return None
    site = {_key(outlet or "").replace(" ", ""), _site_label(url) or ""} - {""}
    cuts = list(TITLE_PARTS.finditer(title))
    start, end = 0, len(title)
    if cuts and _key(title[cuts[-1].end() :]).replace(" ", "") in site:
        end = cuts[-1].start()
    elif cuts and _key(title[: cuts[0].start()]).replace(" ", "") in site:
        start = cuts[0].end()
    return title[start:end]


def extract_outlet(sitename: str | None) -> str | None:
    """The site name without the tagline some sites append."""
    name = _clean(sitename)
    if name is None:
        return None
    return OUTLET_TAGLINE.sub("", name) or name


def extract_authors(raw: str | None, *, outlet: str | None, url: str | None) -> list[str]:
    """Person names as "First Last"; the outlet, its desk names and whatever trails a byline are dropped."""
    parts = [_without_tail(part) for part in re.split(r";|\|", raw or "")]
    host = _site_label(url)
    names = normalized_authors(parts, outlet=outlet)
    return [name for name in names if not _names_outlet(name, outlet=outlet, host=host)]


def _without_tail(raw: str) -> str:
    name = raw.strip()
    for m in BYLINE_TAIL.finditer(name):
        if len(name[: m.start()].split()) >= MIN_NAME_TOKENS:
            return name[: m.start()]
    return name


def _names_outlet(name: str, *, outlet: str | None, host: str | None) -> bool:
    """ "Business Insider" on Business Insider Deutschland, "CNN Business" on cnn.com: the outlet, not a person."""
    compact = _key(name).replace(" ", "")
    if outlet and len(compact) >= 4 and compact in _key(outlet).replace(" ", ""):
        return True
    return bool(host) and any(token.lower() == host for token in name.split())


def _site_label(url: str | None) -> str | None:
    """ "cnn" for https://edition.cnn.com/…, "bbc" for www.bbc.co.uk: the host's name before its suffix."""
    labels = [label for label in (urlsplit(url or "").hostname or "").split(".") if label]
    if len(labels) > 1 and (labels[-1] in GENERIC_SUFFIXES or len(labels[-1]) == COUNTRY_CODE_CHARS):
        country = len(labels.pop()) == COUNTRY_CODE_CHARS
        if country and len(labels) > 1 and labels[-1] in SECOND_LEVEL:
            labels.pop()  # bbc.co.uk, abc.net.au
    return labels[-1] if labels else None


def loose_comments(text: str) -> list[Comment]:
    """Comments trafilatura found without thread markup: one per line, thread furniture dropped."""
    comments = []
    for number, para in enumerate(text.split("\n")):
        line = Line(number=number, raw=para, text=para.strip())
        words = re.findall(r"[^\W\d_]{2,}", re.sub(r"https?://\S+", "", line.text))
        if len(words) < MIN_COMMENT_WORDS or is_prompt(line) or COMMENTS_HEADER.match(line.text):
            continue
        comments.append(Comment(text=line.text))
    return comments


def _key(text: str) -> str:
    """Lowercased words only: two texts with the same key read the same."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _clean(value: object) -> str | None:
    if not value:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _html_lang(page: str) -> str | None:
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", page[:4096], re.I)
    return m.group(1).lower() if m else None


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment such as a feed entry's content, paragraph breaks kept."""
    try:
        tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError):
        return fragment
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote"):
        text = re.sub(r"[ \t\r\f\v]+", " ", el.text_content()).strip()
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [re.sub(r"[ \t]+", " ", tree.text_content()).strip()]
    return "\n\n".join(b for b in blocks if b)
