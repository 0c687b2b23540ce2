"""Time expressions normalized at the granularity the text gives, anchored on the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.annotate.timex import time_expressions

APRIL_20 = date(2022, 4, 20)  # a Wednesday


def values(text: str, anchor: date | None = APRIL_20) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in time_expressions(text, anchor)}


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("after the fall of Kabul last August, reminiscent", "last August", ("DATE", "2021-08")),
        ("This March, opposition lawmakers launched", "This March", ("DATE", "2022-03")),
        ("in a no-trust motion in the parliament on April 10, Imran Khan", "April 10", ("DATE", "2022-04-10")),
        ("on the eve of the invasion of Ukraine on Feb. 24, besides", "Feb. 24", ("DATE", "2022-02-24")),
        ("the Soviet invasion of Afghanistan in December 1979, then", "December 1979", ("DATE", "1979-12")),
        ("Then during the 1970s, Pakistan began aiding", "the 1970s", ("DATE", "197")),
        ("during its two-decade occupation", "two-decade", ("DURATION", "P2DE")),
        ("more than two decades before the declassification", "more than two decades", ("DURATION", "P2DE")),
        ("in the dead of the night on July 1, six weeks before the fall", "six weeks", ("DURATION", "P6W")),
        ("earlier this month the minister resigned", "earlier this month", ("DATE", "2022-04")),
        ("the minister met him on Friday in Doha", "Friday", ("DATE", "2022-04-15")),
        ("the minister will meet him on Friday in Doha", "Friday", ("DATE", "2022-04-22")),
        ("the trade deal signed last year", "last year", ("DATE", "2021")),
        ("the talks two years ago failed", "two years ago", ("DATE", "2020")),
        ("over the past few months, protesters", "the past few months", ("DURATION", "PXM")),
        ("at a rate of 15 a year", "a year", ("SET", "P1Y")),
        ("by the 20th century ended", "the 20th century", ("DATE", "19")),
    ],
)
def test_timex_value_at_the_granularity_given(text: str, expression: str, expected: tuple[str, str]) -> None:
    assert values(text)[expression] == expected


def test_timex_holiday_takes_the_year_of_its_apposition() -> None:
    found = values("was assassinated on the Valentine's Day, on 14 Feb 1979, the same day that revolutionaries")
    assert found["Valentine's Day"] == ("DATE", "1979-02-14")
    assert found["14 Feb 1979"] == ("DATE", "1979-02-14")
    assert found["the same day"] == ("DATE", "1979-02-14")


def test_timex_bare_day_prefers_the_past_of_the_anchor() -> None:
    found = values("evacuated Bagram airbase on July 1, six weeks before the inevitable fall of Kabul on August 15.")
    assert found["July 1"] == ("DATE", "2021-07-01")
    assert found["August 15"] == ("DATE", "2021-08-15")


def test_timex_narrative_same_year_follows_the_governing_date() -> None:
    found = values(
        "signed the directive in July 1979, whereas the Soviet Union invaded Afghanistan in December the same year."
    )
    assert found["July 1979"] == ("DATE", "1979-07")
    assert found["December the same year"] == ("DATE", "1979-12")


def test_timex_without_anchor_keeps_unknown_year() -> None:
    assert values("a gunman fired on November 3 as he marched", anchor=None)["November 3"] == ("DATE", "XXXX-11-03")


def test_timex_counts_and_money_are_not_years() -> None:
    found = values("The 350,000-strong army had 2000 troops and $2019 in cash in 1996.")
    assert list(found) == ["1996"]
