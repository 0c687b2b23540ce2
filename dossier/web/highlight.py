"""The reader's highlighted article: stored offsets → escaped HTML whose spans never break nesting.

Overlapping annotations (a claim containing a quote containing a time expression and an entity) are cut at
every boundary into fragments; each fragment opens and closes all the layers covering it, outermost first, so
the markup stays well-formed whatever overlaps. Every text fragment and attribute value is HTML-escaped here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

LayerKind = str  # "claim", "quote", "technique", "timex", "event", "entity"
LAYER_ORDER: dict[LayerKind, int] = {"claim": 0, "quote": 1, "technique": 2, "timex": 3, "event": 4, "entity": 5}
PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class Layer:
    """One annotation to draw over [start, end) of the clean text."""

    kind: LayerKind
    start: int
    end: int
    title: str  # the hover text: normalized value, speaker and chain, claim holder…
    ref: str  # groups the fragments of one annotation (data-ref), so a hover can light up all of them
    href: str | None = None  # only entities link (to their entity page)
    anchor: str | None = None  # an id put on the first fragment, for links into the text (#ev-123)


@dataclass(frozen=True)
class Fragment:
    text: str
    layers: tuple[Layer, ...]  # outermost first
    starts: frozenset[Layer]  # layers whose first character is in this fragment (they carry the anchor)


def fragments(text: str, layers: Iterable[Layer]) -> list[list[Fragment]]:
    """The text as paragraphs of fragments, each fragment covered by the same set of layers throughout.

    One sweep over the cut points, keeping the layers open at each: linear in text and layers (a 19 MB document
    with its hundred thousand annotations must not cost their product).
    """
    size = len(text)
    spans = sorted(
        (Layer(ly.kind, max(0, ly.start), min(size, ly.end), ly.title, ly.ref, ly.href, ly.anchor) for ly in layers),
        key=_layer_order,
    )
    spans = [ly for ly in spans if ly.start < ly.end]
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH_BREAK.finditer(text)]
    cuts = {0, size} | {p for s in spans for p in (s.start, s.end)} | {p for b in paragraphs for p in b}
    opening: dict[int, list[Layer]] = {}
    for ly in spans:
        opening.setdefault(ly.start, []).append(ly)
    out: list[list[Fragment]] = [[]]
    breaks = {start for start, _ in paragraphs}
    open_layers: list[Layer] = []
    next_break = 0  # index of the first paragraph break that ends after the current point
    for left, right in itertools.pairwise(sorted(cuts)):
        open_layers = [ly for ly in open_layers if ly.end > left] + opening.get(left, [])
        while next_break < len(paragraphs) and paragraphs[next_break][1] <= left:
            next_break += 1
        if left in breaks:
            out.append([])  # the break itself is not rendered as text
            continue
        if next_break < len(paragraphs) and paragraphs[next_break][0] <= left:
            continue  # an annotation boundary inside a paragraph break
        covering = tuple(sorted(open_layers, key=_layer_order))
        starts = frozenset(ly for ly in covering if ly.start == left)
        out[-1].append(Fragment(text[left:right], covering, starts))
    return [p for p in out if p]


def _layer_order(ly: Layer) -> tuple[int, int, int]:
    return (LAYER_ORDER.get(ly.kind, 9), ly.start, -ly.end)


def _open_tag(layer: Layer, *, first: bool, link: bool) -> str:
    attrs = [f'class="hl hl-{layer.kind}"', f'data-ref="{escape(layer.ref)}"', f'title="{escape(layer.title)}"']
    if first and layer.anchor:
        attrs.append(f'id="{escape(layer.anchor)}"')
    if link and layer.href:
        return f'<a href="{escape(layer.href)}" {" ".join(attrs)}>'
    return f"<span {' '.join(attrs)}>"


def _fragment_html(fragment: Fragment, seen_anchors: set[str]) -> str:
    opened: list[str] = []
    html = []
    linked = False  # one link per fragment: anchors must not nest
    for layer in fragment.layers:
        first = layer in fragment.starts and bool(layer.anchor) and layer.anchor not in seen_anchors
        if first and layer.anchor:
            seen_anchors.add(layer.anchor)
        link = bool(layer.href) and not linked
        linked = linked or link
        html.append(_open_tag(layer, first=first, link=link))
        opened.append("</a>" if link else "</span>")
    body = str(escape(fragment.text)).replace("\n", "<br>")
    return "".join(html) + body + "".join(reversed(opened))


def highlighted_html(text: str, layers: Sequence[Layer]) -> Markup:
    """The article as `<p>` paragraphs with every annotation drawn as nested spans; all text escaped."""
    seen: set[str] = set()
    paragraphs = ["".join(_fragment_html(f, seen) for f in para) for para in fragments(text, layers)]
    return Markup("".join(f"<p>{p}</p>\n" for p in paragraphs))  # every piece above is escaped


def marked_snippet(snippet: str, marks: tuple[str, str]) -> Markup:
    """An FTS snippet with its control-character highlight markers turned into <mark>, the rest escaped."""
    start, end = marks
    return Markup(str(escape(snippet)).replace(start, "<mark>").replace(end, "</mark>"))


def snippet_with_offsets(snippet: str, marks: tuple[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """The snippet as plain text plus the [start, end) offsets of its highlighted words (for JSON clients)."""
    start, end = marks
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    opened: int | None = None
    for ch in snippet:
        if ch == start:
            opened = position
        elif ch == end and opened is not None:
            spans.append((opened, position))
            opened = None
        else:
            plain.append(ch)
            position += 1
    return "".join(plain), spans
