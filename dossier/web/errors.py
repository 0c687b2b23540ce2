"""Errors the web layer raises on purpose; the app turns each into a status code and a JSON (or HTML) message."""

from __future__ import annotations

from collections.abc import Callable

from dossier import filters


class WebError(Exception):
    status = 500

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(WebError):
    status = 404


class BadRequest(WebError):
    status = 400


class Forbidden(WebError):
    status = 403


class Unauthorized(WebError):
    status = 401


def checked_date(name: str, value: str | None) -> str | None:
    """A date filter as given (YYYY, YYYY-MM or YYYY-MM-DD, a real date), or a 400 naming the parameter; the same
    check and words as the CLI's --from/--to (dossier.filters)."""
    return checked(filters.date_filter, name, value)


def checked(check: Callable[[str, str | None], str | None], name: str, value: str | None) -> str | None:
    """A filter value through its shared check, a refusal becoming a 400 with the check's own line."""
    try:
        return check(name, value)
    except filters.InvalidFilter as exc:
        raise BadRequest(f"{exc.source}: {exc.reason}") from exc


def checked_entity_type(value: str | None) -> str | None:
    return checked(lambda _, v: filters.entity_type(v), "type", value)
