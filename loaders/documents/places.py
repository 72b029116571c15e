"""China's provinces and prefecture-level cities, read from the reference list regions.tsv.

Administrative geography, not a genre rule: which province a city belongs to, so that a
city a document names can be placed in its province.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["leading_place", "place_before", "place_named", "province_of", "provinces"]

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


_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@functools.cache
def _forms() -> dict[str, str]:
    """Every listed province and city, full and short (山东省, 山东; 济南市, 济南) → full."""
    out: dict[str, str] = {}
    for province, cities in _table().items():
        for name in (province, *cities):
            out.setdefault(name, name)
            out.setdefault(_short(name), name)
    return out


def leading_place(name: str, extra: dict[str, str] | None = None) -> tuple[str, str] | None:
    """The listed province or city a name opens with, as (written form, full name); ``extra``
    adds places known elsewhere (written form → full name)."""
    forms = dict(_forms())
    if extra:
        forms.update(extra)
    for k in range(min(len(name) - 1, 8), 1, -1):
        full = forms.get(name[:k])
        if full:
            return name[:k], full
    return None


def place_before(text: str, pos: int) -> tuple[str, int] | None:
    """The listed province or city written just before ``pos`` (…河南省|X): its full name
    and how many characters it takes."""
    forms = _forms()
    for k in range(min(pos, 8), 1, -1):
        full = forms.get(text[pos - k : pos])
        if full:
            return full, k
    return None


def place_named(name: str) -> str | None:
    """The full name of a listed province or city written ``name`` (山东 → 山东省)."""
    return _forms().get(name)
