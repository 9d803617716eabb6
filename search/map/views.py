"""The map of practices (/carte/): filters, « autour de » a commune, a map and its text alternative."""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from dsfr.forms import DsfrBaseForm

from fiches.control_characters import ControlCharactersGuard
from fiches.listing import published_fiches
from fiches.models import Academie, Dispositif, Level, SchoolYear, Theme
from fiches.visibility import audience_of
from search.map.filters import DEFAULT_KM, MAX_KM, FicheFilters, FilterError, apply_to_queryset, parse_fiche_filters
from geo.placement import describe, resolution_message
from geo.resolve import commune_choices, resolve
from geo.widgets import LEAFLET_CSS, LEAFLET_JS, tile_layer

LIST_LIMIT = 200
DATA_ATTRIBUTION = gettext_lazy(
    "Communes : INSEE, Etalab, IGN ADMIN EXPRESS, annuaire de l'administration (Licence Ouverte 2.0) ; "
    "GeoNames (CC BY 4.0)"
)


def _choices(queryset, value, label=str):
    return [("", _("Toutes"))] + [(getattr(obj, value), label(obj)) for obj in queryset]


class MapFilterForm(ControlCharactersGuard, DsfrBaseForm):
    """The fiche-list filters, plus a commune and a radius (rendered, not validated: see parse_fiche_filters)."""

    academie = forms.ChoiceField(label=gettext_lazy("Académie"), required=False)
    niveau = forms.ChoiceField(label=gettext_lazy("Niveau"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Thématique"), required=False)
    dispositif = forms.ChoiceField(label=gettext_lazy("Dispositif"), required=False)
    annee = forms.ChoiceField(label=gettext_lazy("Année scolaire"), required=False)
    commune = forms.CharField(label=gettext_lazy("Autour de la commune"), required=False,
                              help_text=gettext_lazy("Ex. « Agen » ou « Saint-Denis (974) »"))
    km = forms.IntegerField(label=gettext_lazy("Rayon (km)"), required=False, min_value=1, max_value=int(MAX_KM))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academie"].choices = _choices(
            Academie.objects.filter(page__isnull=False).order_by("valid_to", "name"), "code")
        self.fields["niveau"].choices = _choices(Level.objects.all(), "slug")
        self.fields["theme"].choices = _choices(Theme.objects.all(), "slug")
        self.fields["dispositif"].choices = _choices(Dispositif.objects.all(), "slug")
        self.fields["annee"].choices = _choices(SchoolYear.objects.all(), "code")


def _near(params, notices: list, errors: list, choices: list):
    """Replace the ``commune`` parameter by ``near`` when the gazetteer knows the commune; return it.

    A name that may mean several communes adds them to ``choices`` as (label, query string).
    """
    query = params.pop("commune", [""])[-1].strip()
    if not query:
        return None
    resolution = resolve(query)
    if meant := commune_choices(resolution):
        # « Clermont » is Clermont (60) and Clermont-Ferrand (63): offer the choice rather than pick one.
        errors.append(_("« %(query)s » peut désigner plusieurs communes : choisissez-en une.") % {"query": query})
        for commune in meant:
            choice = params.copy()
            choice["commune"] = f"{commune.name} ({commune.dep})"
            choices.append((describe(commune), choice.urlencode()))
        return None
    if resolution.status not in ("exact", "fuzzy") or not resolution.best.commune.has_point:
        errors.append(resolution_message(query, resolution)[0])
        return None
    commune = resolution.best.commune
    params["near"] = f"{commune.lat},{commune.lon}"
    if resolution.status == "fuzzy":
        notices.append(_("« %(query)s » a été compris comme %(name)s.") % {"query": query, "name": describe(commune)})
    return commune


def map_page(request):
    params = request.GET.copy()
    notices, errors, choices = [], [], []
    commune = _near(params, notices, errors, choices)
    try:
        filters = parse_fiche_filters(params)
    except FilterError as error:
        errors.append(error.message)
        params, filters, commune = params.__class__(), FicheFilters(), None
    fiches = apply_to_queryset(published_fiches(audience_of(request)), filters).order_by("title")
    count = fiches.count()
    config = {
        "apiUrl": reverse("fiches_geojson") + (f"?{params.urlencode()}" if params else ""),
        "tiles": tile_layer(),
        "dataAttribution": str(DATA_ATTRIBUTION),
        "near": {"lat": filters.near[0], "lon": filters.near[1], "km": filters.km} if filters.near else None,
        "labels": {
            "fiches": _("%(count)s fiches ici : zoomez pour les voir"),
            "shown": _("%(count)s fiches sur la carte"),
            "error": _("Les fiches n'ont pas pu être chargées sur la carte ; la liste ci-dessous reste disponible."),
            "structure": _("Structure"),
            "commune": _("Commune"),
        },
    }
    form = MapFilterForm(initial={"km": int(DEFAULT_KM), **request.GET.dict()})
    return TemplateResponse(request, "geo/map.html", {
        "title": _("Carte des pratiques"),
        "form": form,
        "notices": notices,
        "errors": errors,
        "near_choices": choices,
        "commune": describe(commune) if commune else "",
        "km": filters.km,
        "fiches": fiches[:LIST_LIMIT],
        "count": count,
        "list_limit": LIST_LIMIT,
        "config": config,
        "leaflet": {"css": LEAFLET_CSS, "js": LEAFLET_JS},
        "data_attribution": DATA_ATTRIBUTION,
    })
