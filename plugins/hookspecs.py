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
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.urls import URLPattern, URLResolver
    from wagtail.admin.menu import MenuItem
    from wagtail.admin.panels import Panel

    from fiches.models import Academie, Establishment, FichePage

    from .jobs import ScheduledJob
    from .reports import IndicatorDefinition, IndicatorTable, ReportingPeriod

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


@hookspec
def user_requires_second_factor(user: AbstractBaseUser) -> bool | None:
    """Return ``True`` when ``user``'s roles in the plugin give access to personal data.

    Called on each request of a logged-in user, so answer with one query at most. When any
    plugin says ``True``, the login must be confirmed with a TOTP code (if the setting
    ``ACCROCHE_REQUIRE_2FA`` is on) and the session lasts ``ACCROCHE_SENSITIVE_SESSION_SECONDS``.
    """


@hookspec
def scheduled_jobs() -> list[ScheduledJob]:
    """Return the periodic jobs (``plugins.jobs.ScheduledJob``) the plugin needs run, such as a retention purge.

    Called once when ``manage.py run_schedule`` starts, for every plugin whether or not an establishment enabled it
    (data kept by a disabled plugin still has to be purged). Each job runs at its cron times in the project's
    ``TIME_ZONE``, never twice at once; one that raises is logged and runs again at its next time.
    """


# --- Fiches ------------------------------------------------------------------

@hookspec
def fiche_panels() -> list[Panel]:
    """Return Wagtail edit-handler panels appended to the fiche editing form.

    Called once when the fiche edit handler is built; panels may only refer to
    fields of ``FichePage`` or to child relations (``InlinePanel``) that the
    plugin's own models declare with a ``ParentalKey`` to ``fiches.FichePage``.
    For a child relation, ``fiches.admin_inlines.TolerantInlinePanel`` refuses a
    row posted with a malformed id with a French sentence where ``InlinePanel``
    would answer a 500.
    """


@hookspec
def register_importers() -> list[type[Any]]:
    """Return fiche importer classes (subclasses of ``fiches.importing.base.Importer``).

    Called when an import is requested (``manage.py import_fiche``, admin upload);
    the first importer whose ``accepts(filename, content)`` is true parses the file.
    """


@hookspec
def enrich_search_document(fiche: FichePage, document: dict[str, Any]) -> dict[str, Any] | None:
    """Return extra fields to merge into the search document of ``fiche``.

    Called each time a fiche is indexed, by both search backends, with the
    document built so far; return ``None`` to add nothing. Keys must not
    replace the core fields of the search contract (DESIGN.md §5).
    """


# --- Indicators and synthesis ------------------------------------------------

@hookspec
def register_indicators() -> list[IndicatorDefinition]:
    """Return the indicator definitions (code, label, unit, aggregation) the plugin computes.

    Called when the portal or an establishment node lists the indicators it knows;
    codes are global, so prefix them with the plugin's name (``sas.students_identified``).
    """


@hookspec
def reporting_periods(establishment: Establishment) -> list[ReportingPeriod]:
    """Return the periods the plugin can report on for ``establishment`` (``plugins.periods`` codes).

    Called on an establishment node, only for plugins enabled for that establishment, to list
    the periods its coordination may send a report for.
    """


@hookspec
def compute_indicators(establishment: Establishment, period: ReportingPeriod) -> IndicatorTable | None:
    """Return the plugin's raw cells for ``establishment`` over ``period``, or ``None``.

    Called on an establishment node, only for plugins enabled for that establishment. Each
    ``TableCell`` holds the local identifiers of what it counts; the table never leaves the
    node: ``plugins.node_reports.build_report`` suppresses small groups and keeps only numbers.
    """


@hookspec
def synthesis_sections(academie: Academie | None, school_year: str) -> list[dict[str, Any]]:
    """Return sections the plugin adds to the annual synthesis.

    Called once per académie (``academie``) and once for the national part
    (``academie=None``) when a synthesis of ``school_year`` (``"2015-2016"``) is
    computed; each section is ``{"title": str, "html": str}`` or
    ``{"title": str, "rows": list[dict]}``, stored in the synthesis snapshot.
    """
