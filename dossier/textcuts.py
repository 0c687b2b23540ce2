"""Long texts cut into pieces at paragraph breaks: for annotation (spaCy's length limit) and the reader's pages."""

from __future__ import annotations

MIN_PIECE_SHARE = 0.5  # a cut is looked for in the second half of a piece; earlier would make pieces tiny


def text_pieces(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering the text exactly, cut at a blank line, else a line end, else a space."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        floor = start + int(size * MIN_PIECE_SHARE)
        cut = -1
        for mark in ("\n\n", "\n", " "):
            cut = text.rfind(mark, floor, start + size)
            if cut != -1:
                cut += len(mark)
                break
        end = cut if cut > start else start + size
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces
