"""The values a user may filter by, checked once for the CLI, the web API and the Python API alike.

`--from April`, `?from=2022-13` and `--type FOO` are mistakes, not empty results: each is refused with one line
that names the filter, the value, and what would have been accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from dossier.errors import DossierError

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")  # what dossier_entities_v1 keeps
COOPERATIVE_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
CONFLICTUAL_TYPES = ("INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "CRIME", "SANCTION",
                     "MOBILIZE", "COERCE", "ASSAULT")  # fmt: skip
EVENT_TYPES = tuple(sorted(COOPERATIVE_TYPES + CONFLICTUAL_TYPES))  # PLOVER's 18 top categories
DATE_FILTER = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2022, 2022-04, 2022-04-10)"


class InvalidFilter(DossierError):
    """A filter value that cannot mean anything: not a date, an unknown type."""

    code = "E_FILTER"


def date_filter(name: str, value: str | None) -> str | None:
    """A date filter as given (YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date), or InvalidFilter."""
    if value is None or value == "":
        return None
    found = DATE_FILTER.match(value.strip())
    if not found:
        raise InvalidFilter(name, f"{value!r} is not a date; use {DATE_FORMS}")
    year, month, day = (int(part) if part else 1 for part in found.groups())
    try:
        date(year, month, day)
    except ValueError as exc:  # 2022-13, 2022-02-30
        raise InvalidFilter(name, f"{value!r} is not a calendar date ({exc}); use {DATE_FORMS}") from exc
    return value.strip()


def date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """Both ends checked, and the range not reversed."""
    start, end = date_filter("from", date_from), date_filter("to", date_to)
    if start and end and start[: len(end)] > end[: len(start)]:
        raise InvalidFilter("from", f"{start} is later than the end of the range, {end}")
    return start, end


DOC_SORTS = ("newest", "oldest", "title", "outlet", "relevance")  # relevance only means something with a query


def doc_sort(value: str | None) -> str | None:
    """A library sort order, or InvalidFilter listing the orders."""
    if not value:
        return None
    if value.strip().lower() not in DOC_SORTS:
        raise InvalidFilter("sort", f"unknown sort {value!r}; use one of {', '.join(DOC_SORTS)}")
    return value.strip().lower()


def entity_type(value: str | None) -> str | None:
    """An entity type in any case (person → PERSON), or InvalidFilter listing the types."""
    if not value:
        return None
    upper = value.strip().upper()
    if upper not in ENTITY_TYPES:
        raise InvalidFilter("type", f"unknown entity type {value!r}; use one of {', '.join(ENTITY_TYPES)}")
    return upper


def event_types(values: Iterable[str] | None) -> tuple[str, ...]:
    """PLOVER types, repeated or comma-separated, in any case; or InvalidFilter naming the unknown ones."""
    wanted = [v.strip().upper() for value in values or () for v in value.split(",") if v.strip()]
    unknown = sorted(set(wanted) - set(EVENT_TYPES))
    if unknown:
        raise InvalidFilter("type", f"unknown event type {', '.join(unknown)}; use one of {', '.join(EVENT_TYPES)}")
    return tuple(dict.fromkeys(wanted))
