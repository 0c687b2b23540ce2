"""TempEval-3 training data (TBAQ-cleaned: TimeBank 1.2 + AQUAINT) read as text, creation date and gold TIMEX3.

The documents are split once, by a rule anyone can re-run: all file names (TimeBank/…, AQUAINT/…) sorted, and
every 4th one (index 3, 7, 11, …) is held back. Normalization is tuned on the other three quarters; the held-back
quarter's errors are never listed by the bench (``--errors`` prints the tuning part only).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TBAQ = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "timex-tbaq"
HOLD_BACK_EVERY = 4  # every 4th document (sorted by path) is the held-back part: a quarter, ~64 documents
TUNE, HELD_BACK = "tune", "held-back"


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TbaqDoc:
    name: str  # "TimeBank/ABC19980108.1830.0711.tml"
    split: str  # TUNE or HELD_BACK
    anchor: date
    text: str
    timexes: list[GoldTimex]


def _walk(element: ET.Element, parts: list[str], found: list[GoldTimex], offset: int) -> int:
    """Append the element's text to parts (depth first), recording every TIMEX3 with its offsets."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _walk(child, parts, found, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        found.append(GoldTimex(start, offset, "", element.get("type", ""), element.get("value", "")))
    return offset


def tbaq_doc(path: Path, split: str) -> TbaqDoc:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    raw = dct.get("value", "") if dct is not None else ""
    anchor = date.fromisoformat(raw[:10])
    body = root.find("TEXT")
    parts: list[str] = []
    spans: list[GoldTimex] = []
    if body is not None:
        _walk(body, parts, spans, 0)
    text = "".join(parts)
    timexes = [GoldTimex(s.start, s.end, text[s.start : s.end], s.type, s.value) for s in spans]
    name = f"{path.parent.name}/{path.name}"
    return TbaqDoc(name, split, anchor, text, sorted(timexes, key=lambda t: t.start))


def tbaq_docs(root: Path = TBAQ) -> list[TbaqDoc]:
    """Every TBAQ document with its split; empty when the corpus is not there."""
    paths = sorted(root.glob("*/*.tml"), key=lambda p: f"{p.parent.name}/{p.name}")
    return [tbaq_doc(p, HELD_BACK if i % HOLD_BACK_EVERY == HOLD_BACK_EVERY - 1 else TUNE) for i, p in enumerate(paths)]
