"""China's provinces and prefecture-level cities, read from the reference list regions.tsv.

Administrative geography, not a genre rule: which province a city belongs to, so that a
city a document names can be placed in its province.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["province_of", "provinces"]

_FILE = Path(__file__).with_name("regions.tsv")


@functools.cache
def _table() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in _FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        province, _tab, cities = line.partition("\t")
        out[province.strip()] = cities.split()
    return out


def provinces() -> list[str]:
    """Every provincial-level division's full name (山东省, 北京市, 广西壮族自治区 …)."""
    return list(_table())


@functools.cache
def _city_index() -> dict[str, str]:
    return {city: province for province, cities in _table().items() for city in cities}


def province_of(city: str) -> str | None:
    """The province a prefecture-level city (full name, 某某市) belongs to, if listed."""
    return _city_index().get(city)
