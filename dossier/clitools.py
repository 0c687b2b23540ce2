"""What every `dossier` command shares: checked filter values, one-line usage errors, JSON output, wrapped text.

Filter values are checked by `dossier.filters`, the module the web API and the Python API use too, so
`--from 2022-13` is refused here for the same reason `?from=2022-13` is refused there.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Callable
from typing import Any, TypeVar

import click
from pydantic import BaseModel
from rich.console import Console

from dossier import filters
from dossier.safetext import terminal_safe

F = TypeVar("F", bound=Callable[..., Any])
MIN_TEXT_COLUMNS = 30  # on a very narrow terminal still show a readable column of words


class OneLineErrors(click.Group):
    """A group whose subcommands' usage errors are one line (`error: …`) and exit status 2, no usage block."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            command = f"{ctx.info_name} {ctx.invoked_subcommand}" if ctx.invoked_subcommand else ctx.info_name
            click.echo(f"error: {exc.format_message()} (see: {command} --help)", err=True)
            ctx.exit(2)


class DateValue(click.ParamType):  # type: ignore[type-arg]  # click 8.2+ is generic, 8.1 is not
    """YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | None:
        try:
            return filters.date_filter(param.opts[0] if param else "date", str(value))
        except filters.InvalidFilter as exc:
            self.fail(exc.reason, param, ctx)


class EntityTypeValue(click.ParamType):  # type: ignore[type-arg]
    """An entity type in any case; unknown ones are refused with the list (click.Choice would lower-case it)."""

    name = "TYPE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | None:
        try:
            return filters.entity_type(str(value))
        except filters.InvalidFilter as exc:
            self.fail(exc.reason, param, ctx)


DATE = DateValue()
ENTITY_TYPE = EntityTypeValue()


def format_option(fn: F) -> F:
    """The shared --format text|json of every read command."""
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="Human-readable text, or JSON for other programs.",
    )(fn)  # fmt: skip


def jsonable(value: Any) -> Any:
    """Records, dataclasses and containers of them as plain JSON values."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def echo_json(value: Any) -> None:
    click.echo(json.dumps(jsonable(value), ensure_ascii=False, indent=1))


def plural(n: int, noun: str, many: str | None = None) -> str:
    """ "1 hit", "2 hits", "0 hits": the count with the noun in the right number."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def print_wrapped(console: Console, text: str, *, indent: int = 2, style: str = "", quoted: bool = False) -> None:
    """Whole text, wrapped at the terminal's width under an indent (never cut at a fixed length)."""
    body = " ".join(terminal_safe(text).split())  # stored text must not drive the terminal
    width = max(console.width, indent + MIN_TEXT_COLUMNS)
    pad = " " * indent
    for line in textwrap.wrap(f"“{body}”" if quoted else body, width=width, initial_indent=pad, subsequent_indent=pad):
        console.print(line, style=style or None, markup=False, highlight=False, soft_wrap=True)
