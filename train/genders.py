"""Build dossier/annotate/data/first_names.tsv: first-name gender from the US Census 1990 name lists.

The lists ship inside the PyPI package `names` 0.3.0 (dist.male.first, dist.female.first: name, frequency per
100 people, …; Census data is public domain). A name is kept for the gender that is at least DOMINANCE times as
frequent as the other; names common for both ("Jordan", "Kim") are left out, so they agree with either.

    python train/genders.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import names  # type: ignore[import-untyped]

DOMINANCE = 4.0  # a 4:1 majority: rarer mixed use does not make "James" ambiguous, "Jordan" stays out
OUT = Path(__file__).resolve().parents[1] / "dossier" / "annotate" / "data" / "first_names.tsv"


def frequencies(path: Path) -> dict[str, float]:
    rows = (line.split() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {r[0].lower(): float(r[1]) for r in rows}


def main() -> int:
    folder = Path(names.__file__).parent
    male, female = frequencies(folder / "dist.male.first"), frequencies(folder / "dist.female.first")
    rows = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= DOMINANCE * f:
            rows.append(f"{name}\tmale")
        elif f >= DOMINANCE * m:
            rows.append(f"{name}\tfemale")
    header = "# first name\tgender (US Census 1990 via PyPI `names` 0.3.0; built by train/genders.py)\n"
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
