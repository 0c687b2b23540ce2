"""Fuzz: thousands of hostile inputs generated from a seed go through ONE `dossier ingest` each run; every input is
stored or reported with its name and reason, nothing raises a traceback, and the exit status says so.

The seed is fixed so a failure reproduces; DOSSIER_FUZZ_SEED and DOSSIER_FUZZ_COUNT explore further.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.safetext import readable_name, terminal_safe
from tests.conftest import RESOURCES

SEED = int(os.environ.get("DOSSIER_FUZZ_SEED", "20261202"))
COUNT = int(os.environ.get("DOSSIER_FUZZ_COUNT", "2000"))  # the floor: at least 2,000 generated inputs
ANNOTATED_SAMPLE = 16  # annotation is slow; a smaller sample of the same generators runs through it
DOSSIER = Path(sys.executable).parent / "dossier"
ARTICLE = (RESOURCES / "bad" / "article.html").read_text(encoding="utf-8")
BODY = re.sub(r"<[^>]+>", " ", ARTICLE.split("<body", 1)[1])
SUFFIXES = [".html", ".htm", ".txt", ".md", ".rss", ".xml", ".atom", ".warc", ".html.gz", ".txt.gz", "", ".bin"]
NAME_NOISE = ["*", "?", "[x]", " ", "\x1b[31m", "é", "日本", "\u202e", "'", '"', "%s", "..", "-", "~"]
Generator = Callable[[random.Random], bytes]


def random_bytes(r: random.Random) -> bytes:
    return r.randbytes(r.choice([0, 1, 7, 100, 2000, 30000]))


def truncated(r: random.Random) -> bytes:
    page = ARTICLE.encode()
    return page[: r.randrange(len(page) + 1)]


def deep_nesting(r: random.Random) -> bytes:
    tag, depth = r.choice(["div", "span", "b", "section", "table", "p"]), r.choice([50, 300, 1000, 3000])
    middle = "<p>" + BODY[: r.randrange(200, len(BODY))] + "</p>"
    return f"<html><body>{f'<{tag}>' * depth}{middle}{f'</{tag}>' * r.choice([0, depth])}</body></html>".encode()


def bomb(r: random.Random) -> bytes:
    inflated = r.choice([b" ", b"<div>", b"A"]) * (r.choice([2, 25]) * 1024 * 1024)
    return gzip.compress(inflated, compresslevel=1)


def bad_encoding(r: random.Random) -> bytes:
    text = BODY + "“Café” – 日本語 – €40"
    codec = r.choice(["utf-16-le", "utf-16-be", "utf-32-le", "utf-16", "utf-32", "cp1252", "latin-1", "shift_jis"])
    data = text.encode(codec, errors="replace")
    if r.random() < 0.5:  # then break it: a cut code unit, invalid UTF-8 bytes, a wrong BOM
        data = r.choice([data[:-1], data + b"\xff\xfe\xc3", codecs.BOM_UTF8 + data, data.replace(b"e", b"\xe9", 5)])
    return data


def controls(r: random.Random) -> bytes:
    noise = "".join(chr(r.choice([*range(0, 32), 127, *range(0x80, 0xA0), 0x202E, 0x200B])) for _ in range(40))
    cut = r.randrange(len(BODY))
    return f"<html><head><title>T{noise[:9]}itle</title></head><body><p>{BODY[:cut]}{noise}{BODY[cut:]}</p></body></html>".encode(
        "utf-8", "surrogatepass"
    )


def huge_line(r: random.Random) -> bytes:
    return ((" ".join(BODY.split()) + " ") * r.choice([50, 400, 3000])).encode()  # one line, no newline: up to ~5 MB


def feed(r: random.Random) -> bytes:
    item = f"<item><title>Story {r.random()}</title><guid>g{r.random()}</guid><description>{BODY}</description></item>"
    doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{item * r.randrange(0, 4)}</channel></rss>'
    data = doc.encode()
    return data[: r.randrange(len(data) + 1)] if r.random() < 0.6 else data


def warc(r: random.Random) -> bytes:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + ARTICLE.encode()
    head = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/{r.random()}\r\n"
    record = head.encode() + f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload + b"\r\n\r\n"
    return record[: r.randrange(len(record) + 1)] if r.random() < 0.7 else record


def invisible(r: random.Random) -> bytes:
    return "".join(
        r.choice(["\u00a0", "\u200b", "\ufeff", " ", "\n", "\u3000"]) for _ in range(r.randrange(1, 5000))
    ).encode()


def article_like(r: random.Random) -> bytes:
    return ARTICLE.replace("flood wall", f"flood wall {r.random()}").encode()  # a good page, so something is stored


GENERATORS: list[Generator] = [
    random_bytes, truncated, deep_nesting, bad_encoding, controls, feed, warc, invisible, article_like,
]  # fmt: skip
RARE: list[Generator] = [bomb, huge_line]  # expensive to make and to read: a few of each


def hostile_inputs(folder: Path, count: int, seed: int) -> list[str]:
    """Write `count` hostile files (plus a few odd links) under folder; their paths as the CLI will name them."""
    r = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    for n in range(count):
        make = r.choice(RARE) if n % 200 == 199 else r.choice(GENERATORS)
        data = make(r)
        if r.random() < 0.3 and not data.startswith(b"\x1f\x8b"):
            data = gzip.compress(data) if r.random() < 0.5 else data
        name = f"{n:04d}-{make.__name__}{r.choice(NAME_NOISE) if r.random() < 0.3 else ''}{r.choice(SUFFIXES)}"
        raw = os.fsencode(folder) + b"/" + os.fsencode(name) + (b"\xff\xfe" if r.random() < 0.03 else b"")
        with open(raw, "wb") as fh:
            fh.write(data)
        paths.append(os.fsdecode(raw))
    for kind, target in (("loop", "."), ("broken", "missing-target")):
        link = folder / f"{count:04d}-{kind}-link"
        link.symlink_to(target)
        if kind == "broken":
            paths.append(str(link))
        count += 1
    return paths


def ingest_run(folder: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "400"}
    return subprocess.run(
        [str(DOSSIER), "ingest", str(folder), "--db", str(db), *extra],
        capture_output=True, text=True, errors="replace", timeout=1800, env=env,
    )  # fmt: skip


def assert_every_input_accounted_for(result: subprocess.CompletedProcess[str], paths: list[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    failed = [ln for ln in result.stderr.splitlines() if ln.startswith("failed: ")]
    assert not [ln for ln in failed if "E_INTERNAL" in ln], "an unexpected error escaped a stage"
    for line in failed:
        assert re.match(r"^failed: \[E_[A-Z_]+\] .+: \S", line), f"not one line naming input and reason: {line!r}"
    stored = [ln for ln in result.stdout.splitlines() if re.match(r"^\s*(ingested|new-version|unchanged) ", ln)]
    everything = "\n".join(failed + stored)
    missing = [p for p in paths if terminal_safe(readable_name(p)) not in everything]
    assert not missing, f"{len(missing)} inputs neither stored nor reported, e.g. {missing[:3]}"
    assert result.returncode == (1 if failed else 0), result.stdout[-500:]
    assert re.search(rf"\b{len(failed)} failed\b", result.stdout)


@pytest.mark.slow
def test_fuzz_every_hostile_input_is_stored_or_reported(tmp_path: Path) -> None:
    paths = hostile_inputs(tmp_path / "in", COUNT, SEED)
    assert len(paths) >= 2000 or COUNT < 2000
    result = ingest_run(tmp_path / "in", tmp_path / "fuzz.db", "--no-annotate")
    assert_every_input_accounted_for(result, paths)
    assert "ingested" in result.stdout  # the good pages among them were stored


@pytest.mark.slow
def test_fuzz_annotated_sample(tmp_path: Path) -> None:
    paths = hostile_inputs(tmp_path / "in", ANNOTATED_SAMPLE, SEED + 1)
    result = ingest_run(tmp_path / "in", tmp_path / "fuzz.db")
    assert_every_input_accounted_for(result, paths)
    assert "annotated" in result.stdout
    assert "E_ANNOTATE" not in result.stderr
