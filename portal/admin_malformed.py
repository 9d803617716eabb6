"""Malformed requests to Wagtail's administration are answered before Wagtail's views take them for whole:
a 404, a 403, a 405 or the form again, never a 500.

Found by sweeps of every admin URL with every method, as each role that signs in, on the production deployment.
:class:`AdminMalformedRequestMiddleware` runs two checks before the view.

Object ids that are not ids at all (``abc``), :func:`refuse_malformed_ids`. Wagtail hands such a value to the
database as it came (``Model.objects.get(pk="abc")``): Django raises ValueError before any lookup. It did on
the URLs that carry an id as text: ``…/chooser/chosen/<pk>/`` (snippets, documents, images),
``…/chosen-multiple/?id=`` (and the page chooser's), the bulk actions' ``?id=`` (and ``?childOf=``), the
editing-session ping, the admin API's ``…/find/?id=``. When one of these values is no primary key of the view's
model (known from the route's app and model, or from the view's ``model``): a 404. Otherwise the view runs, and
answers its own 404 for an id of nothing. Routes whose converter is ``<int:…>`` never resolve with such a value.

Requests lacking what the view takes for granted, :func:`answer_incomplete_request`:

- ``pages/<id>/revisions/0/revert/``: the editor reads revision 0 as « not reverting » (``bool(0)``) and then
  draws the revision it did not fetch (AttributeError). No revision has id 0: a 404, as for any id of nothing.
- ``pages/<root>/set_position/`` (POST): the tree's root has no parent whose children could be reordered
  (AttributeError on ``None``). Nobody may reorder there: a 403.
- ``choose-external-link/`` (POST) without its URL field: the field's validator reads ``None`` as text
  (AttributeError). The field is taken as blank: the form comes back with the field's « required » error.
- ``snippets/choose/<app>/<model>/create/`` (POST): a snippet chooser has no creation form (AttributeError on
  ``None``): a 404, as the chooser shows no such tab.
- DELETE, PUT or PATCH: Wagtail's generic delete view deletes on DELETE without the in-use check its form makes
  on POST (ProtectedError for an académie still in use); its screens send none of them: a 405.

The chooser widgets (page, snippet, image, document) failed on malformed ids too, when a form is shown again
after a post with such a value (``academie=abc`` in a snippet, ``root_page=abc`` in a site,
``new_parent_page=abc`` when moving a page): they looked it up to draw the chosen item.
:func:`tolerate_malformed_chooser_values` (called from ``HomeConfig.ready``) makes them draw nothing chosen;
the form's field refuses the value with Django's own sentence (« Sélectionnez un choix valide… »), and nothing
is saved.
"""
from __future__ import annotations

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from fiches.primary_keys import is_primary_key

from .admin_next import ADMIN_PREFIX

#: Path arguments that name one object by its primary key, as text (``<str:pk>``).
ID_KWARGS = ("pk", "object_id")
#: Views that read primary keys from ``?id=`` (bulk actions: « all » too, with ``?childOf=``; the admin API's
#: ``find/`` one).
BULK_ACTIONS = "wagtail_bulk_action"
ID_LIST_VIEWS = {"chosen_multiple", "wagtailadmin_choose_page_chosen_multiple", BULK_ACTIONS, "find"}

REVISION_VIEWS = {"wagtailadmin_pages:revisions_revert"}
SET_POSITION = "wagtailadmin_pages:set_page_position"
EXTERNAL_LINK = "wagtailadmin_choose_page_external_link"
EXTERNAL_LINK_URL = "external-link-chooser-url"  # the form's prefix and field
#: The methods Wagtail's administration answers; its screens send no other.
ADMIN_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
#: What tells a chooser's creation view it has a form (class attributes or ``as_view()`` arguments).
CREATION_FORM_ATTRIBUTES = ("creation_form_class", "form_fields", "exclude_form_fields")


class AdminMalformedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PREFIX) or request.resolver_match is None:
            return None
        refuse_malformed_ids(request, view_func, view_kwargs)
        return answer_incomplete_request(request, view_func, view_kwargs)


def refuse_malformed_ids(request, view_func, view_kwargs) -> None:
    """Http404 when an id the view will look up is no primary key of its model."""
    name = request.resolver_match.url_name
    ids = [unquote(view_kwargs[key]) for key in ID_KWARGS if isinstance(view_kwargs.get(key), str)]
    if name in ID_LIST_VIEWS:
        ids += [value for value in request.GET.getlist("id") if not (name == BULK_ACTIONS and value == "all")]
    parents = request.GET.getlist("childOf") if name == BULK_ACTIONS else []
    if not ids and not parents:
        return
    model = _view_model(request, view_func, view_kwargs)
    if model is None:
        return
    if parents:
        # « all » of a listing: its parent page, or for images and documents its collection.
        from wagtail.models import Collection, Page

        parent_model = Page if issubclass(model, Page) else Collection
        ids_of = [(model, value) for value in ids] + [(parent_model, value) for value in parents]
    else:
        ids_of = [(model, value) for value in ids]
    if not all(is_primary_key(of, value) for of, value in ids_of):
        raise Http404("Identifiant mal formé.")


def answer_incomplete_request(request, view_func, view_kwargs):
    """A 405, Http404 or PermissionDenied for a request the view cannot serve; a missing field made blank."""
    if request.method not in ADMIN_METHODS:
        return HttpResponseNotAllowed(ADMIN_METHODS)
    view = request.resolver_match.view_name
    if view in REVISION_VIEWS and view_kwargs.get("revision_id") == 0:
        raise Http404("Aucune révision n'a cet identifiant.")
    if view == SET_POSITION and request.method == "POST":
        from wagtail.models import Page

        if Page.objects.filter(pk=view_kwargs.get("page_to_move_id"), depth=1).exists():
            raise PermissionDenied
    if view == EXTERNAL_LINK and request.method == "POST" and EXTERNAL_LINK_URL not in request.POST:
        posted = request.POST.copy()
        posted[EXTERNAL_LINK_URL] = ""
        request.POST = posted
    if request.method == "POST" and _has_no_creation_form(view_func):
        raise Http404("Ce sélecteur ne crée rien.")
    return None


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


def _has_no_creation_form(view_func) -> bool:
    """True for a chooser's creation view that has no form to create with (a snippet chooser's)."""
    from wagtail.admin.views.generic.chooser import CreateViewMixin

    while not hasattr(view_func, "view_class") and hasattr(view_func, "__wrapped__"):
        view_func = view_func.__wrapped__
    view_class = getattr(view_func, "view_class", None)
    if view_class is None or not issubclass(view_class, CreateViewMixin):
        return False
    given = getattr(view_func, "view_initkwargs", {})
    return all(given.get(name, getattr(view_class, name, None)) is None for name in CREATION_FORM_ATTRIBUTES)


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
