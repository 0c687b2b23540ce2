"""First-name gender, for pronoun agreement ("she said" is not the last man named).

The list is data/first_names.tsv, built by train/genders.py from the US Census 1990 first-name lists that the
PyPI package `names` ships; names common for both genders are absent and so agree with either.
"""

from __future__ import annotations

import functools
from pathlib import Path

NAMES = Path(__file__).resolve().parent / "data" / "first_names.tsv"


@functools.cache
def _genders() -> dict[str, str]:
    rows = (line.split("\t") for line in NAMES.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {r[0]: r[1] for r in rows if len(r) == 2}


def first_name_gender(word: str) -> str | None:
    """ "Hillary" → "female", "Donald" → "male", "Jordan"/"Kim"-like or unknown → by the list, else None."""
    return _genders().get(word.strip(".").lower())
