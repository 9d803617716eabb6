"""Admin side of placement: a map widget to correct a position, and the establishment form.

``MapPointWidget`` renders the latitude input with a Leaflet map (served
from geo/static/geo/vendor/): clicking the map or dragging the marker fills
the latitude and longitude inputs and sets the precision select to
"manual". ``EstablishmentForm`` places an establishment from its commune
when the commune changes (see :mod:`geo.placement`), refuses an ambiguous,
unknown or fuzzy commune with the candidates, and keeps a position placed
by hand.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from geo.placement import place_establishment

DEFAULT_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILES_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>'
LEAFLET_CSS = "geo/vendor/leaflet/leaflet.css"
LEAFLET_JS = "geo/vendor/leaflet/leaflet.js"
PLACE_FIELDS = ("commune", "commune_insee", "departement")
POSITION_FIELDS = ("commune_insee", "departement", "latitude", "longitude", "location_precision")


def tile_layer() -> dict:
    """Tile URL template and attribution (settings ACCROCHE_MAP_TILES_URL / ACCROCHE_MAP_ATTRIBUTION)."""
    return {
        "url": getattr(settings, "ACCROCHE_MAP_TILES_URL", "") or DEFAULT_TILES_URL,
        "attribution": getattr(settings, "ACCROCHE_MAP_ATTRIBUTION", "") or DEFAULT_TILES_ATTRIBUTION,
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


class EstablishmentForm(WagtailAdminModelForm):
    """Admin form of an establishment; see the module docstring."""

    def clean(self):
        data = super().clean()
        changed = set(self.changed_data)
        has_point = data.get("latitude") is not None and data.get("longitude") is not None
        if has_point and changed & {"latitude", "longitude"}:
            data["location_precision"] = self.instance.Precision.MANUAL
            return data
        if not data.get("commune") or not (changed & set(PLACE_FIELDS) or not has_point):
            return data
        keep = set(PLACE_FIELDS) if "commune" not in changed else changed & set(PLACE_FIELDS)
        probe = self._meta.model(**{f: data.get(f) or "" for f in PLACE_FIELDS if f in keep})
        placement = place_establishment(probe)
        if not placement.placed or placement.status == "fuzzy":
            self.add_error("commune", f"{placement.warning} "
                           + _("Corrigez la commune ou placez l'établissement sur la carte."))
            return data
        data.update({f: getattr(probe, f) for f in POSITION_FIELDS})
        return data
