"""The reader's highlighted text and the timeline's date bands: escaping, nesting, granularity."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from dossier.web.app import web_url
from dossier.web.highlight import Layer, fragments, highlighted_html, marked_snippet, snippet_with_offsets
from dossier.web.timebands import date_band

VOID = {"br"}


class NestingChecker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element; counts elements by tag."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        assert not (tag == "a" and "a" in self.stack), "a link inside a link"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def parsed(html: str) -> NestingChecker:
    checker = NestingChecker()
    checker.feed(html)
    checker.close()
    assert not checker.stack, f"unclosed: {checker.stack}"
    return checker


def test_highlight_overlapping_layers_nest_properly() -> None:
    text = "Khan said on April 10 that the vote was foreign-backed.\n\nSecond paragraph."
    layers = [
        Layer("claim", 0, 55, "claim", "c-1", anchor="c-1"),
        Layer("quote", 10, 60, "quote", "q-10", anchor="q-10"),  # crosses the paragraph break
        Layer("timex", 13, 21, "DATE 2022-04-10", "t-13"),
        Layer("entity", 0, 4, "Imran Khan (PERSON)", "e-1", href="/entities/e1"),
        Layer("entity", 2, 15, "overlaps the timex", "e-2", href="/entities/e2"),
    ]
    html = str(highlighted_html(text, layers))
    checker = parsed(html)
    assert html.count("<p>") == 2
    ids = [str(a["id"]) for _, a in checker.tags if a.get("id")]
    assert sorted(ids) == ["c-1", "q-10"]  # each anchor once, on the first fragment
    assert all(a.get("title") for tag, a in checker.tags if tag in ("span", "a"))
    timex_titles = [a["title"] for _, a in checker.tags if a.get("class") == "hl hl-timex"]
    assert timex_titles and set(timex_titles) == {"DATE 2022-04-10"}
    assert sum(tag == "a" for tag, _ in checker.tags) == 5  # one link per entity fragment (cut at 2, 4, 10, 13)


def test_highlight_escapes_text_and_attributes() -> None:
    text = 'A <script>alert(1)</script> and <img src=x onerror=alert(1)> "quoted"'
    layers = [Layer("quote", 0, len(text), '"><script>alert(2)</script>', "q-0")]
    html = str(highlighted_html(text, layers))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'title="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html
    parsed(html)


def test_highlight_fragments_cover_the_text_exactly_once() -> None:
    text = "one two three four five"
    layers = [Layer("entity", 4, 13, "", "a"), Layer("timex", 8, 18, "", "b"), Layer("claim", -5, 999, "", "c")]
    pieces = [f.text for para in fragments(text, layers) for f in para]
    assert "".join(pieces) == text
    assert [len(f.layers) for f in fragments(text, layers)[0]] == [1, 2, 3, 2, 1]


def test_highlight_snippet_markers_become_marks_and_offsets() -> None:
    snippet = "the \x02vote\x03 of <b>no</b> \x02confidence\x03"
    assert str(marked_snippet(snippet, ("\x02", "\x03"))) == (
        "the <mark>vote</mark> of &lt;b&gt;no&lt;/b&gt; <mark>confidence</mark>"
    )
    plain, spans = snippet_with_offsets(snippet, ("\x02", "\x03"))
    assert [plain[s:e] for s, e in spans] == ["vote", "confidence"]


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        ("2022-04-10", "2022-04-10", "2022-04-11", "day"),
        ("2022-04-10TEV", "2022-04-10", "2022-04-11", "day"),
        ("2021-08", "2021-08-01", "2021-09-01", "month"),
        ("2022-12", "2022-12-01", "2023-01-01", "month"),
        ("2015-W25", "2015-06-15", "2015-06-22", "week"),
        ("2022-SU", "2022-06-01", "2022-09-01", "season"),
        ("2023-WI", "2023-12-01", "2024-03-01", "season"),
        ("2022-Q2", "2022-04-01", "2022-07-01", "quarter"),
        ("1979", "1979-01-01", "1980-01-01", "year"),
        ("197", "1970-01-01", "1980-01-01", "decade"),
        ("19", "1900-01-01", "2000-01-01", "century"),
    ],
)
def test_timebands_cover_the_granularity_given(value: str, start: str, end: str, granularity: str) -> None:
    band = date_band(value)
    assert band is not None and (band.start, band.end, band.granularity) == (start, end, granularity)


def test_timebands_no_band_without_a_calendar_place() -> None:
    assert date_band("PRESENT_REF") is None
    assert date_band("XXXX-02-24") is None
    assert date_band("2022-02-30") is None


def test_web_url_only_http_links() -> None:
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_url("javascript:alert(1)") == ""
    assert web_url(" JavaScript:alert(1)") == ""
    assert web_url("data:text/html,<script>alert(1)</script>") == ""
    assert web_url("//evil.example/x") == ""
    assert web_url(None) == ""
