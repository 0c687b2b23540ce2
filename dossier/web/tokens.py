"""Ingest tokens: long is not enough ("aaaaaaaaaaaaaaaa" is 16 characters and no secret), so measure what it holds."""

from __future__ import annotations

import math
import secrets
from collections import Counter
from itertools import pairwise

MIN_TOKEN_CHARS = 16  # a token short enough to guess is no protection for ingest over HTTP
MIN_TOKEN_BITS = 48  # Shannon bits over the token's own characters: 16 random URL-safe characters hold ~60
MIN_DISTINCT_CHARS = 8  # "abababab…" and "aaaa…" reuse two characters or one
MAX_SEQUENTIAL_SHARE = 0.75  # "0123456789abcdef": nearly every character follows the one before it


def generated_token() -> str:
    """A fresh token with 256 bits from the system's random source."""
    return secrets.token_urlsafe(32)


def weak_token_reason(token: str) -> str | None:
    """Why a token is too easy to guess, or None when it is good enough to guard ingest over HTTP."""
    if len(token) < MIN_TOKEN_CHARS:
        return f"it is too short: use at least {MIN_TOKEN_CHARS} characters"
    if len(set(token)) < MIN_DISTINCT_CHARS:
        return f"it repeats too few characters ({len(set(token))} distinct)"
    if _period(token) < len(token):
        return f"it repeats the same {_period(token)} characters"
    steps = sum(1 for a, b in pairwise(token) if abs(ord(b) - ord(a)) == 1)
    if steps > MAX_SEQUENTIAL_SHARE * (len(token) - 1):
        return "it is a run of consecutive characters"
    if entropy_bits(token) < MIN_TOKEN_BITS:
        return f"it holds too little randomness ({entropy_bits(token):.0f} bits; at least {MIN_TOKEN_BITS})"
    return None


def entropy_bits(token: str) -> float:
    """Shannon entropy of the token's character distribution times its length: a bound on its randomness."""
    counts = Counter(token)
    n = len(token)
    return -n * sum(c / n * math.log2(c / n) for c in counts.values())


def _period(token: str) -> int:
    """The shortest p such that the token is its first p characters repeated (len(token) when none is)."""
    n = len(token)
    for p in range(1, n // 2 + 1):
        if n % p == 0 and token[:p] * (n // p) == token:
            return p
    return n
