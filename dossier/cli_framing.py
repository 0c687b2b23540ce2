"""`dossier framing` and `dossier event`: how each outlet tells it, from the command line."""

from __future__ import annotations

import json
from typing import Literal

import click
from rich.console import Console
from rich.table import Table

from dossier.outlets import event_comparison
from dossier.store.db import connect
from dossier.store.techniques import FramingAxis, framing_rows

AXES = ("outlet", "voice", "technique")


@click.command()
@click.option("--db", "db_path", envvar="DOSSIER_DB", default="dossier.db", show_default=True, help="The database.")
@click.option("--outlet", default=None, help="Only this outlet (as `dossier docs` lists it).")
@click.option(
    "--by",
    "axes",
    type=click.Choice(AXES),
    multiple=True,
    help="Group by these (repeatable); default: outlet and voice.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def framing(db_path: str, outlet: str | None, axes: tuple[FramingAxis, ...], fmt: Literal["text", "json"]) -> None:
    """Propaganda techniques per 1,000 words, by outlet and voice: whose loaded language is it?

    Example: dossier framing --by outlet --by voice
    """
    db = connect(db_path, readonly=True)
    rows = framing_rows(db, by=axes or ("outlet", "voice"), outlet=outlet)
    shown = axes or ("outlet", "voice")
    if fmt == "json":
        for r in rows:
            click.echo(json.dumps(r.model_dump(), ensure_ascii=False))
        return
    if not rows:
        click.echo("0 technique spans stored (run `dossier annotate --all` to add the framing layer)")
        return
    table = Table(*shown, "spans", "words", "per 1,000 words")
    for r in rows:
        table.add_row(*(getattr(r, a) for a in shown), str(r.count), str(r.words), f"{r.per_1000_words:.2f}")
    Console().print(table)


@click.command()
@click.argument("event_id")
@click.option("--db", "db_path", envvar="DOSSIER_DB", default="dossier.db", show_default=True, help="The database.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def event(event_id: str, db_path: str, fmt: Literal["text", "json"]) -> None:
    """One cross-document event as each outlet reports it: date, sentences, quotes, techniques, claims.

    Example: dossier event 3f2a9c… (ids from `dossier timeline --format json`)
    """
    db = connect(db_path, readonly=True)
    found = event_comparison(db, event_id)
    if found is None:
        raise click.UsageError(f"no event {event_id!r} (ids are listed by `dossier timeline --format json`)")
    if fmt == "json":
        reports = [
            {**r.__dict__, "quotes": [q.model_dump() for q in r.quotes],
             "techniques": [t.model_dump() for t in r.techniques], "claims": [c.model_dump() for c in r.claims]}
            for r in found.reports
        ]  # fmt: skip
        click.echo(json.dumps({"event": found.event.model_dump(), "reports": reports}, ensure_ascii=False))
        return
    e = found.event
    click.echo(f"{e.type} · {e.date or 'undated'} · {', '.join(p.name for p in e.participants)}")
    for r in found.reports:
        click.echo(f"\n== {r.outlet} · {r.published or 'undated'} · {r.title or r.doc_id[:12]}")
        click.echo(f"   date given: {', '.join(r.dates) or 'none'}")
        for _, _, sentence in r.sentences:
            click.echo(f"   says: {sentence.strip()}")
        for q in r.quotes:
            speaker = q.speaker.name if q.speaker else "unattributed"
            text = f"“{q.text}”" if q.kind == "direct" else q.text
            click.echo(f"   quotes {speaker}: {text}")
        for t in r.techniques:
            click.echo(f"   technique {t.technique} ({t.voice}, {t.confidence:.2f}): {t.text}")
        for c in r.claims:
            click.echo(f"   claim ({c.holder.name if c.holder else 'author'}): {c.text}")
