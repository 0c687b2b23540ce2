"""Text that came from outside, made safe to store and to print: control characters, invisible text, odd names.

A feed title can carry ESC sequences that retitle or repaint the user's terminal; a file name can hold bytes that
are not UTF-8. Ingest strips control characters from text and metadata, and every line printed to a terminal
shows what is left of them as visible escapes, so stored data can never drive the terminal.
"""

from __future__ import annotations

import os
import re

from rich.markup import escape as markup_escape

# C0 controls but tab and newline, DEL, C1 controls: none is text, several drive terminals (ESC, CSI = \x9b)
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# what a terminal (or a reader) could be misled by: every control, and the bidi overrides that reorder a line
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# whitespace, format characters and fillers: a text made only of these shows nothing at all
VISIBLE = re.compile(
    r"[^\s\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    r"\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\x00-\x1f\x7f-\x9f]"
)


def without_controls(text: str) -> str:
    """The text with C0/C1 control characters removed (tab and newline kept)."""
    return CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def has_visible_text(text: str) -> bool:
    """True when at least one character would show: not only spaces, NBSP, zero-width or format characters."""
    return VISIBLE.search(text) is not None


def readable_name(path: str) -> str:
    """A file name as text that can be stored and printed: bytes that are not UTF-8 become \\xNN escapes.

    Python hands undecodable name bytes over as lone surrogates (PEP 383), which neither SQLite nor a terminal
    accepts; the path itself keeps them, so the file can still be opened.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return path


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters and bidi overrides shown as visible \\xNN / \\uNNNN escapes."""
    return UNPRINTABLE.sub(_visible_escape, readable_name(text))


def _visible_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """Rich markup escaping plus terminal_safe: what the CLI applies to every stored or user-given string."""
    return markup_escape(terminal_safe(text))


def highlighted(snippet: str, marks: tuple[str, str], style: str = "bold yellow") -> str:
    """A search snippet as rich markup: the text between the store's highlight marks styled, the rest escaped."""
    start, end = marks
    out = []
    for n, piece in enumerate(snippet.split(start)):
        inside, _, after = piece.partition(end) if n else ("", "", piece)
        if n:
            out.append(f"[{style}]{escape(inside)}[/{style}]")
        out.append(escape(after))
    return "".join(out)
