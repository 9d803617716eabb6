"""Académies as dated records, and the académie of a département at a date.

``geo/data/academies.json`` holds one object per académie (code, name,
region, départements, valid_from, valid_to, kind). ``valid_from: null`` means
"since before any date this registry deals with", ``valid_to: null`` means
"current". Dates are inclusive.

History kept:

* Caen (14, 50, 61) and Rouen (27, 76) until 2019-12-31, then Normandie
  from 2020-01-01 (merger of the two académies).
* Mayotte (976) is an académie from 2020-01-01. Before, it was served by a
  vice-rectorat: we keep it as a record of kind "vice-rectorat" with code
  ``vice-rectorat-mayotte`` so that past fiches still get a moderation
  authority, while filters on académies can leave it out by ``kind``.

Territories without an académie (Saint-Pierre-et-Miquelon, Polynésie,
Nouvelle-Calédonie, Wallis-et-Futuna, Saint-Barthélemy, Saint-Martin...)
return None.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "academies.json"


@lru_cache(maxsize=1)
def load_academies() -> tuple[dict, ...]:
    """All académie records, current and historical."""
    with open(DATA_FILE, encoding="utf-8") as fh:
        return tuple(json.load(fh))


def _as_date(value: dt.date | dt.datetime | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _valid_on(record: dict, day: dt.date) -> bool:
    start, end = record.get("valid_from"), record.get("valid_to")
    if start and day < dt.date.fromisoformat(start):
        return False
    if end and day > dt.date.fromisoformat(end):
        return False
    return True


def academies_on(on_date: dt.date | str | None = None) -> list[dict]:
    """Académies (and vice-rectorats) in force on *on_date* (default: today)."""
    day = _as_date(on_date)
    return [r for r in load_academies() if _valid_on(r, day)]


def normalize_departement(code: str | int) -> str:
    """"1" -> "01", "2a" -> "2A", 974 -> "974"."""
    code = str(code).strip().upper()
    if code.isdigit() and len(code) == 1:
        return "0" + code
    return code


@lru_cache(maxsize=4096)
def _academie_for(dep: str, day: dt.date) -> str | None:
    for record in load_academies():
        if dep in record["departements"] and _valid_on(record, day):
            return record["code"]
    return None


def academie_for(departement_code: str | int, on_date: dt.date | str | None = None) -> str | None:
    """Code of the académie of a département on a date (default: today), or None."""
    return _academie_for(normalize_departement(departement_code), _as_date(on_date))


def get_academie(code: str) -> dict | None:
    """The record of an académie code (current or historical)."""
    return next((r for r in load_academies() if r["code"] == code), None)
