"""Numbers a sentence states, normalized for comparison: "nearly 33,000 personnel" → 33000 personnel, approx.

Two reports of one fact contradict when they count the same thing differently, so each number keeps its value,
what it counts (the noun it modifies, "%" or a currency) and whether the text gives it as a point or a range.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from dossier.records import Quantity

NUMERIC_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}  # spaCy's labels for amounts (not dates, ordinals)
SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a": 1, "an": 1,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
          "k": 1e3, "crore": 1e7, "lakh": 1e5}  # fmt: skip
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "tenth": 10, "tenths": 10}  # fmt: skip
CURRENCIES = {"$": "$", "us$": "$", "dollar": "$", "€": "€", "euro": "€", "£": "£", "pound": "£",
              "rupee": "rupee", "rs": "rupee", "yuan": "yuan", "rouble": "rouble", "ruble": "rouble"}  # fmt: skip
APPROX = re.compile(
    r"\b(about|around|roughly|nearly|almost|some|approximately|close to|more than|over|up to|at least|"
    r"at most|fewer than|less than|under|as many as|upwards of|an estimated|estimated|dozens|hundreds|"
    r"thousands|millions|several)\b|~",
    re.I,
)
VAGUE = re.compile(r"\b(several|dozens|hundreds|thousands|millions|billions|many|few|scores|numerous)\b", re.I)
REFERENTIAL_WORDS = {"one", "a", "an"}  # "one factor", "one of the most important": not a count
REFERENTIAL_DETERMINERS = {"the", "these", "those", "both"}  # "the two countries" refers back; it counts nothing new
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 33,000 and 1,250.5
DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?")  # 1.500.000 (one group alone, 1.500, is 1.5)
SINGLE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def quantities_in(span: Span, *, skip: list[tuple[int, int]], amounts: list[Span] | None = None) -> list[Quantity]:
    """Amounts spaCy's recognizer finds in the span, plus bare digits it missed, outside the `skip` ranges (dates).

    `amounts`: the document's numeric entities, when the caller has them (Span.ents scans the whole document).
    """
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = list(skip)
    ents = span.ents if amounts is None else [e for e in amounts if span.start <= e.start and e.end <= span.end]
    for ent in ents:
        if ent.label_ in NUMERIC_LABELS and not _overlaps(ent.start_char, ent.end_char, taken):
            taken.append((ent.start_char, ent.end_char))
            if counts_something(ent):
                found.append(quantity(ent))
    for tok in span:
        if tok.like_num and DIGITS.fullmatch(tok.text) and not _overlaps(tok.idx, tok.idx + len(tok.text), taken):
            found.append(quantity(span.doc[tok.i : tok.i + 1]))
    return found


def counts_something(ent: Span) -> bool:
    """Not every number word is a count: "one of the reasons", "the two nations", "9/11" state no amount."""
    if "/" in ent.text or ent.text.lower() in REFERENTIAL_WORDS:
        return False
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return not (before in REFERENTIAL_DETERMINERS and len(ent) == 1 and not ent[0].text[0].isdigit())


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def quantity(ent: Span) -> Quantity:
    """One amount with its value, unit and whether it is approximate."""
    text = ent.text
    lowered = text.lower()
    approx = bool(APPROX.search(_with_context(ent)))
    if VAGUE.search(lowered) and not DIGITS.search(lowered):
        return Quantity(text=text, value=None, unit=unit_of(ent), approx=True)
    return Quantity(text=text, value=number_value(lowered), unit=unit_of(ent), approx=approx)


def _with_context(ent: Span) -> str:
    """The amount with the two words before it, where "nearly", "more than" and "up to" stand."""
    return ent.doc[max(0, ent.start - 2) : ent.end].text


def number_value(text: str) -> float | None:
    """ "33,000" → 33000; "$1.5 billion" → 1.5e9; "twenty-five" → 25; "two thirds" → 0.667; "40%" → 40."""
    words = re.findall(r"\d+(?:[.,]\d+)*|[a-z]+", text.replace("-", " "))
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word[0].isdigit():
            digits = _digits(word)
            if digits is None:
                continue
            current += digits
            seen = True
        elif word in SMALL and (word not in ("a", "an") or not seen):
            current += SMALL[word]
            seen = seen or word not in ("a", "an")
        elif word in FRACTIONS and current:
            current /= FRACTIONS[word]
            seen = True
        elif word in SCALES and (seen or current):
            if SCALES[word] == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * SCALES[word]
                current = 0.0
            seen = True
    value = total + current
    return round(value, 3) if seen else None


def _digits(word: str) -> float | None:
    """ "33,000" and "1.5"; a comma followed by three digits groups thousands, otherwise it is a decimal point.

    None for digits with several separators that group nothing ("01.01.2019", "1.2.3"): a date or a version.
    """
    if THOUSANDS.fullmatch(word):
        return float(word.replace(",", ""))
    if DOTTED_THOUSANDS.fullmatch(word):
        return float(word.replace(".", "").replace(",", "."))
    if SINGLE_NUMBER.fullmatch(word):
        return float(word.replace(",", "."))
    return None


def unit_of(ent: Span) -> str | None:
    """What the amount counts: "%", a currency, or the lemma of the noun it modifies ("tonne", "member")."""
    lowered = ent.text.lower()
    if "%" in lowered or re.search(r"\bper ?cent\b", lowered):
        return "%"
    for token in ent:
        currency = CURRENCIES.get(token.lower_) or CURRENCIES.get(token.lemma_.lower())
        if currency:
            return currency
    nouns = [t for t in ent if t.pos_ == "NOUN" and t.lower_ not in SCALES and t.lower_ not in FRACTIONS]
    if nouns:
        return nouns[-1].lemma_.lower()
    head = ent.root.head
    if head.pos_ in ("NOUN", "PROPN") and head.i >= ent.end:
        return head.lemma_.lower()
    after = [t for t in ent.doc[ent.end : min(len(ent.doc), ent.end + 3)] if t.pos_ == "NOUN"]
    return after[0].lemma_.lower() if after else None
