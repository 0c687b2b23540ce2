"""The `dossier` command: thin wrappers over plain functions in ingest/ and store/."""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from dossier import __version__, filters
from dossier.clitools import (
    DATE,
    ENTITY_TYPE,
    OneLineErrors,
    echo_json,
    format_option,
    jsonable,
    plural,
    print_wrapped,
)
from dossier.errors import DossierError
from dossier.ingest.discover import DEFAULT_LIMIT
from dossier.ingest.tables import Fields
from dossier.ingest.ways import WaysIn
from dossier.records import Article, ClaimRelation, Entity
from dossier.safetext import escape, highlighted  # rich markup escaping, and control characters shown, never sent
from dossier.store import queries
from dossier.store.db import Database, connect
from dossier.store.library import DocFilter, doc_titles, document_metas, document_page

if TYPE_CHECKING:
    from dossier.annotate.pool import AnnotateReport
    from dossier.collection import Engine

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "dossier.db"
console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


def db_option(fn: F) -> F:
    """The shared --db option."""
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        envvar="DOSSIER_DB",
        help="SQLite database file (created when missing).",
    )(fn)


def engine_options(fn: F) -> F:
    """The shared --engine and --address options of the commands that annotate."""
    fn = click.option(
        "--address",
        default=None,
        envvar="DOSSIER_RAY_ADDRESS",
        help="--engine ray: the cluster to use (ray://head:10001, auto); a local Ray starts when none is given.",
    )(fn)
    return click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="Where annotation runs: a process pool here, or actors on Ray (pip install 'ray[client]').",
    )(fn)


