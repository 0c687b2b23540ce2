"""Errors the web layer raises on purpose; the app turns each into a status code and a JSON (or HTML) message."""

from __future__ import annotations

import re

DATE_FILTER = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


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
    """A date filter as given (YYYY, YYYY-MM or YYYY-MM-DD), or a 400 naming the parameter."""
    if not value:
        return None
    if not DATE_FILTER.match(value):
        raise BadRequest(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value
