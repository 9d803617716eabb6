"""The commune, département and académie of a place as a fiche writes it (« AGEN- Lot et Garonne »)."""
from __future__ import annotations

from geo.academies import load_academies
from geo.geocoders import OfflineGazetteer

from .headings import normalize


def locate(text: str) -> dict:
    """Lead-structure fields (fiche-1) for a written place, from the offline gazetteer;
    empty when the commune is unknown or ambiguous."""
    location = OfflineGazetteer().geocode(text)
    if location is None:
        return {}
    raw = location.raw
    return {
        "commune": raw["name"],
        "commune_insee": raw["insee"],
        "departement": raw["departement"],
        "academie": raw["academie"],
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


def academie_code(text: str) -> str | None:
    """The code of an académie written by name or code (« Bordeaux », « académie de Bordeaux »)."""
    words = normalize(text)
    for prefix in ("academie de ", "academie d ", "academie "):
        words = words.removeprefix(prefix)
    for record in load_academies():
        if words in (normalize(record["name"]), normalize(record["code"])):
            return record["code"]
    return None
