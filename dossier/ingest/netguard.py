"""Fetching a URL someone else named: only public addresses, so an upload cannot make the server read its own
network (127.0.0.1, the LAN, a cloud's 169.254.169.254 metadata service) — server-side request forgery.

The check runs before every request the client sends, redirects included, against every address the host
resolves to. A host that resolves differently between the check and the connection (DNS rebinding) is not
covered; the server's own network policy is the last line there.
"""

from __future__ import annotations

import ipaddress
import socket

import httpx

from dossier.errors import FetchFailed
from dossier.ingest.sources import FETCH_TIMEOUT_S, USER_AGENT

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def public_only_client() -> httpx.Client:
    """An HTTP client that refuses to connect to loopback, private, link-local or otherwise non-public addresses."""
    return httpx.Client(
        timeout=FETCH_TIMEOUT_S,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        event_hooks={"request": [refuse_non_public]},
    )


def refuse_non_public(request: httpx.Request) -> None:
    """Raise FetchFailed when the request's host is, or resolves to, an address that is not public."""
    host = request.url.host
    for address in resolved_addresses(host, request.url.port or (443 if request.url.scheme == "https" else 80)):
        if not is_public(address):
            raise FetchFailed(
                str(request.url),
                f"refused: {host} is a private or local address ({address}); "
                "start the server with --allow-private-urls to fetch such URLs",
            )


def resolved_addresses(host: str, port: int) -> list[IPAddress]:
    """The addresses a host name stands for (an IP literal stands for itself); none when it does not resolve."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []  # the fetch itself then fails with "cannot connect", naming the host
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        found.append(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
    return found


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, shared, reserved, multicast or unspecified."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_global and not address.is_multicast
