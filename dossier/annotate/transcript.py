"""Transcript turns: a paragraph opening with a speaker label in capitals ("WALLACE: Let's start …").

Interview and debate transcripts inside news name each turn's speaker by a label, not by a verb; the turn is
that speaker's words, whether or not the paragraph is wrapped in quote marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.annotate.quotemarks import paragraphs

LABEL = re.compile(r"^[\"“]?((?:[A-Z][A-Z.'’-]+ ){0,2}[A-Z][A-Z.'’-]+):\s+(?=\S)")
MIN_LABEL_CHARS = 3  # "Q:" and "A:" are questions and answers, not names


@dataclass(frozen=True)
class Turn:
    label: str  # as written: "WALLACE", "SEN. WARREN"
    label_start: int
    start: int  # the first word of what is said
    end: int


def transcript_turns(text: str) -> list[Turn]:
    """Every labelled turn; a lone labelled paragraph in ordinary prose is not a transcript and is skipped."""
    turns = []
    for start, end in paragraphs(text):
        m = LABEL.match(text[start:end])
        if m is None or len(m.group(1)) < MIN_LABEL_CHARS:
            continue
        body = text[start + m.end() : end].rstrip()
        stripped = body.rstrip('”"')
        turns.append(Turn(m.group(1), start + m.start(1), start + m.end(), start + m.end() + len(stripped)))
    return turns if len({t.label for t in turns}) >= 2 or len(turns) >= 3 else []
