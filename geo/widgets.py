"""Admin side of placement: a map widget to correct a position, and the map tiles.

``MapPointWidget`` renders the latitude input with a Leaflet map (served
from geo/static/geo/vendor/): clicking the map or dragging the marker fills
the latitude and longitude inputs and sets the precision select to
"manual". The establishment form that uses it lives with the model, in
``fiches/establishment_form.py``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

DEFAULT_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILES_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>'
LEAFLET_CSS = "geo/vendor/leaflet/leaflet.css"
LEAFLET_JS = "geo/vendor/leaflet/leaflet.js"


def tile_layer() -> dict:
    """Tile URL template and attribution (settings ACCROCHE_MAP_TILES_URL / ACCROCHE_MAP_ATTRIBUTION), and the
    prefix of the map's attribution control: Leaflet's link, with a French title instead of Leaflet's English one."""
    return {
        "url": getattr(settings, "ACCROCHE_MAP_TILES_URL", "") or DEFAULT_TILES_URL,
        "attribution": getattr(settings, "ACCROCHE_MAP_ATTRIBUTION", "") or DEFAULT_TILES_ATTRIBUTION,
        "prefix": format_html('<a href="https://leafletjs.com" hreflang="en" title="{}">Leaflet</a>',
                              _("Une bibliothèque JavaScript de cartes interactives")),
    }


class MapPointWidget(forms.NumberInput):
    """Latitude input with a map that also drives the longitude and precision inputs."""

    template_name = "geo/map_point_widget.html"

    def __init__(self, longitude_field: str = "longitude", precision_field: str = "location_precision", attrs=None):
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.longitude_field = longitude_field
        self.precision_field = precision_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        input_id = context["widget"]["attrs"].get("id", f"id_{name}")
        context["widget"].update(
            longitude_id=input_id.replace(name, self.longitude_field),
            precision_id=input_id.replace(name, self.precision_field),
            tiles=tile_layer(),
            help=_("Cliquez sur la carte ou déplacez le marqueur pour corriger la position."),
        )
        return context

    @property
    def media(self):
        return forms.Media(css={"all": [LEAFLET_CSS, "geo/map-point-widget.css"]},
                           js=[LEAFLET_JS, "geo/map-point-widget.js"])
