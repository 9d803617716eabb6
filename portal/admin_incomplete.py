"""Requests to Wagtail's administration that its views take for granted to be whole: a 404, a 403 or the form
again, never a 500.

Found by a sweep of every admin URL with every method, as a moderator, on the production deployment:

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
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from .admin_next import ADMIN_PREFIX

REVISION_VIEWS = {"wagtailadmin_pages:revisions_revert"}
SET_POSITION = "wagtailadmin_pages:set_page_position"
EXTERNAL_LINK = "wagtailadmin_choose_page_external_link"
EXTERNAL_LINK_URL = "external-link-chooser-url"  # the form's prefix and field
#: The methods Wagtail's administration answers; its screens send no other.
ADMIN_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
#: What tells a chooser's creation view it has a form (class attributes or ``as_view()`` arguments).
CREATION_FORM_ATTRIBUTES = ("creation_form_class", "form_fields", "exclude_form_fields")


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


class AdminIncompleteRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PREFIX) or request.resolver_match is None:
            return None
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
