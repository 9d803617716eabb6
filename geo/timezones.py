"""The legal time zone of a place, from its département code.

Events are held at a place, and their times are written in that place's time zone:
a meeting at 14:00 in Saint-Denis de La Réunion is 14:00 Indian/Reunion, not Paris time.
Metropolitan France (and Corsica) is Europe/Paris; each overseas département or
collectivity has its own IANA zone.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

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


def french_time_zone_choices() -> list[tuple[str, str]]:
    """The time zones of France's territories, each named by its place, Paris first.

    A school's form offers these twelve rather than the 600 zones of the IANA database.
    """
    names = {
        METROPOLITAN_ZONE: _("Métropole et Corse"), "America/Guadeloupe": _("Guadeloupe"),
        "America/Martinique": _("Martinique"), "America/Cayenne": _("Guyane"), "Indian/Reunion": _("La Réunion"),
        "America/Miquelon": _("Saint-Pierre-et-Miquelon"), "Indian/Mayotte": _("Mayotte"),
        "America/St_Barthelemy": _("Saint-Barthélemy"), "America/Marigot": _("Saint-Martin"),
        "Pacific/Wallis": _("Wallis-et-Futuna"), "Pacific/Tahiti": _("Polynésie française"),
        "Pacific/Noumea": _("Nouvelle-Calédonie"),
    }
    return [(zone, format_lazy("{} ({})", name, zone)) for zone, name in names.items()]
