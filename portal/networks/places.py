"""Where an event takes place: its point on the map and its time zone, through geo/."""
from __future__ import annotations

from geo.placement import resolution_message
from geo.resolve import resolve
from geo.timezones import time_zone_for


def locate_event(event) -> str:
    """Fill ``event``'s position, département and time zone from its host establishment or commune.

    Returns a French error message when the commune cannot be placed (then nothing is changed),
    an empty string otherwise. Nothing is saved.
    """
    host = event.establishment
    if host is not None and host.has_position:
        event.latitude, event.longitude = host.latitude, host.longitude
        event.commune = event.commune or host.commune
        event.departement = host.departement or event.departement
    elif event.commune:
        resolution = resolve(event.commune, departement=event.departement or None)
        best = resolution.best
        if resolution.status not in ("exact", "fuzzy") or best is None or not best.commune.has_point:
            return resolution_message(event.commune, resolution)[0]
        event.latitude, event.longitude = best.commune.lat, best.commune.lon
        event.commune, event.departement = best.commune.name, best.commune.dep
    event.time_zone = time_zone_for(event.departement)
    return ""
