"""Every hook of Accroche, declared once.

Grammar (after datasette): ``register_*`` hooks return a list that is added to a
registry; ``*_panels`` and ``*_sections`` return pieces of a page. Each plugin's
results are gathered by :func:`plugins.manager.call_hook`, which reports and
skips a plugin that fails instead of taking the portal down.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

from . import PROJECT_NAME

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver
    from wagtail.admin.menu import MenuItem
    from wagtail.admin.panels import Panel

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# --- Site and administration -------------------------------------------------

@hookspec
def register_urls() -> list[URLPattern | URLResolver]:
    """Return URL patterns that the plugin adds to the public site.

    Called once when ``portal.urls`` is imported; the patterns are mounted at the
    site root, before Wagtail's page serving, so give them a prefix of your own.
    """


@hookspec
def register_admin_menu_items() -> list[MenuItem]:
    """Return Wagtail admin menu items that the plugin adds.

    Called once when the admin menu is built; an item decides per request who
    sees it through ``MenuItem.is_shown(request)``.
    """


# --- Fiches ------------------------------------------------------------------

@hookspec
def fiche_panels() -> list[Panel]:
    """Return Wagtail edit-handler panels appended to the fiche editing form.

    Called once when the fiche edit handler is built; panels may only refer to
    fields of ``FichePage`` or to child relations (``InlinePanel``) that the
    plugin's own models declare with a ``ParentalKey`` to ``fiches.FichePage``.
    """


@hookspec
def register_importers() -> list[type[Any]]:
    """Return fiche importer classes (subclasses of ``fiches.importing.base.Importer``).

    Called when an import is requested (``manage.py import_fiche``, admin upload);
    the first importer whose ``accepts(filename, content)`` is true parses the file.
    """
