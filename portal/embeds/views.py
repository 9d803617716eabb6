"""/integrer/: build, change or remove a widget and copy its snippet; the embedded widget and its GeoJSON.

The embedded views render from the widget alone (no form, no CSRF token, no user) and are
:func:`~portal.embeds.cookieless.cookieless`: the framing site's visitors get nothing stored.
"""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Max, Min
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_GET, require_POST

from geo.widgets import LEAFLET_CSS, LEAFLET_JS, tile_layer
from portal.create_once import warn_if_resent_with_changes
from search.map.api import (feature_collection, fiche_rows, parse_bbox, parse_zoom, placed, sections,
                            sql_clustered_collection)
from search.map.filters import LAT, LON, FilterError
from search.map.views import DATA_ATTRIBUTION

from .cookieless import cookieless
from .forms import WidgetForm
from .framing import allow_framing_by
from .models import Widget
from .permissions import can_manage, can_register, managed_academie_ids, manageable_networks
from .selection import LIST_LIMIT, widget_fiches


def snippet(request, widget: Widget) -> str:
    """The one line a site pastes: an iframe with a title for screen readers."""
    from django.utils.html import format_html

    height = 600 if widget.kind == Widget.Kind.MAP else 500
    return format_html('<iframe src="{}" title="{}" width="100%" height="{}" style="border:0" loading="lazy">'
                       '</iframe>', request.build_absolute_uri(widget.get_absolute_url()), widget.title, height)


def _managed_widgets(user):
    if not user.is_authenticated:
        return []
    widgets = Widget.objects.filter(network__in=manageable_networks(user)) | Widget.objects.filter(
        network__isnull=True, academie__in=managed_academie_ids(user))
    return widgets.select_related("network", "academie", "theme").distinct()


def builder(request):
    """Explains widgets; lets a network coordinator or an académie moderator register one and copy it."""
    allowed = can_register(request.user)
    form = WidgetForm(request.POST or None, user=request.user) if allowed else None
    if request.method == "POST" and form is not None and form.is_valid():
        form.instance.created_by = request.user
        widget = form.save_once()
        warn_if_resent_with_changes(request, form)
        messages.success(request, _("Widget « %(title)s » enregistré : copiez son code ci-dessous.")
                         % {"title": widget.title})
        return redirect(f"{reverse('embeds:builder')}#widget-{widget.key}")
    widgets = [(widget, snippet(request, widget)) for widget in _managed_widgets(request.user)]
    return TemplateResponse(request, "embeds/builder.html", {
        "title": _("Intégrer les fiches à votre site"), "form": form, "can_register": allowed, "widgets": widgets,
    }, status=400 if form is not None and form.errors else 200)


def fiche_bounds(fiches) -> list | None:
    """[[south, west], [north, east]] of the placed fiches, for the map to open on them; None if none is placed."""
    box = placed(fiches).aggregate(south=Min(LAT), west=Min(LON), north=Max(LAT), east=Max(LON))
    return None if box["south"] is None else [[box["south"], box["west"]], [box["north"], box["east"]]]


def _managed_widget(request, key) -> Widget:
    widget = get_object_or_404(Widget, key=key)
    if not can_manage(request.user, widget):
        raise PermissionDenied
    return widget


def edit(request, key):
    """Change what a widget shows or the sites that may show it."""
    widget = _managed_widget(request, key)
    form = WidgetForm(request.POST or None, instance=widget, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Widget « %(title)s » modifié.") % {"title": widget.title})
        return redirect(f"{reverse('embeds:builder')}#widget-{widget.key}")
    return TemplateResponse(request, "embeds/edit.html", {"title": _("Modifier le widget"), "form": form,
                                                          "widget": widget}, status=400 if form.errors else 200)


@require_POST
def delete(request, key):
    widget = _managed_widget(request, key)
    widget.delete()
    messages.success(request, _("Widget « %(title)s » supprimé : les sites qui l'affichaient ne le montrent plus.")
                     % {"title": widget.title})
    return redirect("embeds:builder")


@cookieless
@require_GET
def widget_view(request, key):
    widget = get_object_or_404(Widget.objects.select_related("network", "academie", "theme"), key=key)
    context = {"title": widget.title, "widget": widget}
    if widget.kind == Widget.Kind.MAP:
        context["config"] = {
            "apiUrl": reverse("embeds:geojson", args=[widget.key]),
            "tiles": tile_layer(),
            "dataAttribution": str(DATA_ATTRIBUTION),
            "near": None,
            "bounds": fiche_bounds(widget_fiches(widget)),
            "labels": {
                "fiches": _("%(count)s fiches ici : zoomez pour les voir"),
                "shown": _("%(count)s fiches sur la carte"),
                "error": _("Les fiches n'ont pas pu être chargées sur la carte."),
                "structure": _("Structure"),
                "commune": _("Commune"),
            },
        }
        context["leaflet"] = {"css": LEAFLET_CSS, "js": LEAFLET_JS}
    else:
        fiches = widget_fiches(widget).order_by("title")
        context.update(count=fiches.count(), fiches=fiches[:LIST_LIMIT], list_limit=LIST_LIMIT)
    return allow_framing_by(TemplateResponse(request, "embeds/widget.html", context), widget.origins)


@cookieless
@require_GET
def widget_geojson(request, key):
    widget = get_object_or_404(Widget, key=key, kind=Widget.Kind.MAP)
    try:
        zoom = parse_zoom(request.GET.get("zoom", "").strip())
        bbox = parse_bbox(request.GET.get("bbox", "").strip())
    except FilterError as error:
        return JsonResponse({"error": error.message, "parameter": error.parameter}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    fiches, sections_by_path = widget_fiches(widget), sections(request)
    data = (sql_clustered_collection(placed(fiches, bbox), zoom, sections_by_path)
            or feature_collection(fiche_rows(fiches, bbox), zoom, sections_by_path))
    return allow_framing_by(JsonResponse(data, content_type="application/geo+json; charset=utf-8",
                                         json_dumps_params={"ensure_ascii": False}), widget.origins)
