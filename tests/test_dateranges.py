"""ISO date_start / date_end of granular TIMEX3 values: the one helper export, API and web app share."""

from __future__ import annotations

import pytest

from dossier.dateranges import iso_range


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-04", ("2022-04-01", "2022-04-30")),
        ("2024-02", ("2024-02-01", "2024-02-29")),  # a leap February
        ("2015-W25", ("2015-06-15", "2015-06-21")),  # ISO week 25 of 2015: Monday to Sunday
        ("2015-W25-WE", ("2015-06-20", "2015-06-21")),
        ("2022-Q1", ("2022-01-01", "2022-03-31")),
        ("2021-WI", ("2021-12-01", "2022-02-28")),  # winter runs into the next year
        ("1979", ("1979-01-01", "1979-12-31")),
        ("197", ("1970-01-01", "1979-12-31")),
        ("2022-11-03", ("2022-11-03", "2022-11-03")),
        ("2022-11-03T09:45", ("2022-11-03", "2022-11-03")),
    ],
)
def test_iso_range_covers_the_value_at_its_granularity(value: str, expected: tuple[str, str]) -> None:
    assert iso_range(value) == expected


@pytest.mark.parametrize("value", ["PRESENT_REF", "P2Y", "XXXX-02-24", "2022-02-30", None])
def test_iso_range_is_empty_off_the_calendar(value: str | None) -> None:
    assert iso_range(value) == (None, None)
