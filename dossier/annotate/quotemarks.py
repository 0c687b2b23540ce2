"""Quotation spans from quote marks: curly and straight double quotes, doubled apostrophes, guillemets, quotes
left open at a paragraph end and continued by the next paragraph's opening mark (the multi-paragraph convention)."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
TYPEWRITER = "''"  # two apostrophes for both marks, as newswire archives print them (''We will win,'' he said)
PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class QuoteSpan:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the end of the last paragraph when left open
    start: int  # first character of the quoted words
    end: int  # one past the last quoted word
    closed: bool


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in PARAGRAPH.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return [(s, e) for s, e in spans if e > s]


def quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in the text; a quote open at a paragraph's end runs on if the next paragraph reopens."""
    found: list[QuoteSpan] = []
    running: int | None = None  # the opening mark of a quote that ran past the end of the previous paragraph
    previous_end = 0
    for start, end in paragraphs(text):
        spans = _paragraph_quotes(text, start, end)
        if running is not None:
            if spans and spans[0].open == _first_mark(text, start, end):
                first = spans.pop(0)
                spans.insert(0, QuoteSpan(running, first.close, running + 1, first.end, first.closed))
            else:
                found.append(QuoteSpan(running, previous_end, running + 1, previous_end, False))
            running = None
        if spans and not spans[-1].closed:
            running = spans.pop().open
        found.extend(spans)
        previous_end = end
    if running is not None:
        found.append(QuoteSpan(running, previous_end, running + 1, previous_end, False))
    return [q for q in sorted(found, key=lambda q: q.open) if text[q.start : q.end].strip()]


def _first_mark(text: str, start: int, end: int) -> int | None:
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    pos = start + stripped
    return pos if pos < end and (text[pos] in OPENERS or text[pos] == STRAIGHT) else None


def _paragraph_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Quotes inside one paragraph; the last one is unclosed when its mark is never closed in the paragraph."""
    spans: list[QuoteSpan] = []
    i = start
    while i < end:
        ch = text[i]
        if text.startswith(TYPEWRITER, i) and _opens(text, i, start):
            j = text.find(TYPEWRITER, i + 2, end)
            if j == -1:
                spans.append(QuoteSpan(i, end, i + 2, end, False))
                break
            while j + 2 < end and text[j + 2] == "'":
                j += 1  # "… your country,'''": a nested quote's close, then this one's; the last two close it
            spans.append(QuoteSpan(i, j + 1, i + 2, j, True))  # close: the mark's last character
            i = j + 2
            continue
        if ch in OPENERS or (ch == STRAIGHT and _opens(text, i, start)):
            j = _closing_mark(text, i, end)
            if j == -1:
                spans.append(QuoteSpan(i, end, i + 1, end, False))
                break
            spans.append(QuoteSpan(i, j, i + 1, j, True))
            i = j
        i += 1
    return spans


def _closing_mark(text: str, i: int, end: int) -> int:
    """Where the quote opened at i closes, or -1. Copy edited by hand mixes curly and straight marks
    ("“… crumbling," she said. "Families …”", "\"You know, … I have to tell you,” he said"): a straight mark in
    closing position closes a curly quote when the line ends or a straight quote opens before the curly close,
    and a curly close ends a straight quote that has no straight close before it."""
    ch = text[i]
    j = text.find(OPENERS.get(ch, STRAIGHT), i + 1, end)
    if ch == STRAIGHT:
        curly = text.find("”", i + 1, end)
        return curly if curly != -1 and (j == -1 or curly < j) else j
    straight = _straight_close(text, i + 1, end)
    if straight == -1 or (j != -1 and straight > j):
        return j
    between = text[straight + 1 : j] if j != -1 else ""
    reopened = any(_opens(text, straight + 1 + m.start(), i) for m in re.finditer(STRAIGHT, between))
    return straight if j == -1 or "\n" in text[straight:j] or reopened else j


def _straight_close(text: str, i: int, end: int) -> int:
    """The first straight quote in closing position (after a word or punctuation, not before a word), or -1."""
    for m in re.finditer(STRAIGHT, text[i:end]):
        j = i + m.start()
        if not text[j - 1].isspace() and not (j + 1 < end and text[j + 1].isalnum()):
            return j
    return -1


def _opens(text: str, i: int, para_start: int) -> bool:
    """A straight quote opens when it follows a space, an opening bracket or the paragraph start."""
    return i == para_start or text[i - 1] in " \t\n([{—–-:" or text[i - 1] == "\u00a0"
