"""Build dossier/web/static/map/world.svg: every country's outline from countryinfo's GeoJSON, projected
equirectangularly onto a 1000×500 box and rounded to whole units, so the map ships in the package (no tiles).

Run once when countryinfo changes: .venv/bin/python scripts/build_world_map.py
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

import countryinfo

WIDTH, HEIGHT = 1000, 500  # the viewBox the map page draws places on (dossier/web/places.py uses the same)
OUT = Path(__file__).resolve().parent.parent / "dossier" / "web" / "static" / "map" / "world.svg"
MIN_POINTS = 3  # a ring that rounds to fewer points is an islet smaller than a unit


def projected(ring: Iterable[list[float]]) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for lon, lat, *_ in ring:
        point = (round((lon + 180) * WIDTH / 360), round((90 - lat) * HEIGHT / 180))
        if not points or point != points[-1]:
            points.append(point)
    return points


def rings(geometry: dict) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def country_path(info: dict) -> str:
    parts = []
    for feature in (info.get("geoJSON") or {}).get("features", []):
        for ring in rings(feature["geometry"]):
            points = projected(ring)
            if len(points) >= MIN_POINTS:
                parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
    return "".join(parts)


def main() -> None:
    paths = []
    for info in sorted((c.info() for c in countryinfo.all_countries()), key=lambda i: str(i.get("name"))):
        d = country_path(info)
        if d:
            paths.append(f'<path d="{d}"><title>{escape(str(info["name"]))}</title></path>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" id="world">'
        '<g fill="#e8e4da" stroke="#a9a496" stroke-width="0.4">' + "".join(paths) + "</g></svg>\n"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(svg, encoding="utf-8")
    print(f"{OUT}: {len(paths)} countries, {len(svg) // 1024} KiB")


if __name__ == "__main__":
    main()
