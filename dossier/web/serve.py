"""`dossier serve`: the web app and REST API with uvicorn, bound to localhost unless told otherwise."""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys

import click

from dossier.web.tokens import MIN_TOKEN_CHARS, generated_token, weak_token_reason


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def port_in_use(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (taken, not allowed), or None when it can: checked before the
    URL is printed, so a second `dossier serve` does not announce an address that another process answers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is not "in use"
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            return "the port is already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
    return None


@click.command()
@click.option(
    "--db", "db_path", default="dossier.db", show_default=True, envvar="DOSSIER_DB", help="SQLite database file."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but localhost shows the knowledge base to your network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/v1/documents (upload or URL); needs --token.")
@click.option(
    "--token",
    envvar="DOSSIER_TOKEN",
    default=None,
    help=f"Bearer token ingest requests must send (at least {MIN_TOKEN_CHARS} characters; or $DOSSIER_TOKEN).",
)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Let URL ingest fetch loopback, private and link-local addresses (refused by default: SSRF).",
)
def serve(db_path: str, host: str, port: int, allow_ingest: bool, token: str | None, allow_private_urls: bool) -> None:
    """Serve the web app (library, reader, timeline, graph, entities, claims) and the REST API.

    Pages have .json twins; the API lives under /api/v1 with its reference at /api/v1/docs.

    \b
    Examples:
      dossier serve --db news.db
      open http://127.0.0.1:8000/
      export DOSSIER_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe())')
      dossier serve --db news.db --allow-ingest
      curl -H "Authorization: Bearer $DOSSIER_TOKEN" -F file=@article.html http://127.0.0.1:8000/api/v1/documents
    """
    if allow_ingest and not token:
        raise click.UsageError(
            f"--allow-ingest needs a token: pass --token or set DOSSIER_TOKEN, e.g. this fresh one: {generated_token()}"
        )
    if allow_ingest and token and (weak := weak_token_reason(token)):
        raise click.UsageError(f"the token is too easy to guess: {weak} (e.g. use this fresh one: {generated_token()})")
    import uvicorn

    from dossier.errors import DossierError
    from dossier.web.app import LOCAL_HOSTS, create_app

    local = is_loopback(host)
    try:
        app = create_app(
            db_path, allow_ingest=allow_ingest, token=token, allowed_hosts=LOCAL_HOSTS if local else None,
            allow_private_urls=allow_private_urls,
        )  # fmt: skip
        if not allow_ingest:
            from dossier.store.db import connect

            connect(db_path, readonly=True).close()  # say now, not on the first request, that there is no database
    except DossierError as exc:
        click.echo(f"error: {exc.line()}", err=True)
        sys.exit(2)
    if not local:
        click.echo(
            f"warning: listening on {host}, not only this machine; anyone who can reach it can read it", err=True
        )
    busy = port_in_use(host, port)
    if busy:
        click.echo(f"error: cannot listen on {host}:{port}: {busy}; pick another with --port {port + 1}", err=True)
        sys.exit(2)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Dossier on http://{shown}:{port}/ (database {db_path}{', ingest on' if allow_ingest else ''})")
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