def reports_errors(fn: F) -> F:
    """Turn a DossierError into one line on stderr and exit status 2 instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DossierError as exc:
            errors.print(f"[red]error:[/red] {escape(exc.line())}")
            sys.exit(2)
        except queries.QueryError as exc:
            errors.print(f"[red]error:[/red] {escape(str(exc))}")
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _entity_or_exit(db: Database, name: str) -> Entity:
    """The entity a user named (name, alias or id), or one error line and exit status 2."""
    from dossier.store.annotations import find_entity

    found = find_entity(db, name)
    if found is None:
        errors.print(f"[red]error:[/red] no entity named {escape(name)}")
        sys.exit(2)
    return found


def _entity_id(db: Database, name: str | None) -> str | None:
    return _entity_or_exit(db, name).entity_id if name else None


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
def cli() -> None:
    """Dossier: turn news and opinion articles into a sourced, queryable dossier."""


@cli.command()
@click.argument("inputs", nargs=-1)
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary and failures.")
@click.option("--no-annotate", is_flag=True, help="Store documents only; run `dossier annotate` later.")
@click.option("--processes", "-j", type=int, default=1, show_default=True, help="Worker processes for annotation.")
@click.option("--url-list", "url_lists", multiple=True, type=click.Path(), help="A file listing one URL a line.")
@click.option("--discover", is_flag=True, help="URLs named are sites: ingest what their sitemaps and feeds list.")
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="Articles per discovered site.")
@click.option("--text-field", default="text", show_default=True, help="Article files: the column with the text.")
@click.option("--title-field", default="title", show_default=True, help="Article files: the title column.")
@click.option("--date-field", default="date", show_default=True, help="Article files: the publication date column.")
@click.option("--url-field", default="url", show_default=True, help="Article files: the URL column.")
@click.option("--outlet-field", default="outlet", show_default=True, help="Article files: the outlet column.")
@click.option("--author-field", default="author", show_default=True, help="Article files: authors, ';' between.")
@engine_options
@reports_errors
def ingest(
    inputs: tuple[str, ...],
    db_path: str,
    quiet: bool,
    no_annotate: bool,
    processes: int,
    engine: Engine,
    address: str | None,
    url_lists: tuple[str, ...],
    discover: bool,
    limit: int,
    **fields: str,
) -> None:
    """Ingest files, folders, globs, feeds, WARC archives, URLs, article files (.jsonl/.csv) and standard input.

    \b
    Examples:
      dossier ingest ../shared/corpus/seeds/ 'pages/*.html.gz' https://example.org/article --db news.db
      curl -s https://example.org/article | dossier ingest - --db news.db
      dossier ingest stories.csv --text-field body --date-field publish_date --db news.db
      dossier ingest --url-list urls.txt --db news.db
      dossier ingest --discover https://example.org/ --limit 20 --db news.db
      dossier ingest ../shared/corpus/seeds/ --engine ray -j 2 --db news.db
    """
    if not inputs and not url_lists:
        raise click.UsageError("Missing argument 'INPUTS': name a file, folder, glob, URL or -, or give --url-list")
    from dossier import collection  # spaCy loads only when annotation runs

    columns = Fields(**{name.removesuffix("_field"): value for name, value in fields.items()})
    ways = WaysIn(
        fields=columns,
        stdin=sys.stdin.buffer if "-" in inputs else None,
        url_lists=url_lists,
        discover=discover,
        limit=limit,
    )
    db = connect(db_path)
    with PhaseBars(quiet) as bars:
        run = collection.ingest(
            db, list(inputs), ways=ways, annotate=not no_annotate, processes=processes, progress=bars,
            engine=engine, address=address,
        )  # fmt: skip
    report = run.ingest
    for source, result in report.stored:
        if not quiet and result.outcome != "unchanged":
            console.print(f"[green]{result.outcome:>11}[/green] {result.doc_id}  {escape(source)}")
        elif not quiet:
            note = f" ({escape(result.note)})" if result.note else ""
            console.print(f"[dim]{'unchanged':>11} {result.doc_id}  {escape(source)}{note}[/dim]")
    for line in report.warnings:
        errors.print(f"[yellow]warning:[/yellow] {escape(line)}")
    for line in report.failed:
        errors.print(f"[red]failed:[/red] {escape(line)}")
    new = report.count("ingested") + report.count("new-version")
    console.print(
        f"[bold]{new} ingested[/bold] ({report.count('new-version')} new versions), "
        f"{report.count('unchanged')} unchanged, [bold]{len(report.failed)} failed[/bold] → {escape(db_path)}"
    )
    annotated_ok = no_annotate or _annotate_summary(db, run.annotate)
    if report.failed or not annotated_ok:
        sys.exit(1)


class PhaseBars:
    """One progress bar per phase of the driver (extract, annotate, resolve), each with its own count."""

    def __init__(self, quiet: bool) -> None:
        columns = (
            TextColumn("[bold]{task.fields[phase]:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        self.bars = Progress(*columns, console=errors, transient=True, disable=quiet)
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> PhaseBars:
        self.bars.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.__exit__(None, None, None)

    def _task(self, phase: str) -> TaskID:
        if phase not in self.tasks:
            self.tasks[phase] = self.bars.add_task("", total=None, phase=phase)
        return self.tasks[phase]

    def total(self, phase: str, n: int | None) -> None:
        self.bars.update(self._task(phase), total=n)

    def advance(self, phase: str, label: str = "") -> None:
        self.bars.update(self._task(phase), advance=1, description=escape(label))


def _annotate(
    db: Database,
    *,
    quiet: bool,
    processes: int,
    everything: bool = False,
    engine: Engine = "local",
    address: str | None = None,
) -> bool:
    from dossier import collection  # spaCy loads only when annotation runs

    ids = [a.id for a in queries.documents(db, all_versions=True)] if everything else None
    with PhaseBars(quiet) as bars:
        report = collection.annotate(
            db, doc_ids=ids, processes=processes, progress=bars, engine=engine, address=address
        )
    return _annotate_summary(db, report)


def _annotate_summary(db: Database, report: AnnotateReport) -> bool:
    for line in report.failed:
        errors.print(f"[red]failed:[/red] {escape(line)}")
    n = queries.counts(db)
    console.print(
        f"[bold]{report.done} annotated[/bold], {len(report.failed)} failed; the collection has {n['entities']} "
        f"entities, {n['events']} events and {n['quotes']} quotes"
    )
    return not report.failed


@cli.command()
@db_option
@click.option("--all", "everything", is_flag=True, help="Re-annotate every document, not only new or outdated ones.")
@click.option("--processes", "-j", type=int, default=1, show_default=True, help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@engine_options
@reports_errors
def annotate(db_path: str, everything: bool, processes: int, quiet: bool, engine: Engine, address: str | None) -> None:
    """Run entities, time expressions and events on stored documents, then resolve across documents.

    Documents annotated by an older pipeline version are re-annotated automatically.

    \b
    Example:
      dossier annotate --db news.db -j 2
      dossier annotate --db news.db --engine ray --address ray://head:10001
    """
    db = connect(db_path)
    if not _annotate(db, quiet=quiet, processes=processes, everything=everything, engine=engine, address=address):
        sys.exit(1)


@cli.command()
@click.argument("ids", nargs=-1)
@db_option
@click.option("--all", "everything", is_flag=True, help="Every stored document whose extractor changed.")
@click.option("--force", is_flag=True, help="Re-extract even where the extractor is still today's.")
@click.option("--no-annotate", is_flag=True, help="Re-extract only; run `dossier annotate` later.")
@click.option("--processes", "-j", type=int, default=1, show_default=True, help="Worker processes for annotation.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary and failures.")
@reports_errors
def reextract(
    ids: tuple[str, ...], db_path: str, everything: bool, force: bool, no_annotate: bool, processes: int, quiet: bool
) -> None:
    """Extract stored documents again from their kept raw source where the extractor changed, then re-annotate.

    Ids stay the same (they hash the source); each document's extractor says which extractor made its text.

    \b
    Examples:
      dossier reextract --all --db news.db
      dossier reextract d5c0a1 7f3e --force --db news.db
    """
    from dossier.reextraction import reextracted

    if bool(ids) == everything:
        raise click.UsageError("name document ids (or unique prefixes), or give --all")
    db = connect(db_path)
    doc_ids = None
    if ids:
        found = [_only_match(db, i) for i in ids]
        for given, doc in zip(ids, found, strict=True):
            if doc is None:
                raise click.UsageError(_no_document(db, given))
        doc_ids = [doc.id for doc in found if doc is not None]
    with PhaseBars(quiet) as bars:
        report = reextracted(db, doc_ids=doc_ids, force=force, annotate=not no_annotate, processes=processes,
                             progress=bars)  # fmt: skip
    for doc_id, old, new in report.changed:
        if not quiet:
            console.print(f"[green]{'re-extracted':>12}[/green] {doc_id}  {escape(old)} → {escape(new)}")
    for doc_id in report.missing:
        errors.print(f"[yellow]warning:[/yellow] {doc_id}: stored before raw sources were kept; ingest it again")
    for line in report.failed:
        errors.print(f"[red]failed:[/red] {escape(line)}")
    console.print(
        f"[bold]{len(report.changed)} re-extracted[/bold], {report.unchanged} unchanged (same extractor), "
        f"{len(report.missing)} without a stored source, [bold]{len(report.failed)} failed[/bold]"
    )
    annotated_ok = report.annotate is None or _annotate_summary(db, report.annotate)
    if report.failed or not annotated_ok:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--all", "everything", is_flag=True, help="Forget every cross-document decision and recompute it.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@reports_errors
def resolve(db_path: str, everything: bool, quiet: bool) -> None:
    """Link annotated documents across the collection (entities, events, claim clusters).

    Ingest and annotate already link each new document incrementally; `--all` recomputes everything, e.g.
    after an upgrade, replaying the documents in the order they were first linked (the same result).

    \b
    Example:
      dossier resolve --all --db news.db
    """
    from dossier import collection

    db = connect(db_path)
    with PhaseBars(quiet) as bars:
        linked = (collection.resolve_all if everything else collection.resolve_pending)(db, progress=bars)
    n = queries.counts(db)
    console.print(
        f"[bold]{linked} linked[/bold]; the collection has {n['entities']} entities, {n['events']} events and "
        f"{n['quotes']} quotes"
    )


@cli.command()
@db_option
@click.option(
    "--type", "kind", type=ENTITY_TYPE, default=None, help=f"Only this type: {', '.join(filters.ENTITY_TYPES)}."
)
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True)
@format_option
@reports_errors
def entities(db_path: str, kind: str | None, limit: int, fmt: str) -> None:
    """Entities across the collection, ranked by documents and mentions.

    \b
    Example:
      dossier entities --type PERSON --limit 20
    """
    from dossier.store.annotations import ranked_entities

    rows = ranked_entities(connect(db_path, readonly=True), kind=filters.entity_type(kind), limit=limit)
    if fmt == "json":
        echo_json(rows)
        return
    table = Table(box=None, header_style="bold")
    for column in ("docs", "mentions", "type", "name", "aliases"):
        table.add_column(column, no_wrap=column != "aliases", overflow="fold")
    for e in rows:
        others = [a for a in e.aliases if a != e.name]
        table.add_row(str(len(e.doc_ids)), str(e.mentions), e.type, escape(e.name), escape(", ".join(others[:8])))
    console.print(table)
    console.print(f"[dim]{plural(len(rows), 'entity', 'entities')}[/dim]")


@cli.command()
@click.argument("name")
@db_option
@format_option
@reports_errors
def entity(name: str, db_path: str, fmt: str) -> None:
    """One entity: aliases, documents and co-occurring entities (by name, alias or id).

    \b
    Example:
      dossier entity "Imran Khan"
    """
    from dossier.store.annotations import co_occurring

    db = connect(db_path, readonly=True)
    found = _entity_or_exit(db, name)
    if fmt == "json":
        together = [{"entity": other, "documents": n} for other, n in co_occurring(db, found.entity_id)]
        echo_json({"entity": found, "documents": document_metas(db, found.doc_ids), "co_occurring": together})
        return
    console.rule(f"{escape(found.name)} [dim]({found.type}, {found.entity_id})[/dim]")
    console.print(f"[bold]aliases[/bold]   {escape(', '.join(found.aliases))}")
    console.print(f"[bold]mentions[/bold]  {found.mentions} in {plural(len(found.doc_ids), 'document')}")
    metas = {d.id: d for d in document_metas(db, found.doc_ids)}
    for doc in (metas[i] for i in found.doc_ids if i in metas):
        console.print(f"  {doc.id[:12]}  {doc.published or '—':10}  {escape(doc.title or '(untitled)')}")
    console.print("[bold]co-occurring[/bold]")
    for other, shared in co_occurring(db, found.entity_id):
        console.print(f"  {plural(shared, 'doc'):>7}  {escape(other.name)} [dim]({other.type})[/dim]")


@cli.command()
@db_option
@click.option("--entity", "entity_name", default=None, help="Only events this entity takes part in.")
@click.option("--from", "date_from", type=DATE, default=None, help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, default=None, help="Latest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@format_option
@reports_errors
def timeline(db_path: str, entity_name: str | None, date_from: str | None, date_to: str | None, fmt: str) -> None:
    """Events in chronological order, grouped by date, with participants, evidence and report counts.

    \b
    Examples:
      dossier timeline --entity "Imran Khan" --from 2021 --to 2022-12
      dossier timeline --format json > timeline.json
    """
    from dossier.store.annotations import timeline as timeline_entries

    db = connect(db_path, readonly=True)
    date_from, date_to = filters.date_range(date_from, date_to)
    entries = timeline_entries(db, entity_id=_entity_id(db, entity_name), date_from=date_from, date_to=date_to)
    if fmt == "json":
        shown = [{**e.__dict__, "participants": [p.model_dump(exclude={"entity_key"}) for p in e.participants]}
                 for e in entries]  # fmt: skip
        click.echo(json.dumps(shown, ensure_ascii=False, indent=1))
        return
    current = None
    for e in entries:
        if e.date != current:
            current = e.date
            console.print(f"\n[bold cyan]{e.date}[/bold cyan]")
        who = ", ".join(f"{p.name} ({p.role})" for p in e.participants[:4]) or "—"
        reports = plural(e.doc_count, "doc")
        console.print(f"  [bold]{e.type:<11}[/bold] {escape(who)}  [dim]{reports} · {'/'.join(e.modes)}[/dim]")
        print_wrapped(console, e.evidence, indent=4, style="dim", quoted=True)
    console.print(f"\n[dim]{plural(len(entries), 'dated event')}{_undated_note(db)}[/dim]")


def _undated_note(db: Database) -> str:
    from dossier.store.events import EventFilter, event_count

    undated = event_count(db) - event_count(db, EventFilter(dated=True))
    return f"; {plural(undated, 'event')} without a date not shown" if undated else ""


def _quote_source(title: tuple[str | None, str | None, str | None], doc_id: str) -> str:
    """ "Dawn · 2022-04-12 · 3f9a1c2b7d4e": where and when a quote was printed, and the document it is in."""
    _, outlet, published = title
    return escape(" · ".join([p for p in (outlet, published[:10] if published else None) if p] + [doc_id[:12]]))


@cli.command()
@db_option
@click.option("--speaker", default=None, help="Quotes by this entity, or relayed through it (name, alias or id).")
@click.option("--about", default=None, help="Quotes that name this entity inside what is said.")
@click.option("--search", "query", default=None, help="Full-text search over the quoted words and speakers.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
@reports_errors
def quotes(db_path: str, speaker: str | None, about: str | None, query: str | None, limit: int, fmt: str) -> None:
    """Who says so: quotes with speaker, cue, attribution chain and hedges.

    \b
    Examples:
      dossier quotes --speaker "Imran Khan"
      dossier quotes --about Washington --search "foreign policy"
    """
    from dossier.store.quotes import find_quotes, unknown_speaker_share

    db = connect(db_path, readonly=True)
    speaker_id, about_id = _entity_id(db, speaker), _entity_id(db, about)
    rows = find_quotes(db, speaker_id=speaker_id, about_id=about_id, query=query, limit=limit)
    if fmt == "json":
        echo_json(rows)
        return
    titles = doc_titles(db, (q.doc_id for q in rows))
    for q in rows:
        who = escape(q.speaker.name) if q.speaker else "[red]speaker unknown[/red]"
        via = f" [dim]via {escape(', '.join(v.name for v in q.via))}[/dim]" if q.via else ""
        hedge = f" [yellow]({escape(', '.join(q.hedges))})[/yellow]" if q.hedges else ""
        where = _quote_source(titles.get(q.doc_id, (None, None, None)), q.doc_id)
        console.print(f"[bold]{who}[/bold]{via} [dim]{q.kind} · {escape(q.cue or '—')} · {where}[/dim]{hedge}")
        print_wrapped(console, q.text, quoted=q.kind != "indirect")  # curly quotes claim the words are verbatim
    console.print(
        f"[dim]{plural(len(rows), 'quote')} · {unknown_speaker_share(db):.0%} of all stored quotes lack a speaker[/dim]"
    )


@cli.command()
@db_option
@click.option("--about", default=None, help="Clusters that name this entity or are held by it (name, alias or id).")
@click.option("--contested", is_flag=True, help="Only clusters where reports contradict each other.")
@click.option(
    "--min-docs",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Reported by at least this many documents.",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
@reports_errors
def claims(db_path: str, about: str | None, contested: bool, min_docs: int, limit: int, fmt: str) -> None:
    """Check-worthy claims clustered across documents: who holds each, and whether reports support or contradict.

    Each pair in a cluster is support, contradiction (numbers, dates or negation disagree), or same-origin
    (same outlet, host or speaker, or copied wording: not independent support).

    \b
    Examples:
      dossier claims --contested
      dossier claims --about "Imran Khan" --min-docs 1 --limit 10
    """
    from dossier.store.claims import claim_clusters

    db = connect(db_path, readonly=True)
    about_id = _entity_id(db, about)
    clusters = claim_clusters(db, about_id=about_id, contested=contested, min_docs=min_docs, limit=limit)
    if fmt == "json":  # the cluster's derived counts too, as the text view shows them
        echo_json([{**jsonable(k), "doc_count": k.doc_count, "independent": k.independent,
                    "contested": k.contested, "kind": k.kind} for k in clusters])  # fmt: skip
        return
    marks: dict[ClaimRelation, tuple[str, str]] = {
        "contradiction": ("✗ contradicts", "red"),
        "same-origin": ("= same origin", "yellow"),
        "support": ("✓ supports", "green"),
        "related": ("~ related", "dim"),
    }
    for k in clusters:
        flag = "[red]contested[/red] · " if k.contested else ""
        console.rule(f"{flag}{k.doc_count} docs, {k.independent} independent · {k.kind} [dim]{k.cluster_id}[/dim]")
        number = {c.claim_id: n + 1 for n, c in enumerate(k.members)}
        titles = doc_titles(db, (c.doc_id for c in k.members))
        for c in k.members:
            holder = c.holder.name if c.holder else "author"
            outlet = titles.get(c.doc_id, (None, None, None))[1]
            where = f"{escape(outlet or c.doc_id[:12])} · {escape(holder)}"
            console.print(f"  [bold][{number[c.claim_id]}][/bold] {c.check_worthiness:.2f} [dim]{where}[/dim]")
            print_wrapped(console, c.text, indent=6, quoted=True)
        for x in k.links:
            mark, style = marks[x.relation]
            line = f"[{number.get(x.a)}]–[{number.get(x.b)}] {mark} ({x.similarity:.2f}) {'; '.join(x.reasons)}"
            print_wrapped(console, line, indent=4, style=style)  # at the terminal's width, never cut
    console.print(f"[dim]{plural(len(clusters), 'contested cluster' if contested else 'cluster')}[/dim]")
    if not clusters:
        console.print(f"[dim]{escape(_why_no_clusters(db, contested=contested, min_docs=min_docs, about=about))}[/dim]")


def _why_no_clusters(db: Database, *, contested: bool, min_docs: int, about: str | None) -> str:
    """Why a claims listing came back empty, with what to try instead."""
    from dossier.store.lookup import cluster_counts

    n = cluster_counts(db)
    if n.clusters == 0:
        return "No claims are stored yet: run `dossier annotate` (claims come with the language layer)."
    if contested and n.reported_twice == 0:
        return (f"No claim is reported by two documents yet ({plural(n.clusters, 'cluster')}, each from one "
                "document), and only claims reported twice can contradict each other. Ingest more coverage of the "
                "same story, or drop --contested.")  # fmt: skip
    if contested and n.contested == 0:
        return (f"Of {plural(n.reported_twice, 'claim cluster')} reported by two or more documents, none has "
                "reports whose numbers, dates or negation disagree.")  # fmt: skip
    narrower = " about this entity" if about else ""
    return (f"{plural(n.clusters, 'cluster')} in all, {n.reported_twice} reported by two or more documents; none"
            f"{narrower} with --min-docs {min_docs}. Try --min-docs 1.")  # fmt: skip


@cli.command()
@db_option
@click.option("--all-versions", is_flag=True, help="List every stored version, not only the latest of each source.")
@click.option("--limit", type=int, default=None, help="Show at most this many documents.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@format_option
@reports_errors
def docs(db_path: str, all_versions: bool, limit: int | None, as_json: bool, fmt: str) -> None:
    """List stored documents with title, outlet, date and authors.

    \b
    Example:
      dossier docs --db news.db --limit 20
    """
    listed = document_page(
        connect(db_path, readonly=True), DocFilter(all_versions=all_versions), limit=-1 if limit is None else limit
    )
    rows = [x.doc for x in listed]
    if fmt == "json":
        echo_json(rows)
        return
    if as_json:
        for doc in rows:
            console.print_json(json.dumps(doc.model_dump()), indent=None)
        return
    table = Table(box=None, header_style="bold", expand=False)
    table.add_column("id", no_wrap=True, min_width=12)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("outlet", no_wrap=True, max_width=18, overflow="ellipsis")
    table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=70)
    table.add_column("authors", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("lang", no_wrap=True, min_width=4)
    for doc in rows:
        lang = escape(doc.language or "")
        if "non-english" in doc.flags:
            lang = f"[yellow]{lang}[/yellow]"
        table.add_row(
            doc.id[:12],
            escape(doc.published or "—"),
            escape(doc.outlet or "—"),
            escape(doc.title or "(untitled)"),
            escape(", ".join(doc.authors) or "—"),
            lang,
        )
    console.print(table)
    console.print(f"[dim]{plural(len(rows), 'document')}[/dim]")


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True)
@db_option
@reports_errors
def delete(doc_ids: tuple[str, ...], db_path: str) -> None:
    """Delete documents (ids or unique id prefixes) with everything derived from them; entities, events and claim
    clusters are re-resolved so none lists a deleted document.

    \b
    Example:
      dossier delete 3f2a9c1e 77b0d2aa --db news.db
    """
    from dossier.deletion import deleted_documents

    report = deleted_documents(connect(db_path), list(doc_ids))
    for doc_id in report.deleted:
        console.print(f"[green]{'deleted':>11}[/green] {doc_id}")
    for line in report.failed:
        errors.print(f"[red]failed:[/red] {escape(line)}")
    console.print(f"[bold]{len(report.deleted)} deleted[/bold], {len(report.failed)} failed → {escape(db_path)}")
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("doc_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The document as one JSON object (same as --format json).")
@format_option
@reports_errors
def show(doc_id: str, db_path: str, as_json: bool, fmt: str) -> None:
    """Show one document: metadata, clean text and reader comments (id or unique id prefix).

    \b
    Example:
      dossier show 3f2a9c1e --db news.db
    """
    db = connect(db_path, readonly=True)
    doc = queries.document(db, doc_id) or _only_match(db, doc_id)
    if doc is None:
        errors.print(f"[red]error:[/red] {escape(_no_document(db, doc_id))}")
        sys.exit(2)
    if as_json or fmt == "json":
        click.echo(doc.model_dump_json(indent=2))
        return
    console.rule(escape(doc.title or "(untitled)"))
    for label, value in (
        ("id", doc.id),
        ("source", doc.source),
        ("version", str(doc.version)),
        ("url", doc.url),
        ("outlet", doc.outlet),
        ("published", doc.published),
        ("authors", ", ".join(doc.authors)),
        ("language", doc.language),
        ("flags", ", ".join(doc.flags)),
        ("extractor", doc.extractor),
    ):
        console.print(f"[bold]{label:>10}[/bold]  {escape(value or '—')}")
    console.print()
    console.print(escape(doc.text))
    if doc.comments:
        console.rule(f"{len(doc.comments)} reader comments")
        for n, c in enumerate(doc.comments):
            indent = "    " if c.parent is not None else ""
            reply = f" (reply to #{c.parent + 1})" if c.parent is not None else ""
            console.print(
                f"{indent}[bold]#{n + 1} {escape(c.author or 'anonymous')}[/bold] {escape(c.date or '')}{reply}"
            )
            console.print(f"{indent}{escape(c.text)}\n")


def _only_match(db: Database, prefix: str) -> Article | None:
    """The one document a short prefix names ("d5"), if it names exactly one."""
    from dossier.store.lookup import documents_by_prefix

    found = documents_by_prefix(db, prefix, limit=2) if prefix else []
    return queries.document(db, found[0].id) if len(found) == 1 else None


def _no_document(db: Database, doc_id: str) -> str:
    """Why an id names no document: nothing starts with it, or several do (listed, so the user can pick)."""
    from dossier.store.lookup import CANDIDATES, documents_by_prefix

    found = documents_by_prefix(db, doc_id, limit=CANDIDATES + 1)
    if not found:
        return f"no document with id {doc_id!r} (`dossier docs` lists them)"
    listed = "; ".join(f"{d.id[:12]} {d.title or '(untitled)'}"[:60] for d in found[:CANDIDATES])
    many = f"more than {CANDIDATES}" if len(found) > CANDIDATES else str(len(found))
    return f"{doc_id!r} is ambiguous: {many} document ids start with it: {listed}; type more of the id"


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--semantic", is_flag=True, help="Search by meaning: the closest sentences, claims and quotes.")
@format_option
@reports_errors
def search(query: str, db_path: str, limit: int, fmt: str, semantic: bool) -> None:
    """Full-text search (SQLite FTS5, BM25 ranking) with highlighted snippets, or by meaning with --semantic.

    \b
    Examples:
      dossier search "no-confidence" --db news.db
      dossier search 'Khan AND (Moscow OR Russia)'
      dossier search --semantic "Washington wanted Khan gone"
    """
    if semantic:
        _semantic_search(query, db_path, limit)
        return
    hits = queries.search(connect(db_path, readonly=True), query, limit=limit)
    if fmt == "json":
        start, end = queries.HIGHLIGHT
        echo_json([{**jsonable(h), "snippet": h.snippet.replace(start, "").replace(end, "")} for h in hits])
        return
    for hit in hits:
        snippet = highlighted(hit.snippet, queries.HIGHLIGHT)
        where = f"{hit.doc_id[:12]} · {escape(hit.outlet or '—')} · {escape(hit.published or '—')}"
        console.print(f"[bold]{escape(hit.title or '(untitled)')}[/bold]  [dim]{where}[/dim]")
        console.print(f"  {snippet}\n")
    console.print(f"[dim]{plural(len(hits), 'hit')}[/dim]")


@cli.command()
@db_option
@click.option("--between", nargs=2, default=None, metavar="A B", help="Only the relation of these two entities.")
@click.option("--from", "date_from", default=None, help="Earliest period (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Latest period (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--period", type=click.Choice(["month", "year"]), default="month", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def relations(
    db_path: str, between: tuple[str, str] | None, date_from: str | None, date_to: str | None, period: str, fmt: str
) -> None:
    """Who stands with whom, over time: cooperative vs conflictual evidence per pair and period.

    \b
    Examples:
      dossier relations --between "Pakistan" "United States"
      dossier relations --between "Imran Khan" "Vladimir Putin" --format json
      dossier relations --from 2022-01 --to 2022-12 --period year
    """
    from dossier.relations import stored_relations

    db = connect(db_path, readonly=True)
    pair = (_entity_or_exit(db, between[0]).entity_id, _entity_or_exit(db, between[1]).entity_id) if between else None
    found = stored_relations(db, pair=pair, date_from=date_from, date_to=date_to, granularity=period)  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(json.dumps([r.model_dump() for r in found], ensure_ascii=False, indent=1))
        return
    for r in found:
        lean = "cooperative" if r.balance > 0 else "conflictual" if r.balance < 0 else "mixed"
        console.print(
            f"[bold cyan]{r.period}[/bold cyan]  {escape(r.name_a)} — {escape(r.name_b)}  [bold]{lean}[/bold] "
            f"{r.balance:+.2f}  [dim]{r.cooperative} cooperative · {r.conflictual} conflictual[/dim]"
        )
        for e in r.evidence[:3]:
            print_wrapped(console, f"{e.type}: {e.text}", indent=4, style="dim")
            for a in e.affiliations:  # derived: the pair is the states these office holders act for
                where = f"doc {a.doc_id}, {a.statement[0]}–{a.statement[1]}"
                line = f"via {a.name}, {a.title} of {a.state_name} ({where}: {a.text})"
                print_wrapped(console, line, indent=6, style="dim italic")
    console.print(f"\n[dim]{len(found)} relation periods[/dim]")


EXPORT_FORMATS = {  # what → the formats it can be written in, the first being the default
    "documents": ("jsonl", "csv"),
    "entities": ("jsonl",),
    "events": ("jsonl", "ics", "csv"),
    "claims": ("jsonl",),
    "relations": ("jsonl",),
    "graph": ("graphml", "gexf", "csv"),
    "datasette": ("json",),
}


@cli.command()
@click.argument("claim", required=False)
@click.option("--claims", "claims_file", type=click.File("r", encoding="utf-8"), help="Check one claim per line.")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@reports_errors
def check(claim: str | None, claims_file: Any, db_path: str, fmt: str) -> None:
    """Who backs a claim, who disputes it, who only discusses it: the documents that bear on it, ranked.

    Each match has its relation (agree / disagree / discuss), the model's probability, outlet, date, and the
    evidence sentences with who holds them. A stored document not listed is unrelated to the claim.

    \b
    Examples:
      dossier check "The US orchestrated the ouster of Imran Khan" --db news.db
      dossier check --claims claims.txt --format jsonl > checked.jsonl
    """
    from dossier.checking import claim_checks  # the models load only when a claim is checked

    if (claim is None) == (claims_file is None):
        raise click.UsageError("give one CLAIM or --claims FILE")
    lines = [claim or ""] if claims_file is None else [line.strip() for line in claims_file]
    texts = [line for line in lines if line.strip()]
    if not texts:
        raise click.UsageError("no claim to check (the claim or every line of the file is empty)")
    for result in claim_checks(connect(db_path), texts):
        if fmt == "jsonl":
            record = result.model_dump(exclude={"extractor"})
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        _print_check(result)


RELATION_STYLE = {"agree": "green", "disagree": "red", "discuss": "yellow"}


def _snippet(sentence: str, limit: int = 160) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print_check(result: Any) -> None:
    console.print(f"[bold]{escape(result.claim)}[/bold]")
    for m in result.matches:
        style = RELATION_STYLE[m.relation]
        where = f"{escape(m.outlet or '—')} · {m.published or '—'} · {m.doc_id[:12]}"
        head = f"[{style}]{m.relation:>8}[/{style}] {m.score:.2f}"
        console.print(f"  {head}  {escape(m.title or m.source)}  [dim]{where}[/dim]")
        for e in m.evidence:
            who = e.holder or "author"
            console.print(f"           [dim]{escape(who)} ({e.voice}):[/dim] {escape(_snippet(e.text))}")
    console.print(f"[dim]{len(result.matches)} documents bear on it; the others are unrelated[/dim]\n")


def _semantic_search(query: str, db_path: str, limit: int) -> None:
    from dossier.semantic import indexed, semantic_search  # the embedding model loads only here

    db = connect(db_path)
    indexed(db)  # a store annotated before the index existed is indexed once, here
    hits = semantic_search(db, query, limit=limit)
    for hit in hits:
        where = f"{hit.doc_id[:12]} · {escape(hit.outlet or '—')} · {hit.published or '—'} · {hit.kind}"
        console.print(f"[bold]{escape(hit.title or '(untitled)')}[/bold]  [dim]{where} · {hit.score:.2f}[/dim]")
        console.print(f"  {escape(_snippet(hit.text, 240))}\n")
    console.print(f"[dim]{len(hits)} hits[/dim]")


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "ics", "graphml", "gexf", "json"]),
    default=None,
    help="jsonl or csv for documents; jsonl for entities and claims; jsonl, ics or csv for events; "
    "graphml, gexf or csv for graph; json for datasette. Default: the first of these.",
)
@click.option(
    "--what",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="documents",
    show_default=True,
    help="Per-document records; the cross-document entities, events or claim clusters; the actor graph; or a "
    "Datasette metadata.json.",
)
@click.option("--all-versions", is_flag=True, help="Export every stored version, not only the latest.")
@click.option(
    "--output",
    "-o",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File to write (default stdout).",
)
@reports_errors
def export(db_path: str, fmt: str | None, what: str, all_versions: bool, output: Any) -> None:
    """Export documents (the dossier.export/1 contract, fields listed in the README), cross-document records,
    a calendar of events or the actor graph.

    \b
    Examples:
      dossier export --format jsonl > dossier.jsonl
      dossier export --format csv -o documents.csv
      dossier export --what entities > entities.jsonl
      dossier export --what events > events.jsonl
      dossier export --what events --format ics -o events.ics      # date_start/date_end in --format csv
      dossier export --what graph --format gexf -o actors.gexf     # also graphml, csv (edge list)
      dossier export --what claims > claims.jsonl
      dossier export --what relations > relations.jsonl             # per pair and month, with evidence
      dossier export --what datasette -o metadata.json; datasette news.db --metadata metadata.json
    """
    from dossier.export import contract

    fmt = fmt or EXPORT_FORMATS[what][0]
    if fmt not in EXPORT_FORMATS[what]:
        raise click.BadParameter(f"--what {what} exports as {' or '.join(EXPORT_FORMATS[what])}", param_hint="--format")
    db = connect(db_path, readonly=True)
    if what == "datasette":
        from dossier.export.datasette import datasette_metadata

        output.write(json.dumps(datasette_metadata(db_path), indent=1) + "\n")
        return
    if what in ("graph", "events") and fmt != "jsonl":
        _export_file(db, what, fmt, output)
        return
    if what == "entities":
        records = contract.entity_records(db)
    elif what == "claims":
        records = contract.claim_records(db)
    elif what == "events":
        records = contract.event_records(db)
    elif what == "relations":
        records = contract.relation_records(db)
    elif fmt == "jsonl":
        records = contract.document_records(db, all_versions=all_versions)
    else:
        records = queries.export_records(db, all_versions=all_versions)
    if fmt == "jsonl":
        for record in records:
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(output, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        flat = {k: v for k, v in record.items() if k != "comments"}
        flat["authors"] = "; ".join(record["authors"])  # type: ignore[arg-type]
        flat["flags"] = "; ".join(record["flags"])  # type: ignore[arg-type]
        flat["comments"] = len(record["comments"])  # type: ignore[arg-type]
        writer.writerow(flat)


def _export_file(db: Database, what: str, fmt: str, output: Any) -> None:
    """The actor graph (GraphML, GEXF, CSV edge list) or the events calendar (ICS, CSV with date spans)."""
    if what == "graph":
        from dossier.export.graph import collection_network, write_network

        write_network(collection_network(db), fmt, output)
        return
    from dossier.export.calendar import event_rows, write_events

    left_out = write_events(event_rows(db), fmt, output)
    if left_out:
        errors.print(f"[dim]{plural(left_out, 'undated event')} left out of the calendar (no day to put them on)[/dim]")


CSV_FIELDS = [
    "schema", "id", "source", "version", "url", "title", "authors", "outlet", "published",
    "language", "flags", "format", "extractor", "comments", "text",
]  # fmt: skip


from dossier.cli_framing import event, framing  # noqa: E402
from dossier.web.serve import serve  # noqa: E402  (imports only click until the server starts)

cli.add_command(serve)
cli.add_command(framing)
cli.add_command(event)


def main() -> None:
    cli()
