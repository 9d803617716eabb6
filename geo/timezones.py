"""The legal time zone of a place, from its département code.

Events are held at a place, and their times are written in that place's time zone:
a meeting at 14:00 in Saint-Denis de La Réunion is 14:00 Indian/Reunion, not Paris time.
Metropolitan France (and Corsica) is Europe/Paris; each overseas département or
collectivity has its own IANA zone.
"""

from __future__ import annotations

METROPOLITAN_ZONE = "Europe/Paris"

OVERSEAS_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}


def time_zone_for(departement: str | None) -> str:
    """IANA name of the time zone of département ``departement`` (Europe/Paris when unknown)."""
    return OVERSEAS_ZONES.get((departement or "").strip(), METROPOLITAN_ZONE)
