"""Admin form of an establishment: placed from its commune, or at its known seat.

The form places an establishment from its commune when the commune changes (see
:mod:`geo.placement`), refuses an ambiguous, unknown or fuzzy commune with the candidates,
and keeps a position placed by hand. A structure given without commune nor position
(« CIO de Verdun », « DSDEN du Gard ») is placed at its known seat (:mod:`geo.seats`) when
its kind or name tells it; otherwise it stays « à placer ».

A moderator changes only the structures of the académies they moderate: the form offers those
académies and refuses a département that would place the structure in another one.
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from geo.academies import academie_for
from geo.placement import place_establishment

from .models.academies import Academie

PLACE_FIELDS = ("commune", "commune_insee", "departement")
POSITION_FIELDS = ("commune_insee", "departement", "latitude", "longitude", "location_precision")
SEAT_FIELDS = ("commune", *POSITION_FIELDS)


class EstablishmentForm(WagtailAdminModelForm):
    """Admin form of an establishment; see the module docstring."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is not None and not user.is_superuser and "academie" in self.fields:
            from fiches.roles import structure_academie_ids

            field = self.fields["academie"]
            field.queryset = field.queryset.filter(pk__in=structure_academie_ids(user))

    def clean(self):
        data = self._placed(super().clean())
        self._refuse_other_academies(data)
        return data

    def _refuse_other_academies(self, data):
        """The académie the structure would belong to once saved (Establishment.save derives it from the
        département) must be one the user moderates."""
        user = getattr(self, "for_user", None)
        code = academie_for(data["departement"]) if data.get("departement") else None
        if user is None or user.is_superuser or code is None:
            return
        from fiches.roles import structure_academie_ids

        academie = Academie.objects.filter(code=code).first()
        if academie is not None and academie.pk not in structure_academie_ids(user):
            self.add_error("departement", _(
                "Ce département relève de l'académie %(academie)s, que vous ne modérez pas : seuls ses "
                "modérateurs y rattachent une structure.") % {"academie": academie.name})

    def _placed(self, data):
        """``data`` with the position and département found from the commune (or the seat)."""
        changed = set(self.changed_data)
        has_point = data.get("latitude") is not None and data.get("longitude") is not None
        if has_point and changed & {"latitude", "longitude"}:
            data["location_precision"] = self.instance.Precision.MANUAL
            return data
        if not data.get("commune") and not has_point:
            return self._at_seat(data)
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

    def _at_seat(self, data):
        """No commune, no point: the structure's seat when its kind or name gives one."""
        probe = self._meta.model(name=data.get("name") or "", kind=data.get("kind") or "",
                                 academie=data.get("academie"))
        if place_establishment(probe).status == "seat":
            data.update({f: getattr(probe, f) for f in SEAT_FIELDS})
        return data
