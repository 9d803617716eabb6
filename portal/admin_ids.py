"""Object ids of Wagtail's administration that are not ids at all (``abc``): a 404 or a form error, never a 500.

Wagtail hands such a value to the database as it came (``Model.objects.get(pk="abc")``): Django raises
ValueError, a 500, before any lookup. It did, for any signed-in admin user, on:

- the URLs that carry an id as text: ``…/chooser/chosen/<pk>/`` (snippets, documents, images),
  ``…/chosen-multiple/?id=`` (and the page chooser's), the bulk actions' ``?id=`` (and ``?childOf=``),
  the editing-session ping, the admin API's ``…/find/?id=``.

:class:`AdminMalformedIdMiddleware` answers those with a 404 when one of these values is no primary key
of the view's model (known from the route's app and model, or from the view's ``model``); otherwise the
view runs, and answers its own 404 for an id of nothing. Routes whose converter is ``<int:…>`` never
resolve with such a value.

The chooser widgets (page, snippet, image, document) did too, when a form is shown again after a post
with such a value (``academie=abc`` in a snippet, ``root_page=abc`` in a site, ``new_parent_page=abc``
when moving a page): they looked it up to draw the chosen item. :func:`tolerate_malformed_chooser_values`
(called from ``HomeConfig.ready``) makes them draw nothing chosen; the form's field refuses the value with
Django's own sentence (« Sélectionnez un choix valide… »), and nothing is saved.
"""
from __future__ import annotations

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.http import Http404

from fiches.primary_keys import is_primary_key

from .admin_next import ADMIN_PREFIX

#: Path arguments that name one object by its primary key, as text (``<str:pk>``).
ID_KWARGS = ("pk", "object_id")
#: Views that read primary keys from ``?id=`` (bulk actions: « all » too, with ``?childOf=``; the admin API's
#: ``find/`` one).
BULK_ACTIONS = "wagtail_bulk_action"
ID_LIST_VIEWS = {"chosen_multiple", "wagtailadmin_choose_page_chosen_multiple", BULK_ACTIONS, "find"}


def _view_model(request, view_func, view_kwargs):
    """The model whose ids the admin view reads, or None when it is not told."""
    if "app_label" in view_kwargs and "model_name" in view_kwargs:
        try:
            return apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        except (LookupError, ValueError):
            return None  # the view answers its own 404
    if request.resolver_match.url_name == "wagtailadmin_choose_page_chosen_multiple":
        from wagtail.models import Page

        return Page
    while not hasattr(view_func, "view_initkwargs") and not hasattr(view_func, "cls") and hasattr(view_func, "__wrapped__"):
        view_func = view_func.__wrapped__
    model = getattr(view_func, "view_initkwargs", {}).get("model") or getattr(getattr(view_func, "cls", None), "model", None)
    if isinstance(model, str):
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError):
            return None
    return model


class AdminMalformedIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PREFIX) or request.resolver_match is None:
            return None
        name = request.resolver_match.url_name
        ids = [unquote(view_kwargs[key]) for key in ID_KWARGS if isinstance(view_kwargs.get(key), str)]
        if name in ID_LIST_VIEWS:
            ids += [value for value in request.GET.getlist("id") if not (name == BULK_ACTIONS and value == "all")]
        parents = request.GET.getlist("childOf") if name == BULK_ACTIONS else []
        if not ids and not parents:
            return None
        model = _view_model(request, view_func, view_kwargs)
        if model is None:
            return None
        if parents:
            # « all » of a listing: its parent page, or for images and documents its collection.
            from wagtail.models import Collection, Page

            parent_model = Page if issubclass(model, Page) else Collection
            ids_of = [(model, value) for value in ids] + [(parent_model, value) for value in parents]
        else:
            ids_of = [(model, value) for value in ids]
        if not all(is_primary_key(of, value) for of, value in ids_of):
            raise Http404("Identifiant mal formé.")
        return None


def tolerate_malformed_chooser_values() -> None:
    """A chooser widget given a value that is no primary key of its model draws nothing chosen."""
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.get_instance, "tolerant", False):
        return
    lookup = BaseChooser.get_instance

    def get_instance(self, value):
        if value is not None and not isinstance(value, self.model_class) and not is_primary_key(self.model_class, value):
            return None
        return lookup(self, value)

    get_instance.tolerant = True
    BaseChooser.get_instance = get_instance
