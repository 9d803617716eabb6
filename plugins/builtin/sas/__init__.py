"""Built-in plugin: the SAS module an establishment runs for its students (DESIGN.md §8).

It reaches the rest of Accroche only through the hooks below; nothing in portal/,
fiches/, search/ or geo/ imports it. It runs only where an establishment activated it.
"""
from plugins import hookimpl

ACTIVATION_REQUIRED = True
PLUGIN_NAME = __name__


@hookimpl
def register_urls():
    from django.urls import include, path

    return [path("sas/", include("plugins.builtin.sas.urls"))]


@hookimpl
def user_requires_second_factor(user):
    """Every SAS role reads some pupils' files."""
    from .models import SasMembership

    return SasMembership.objects.filter(user=user).exists()


@hookimpl
def register_admin_menu_items():
    from .menu import SasMenuItem

    return [SasMenuItem()]


@hookimpl
def register_indicators():
    from .indicators import DEFINITIONS

    return list(DEFINITIONS)


@hookimpl
def reporting_periods(establishment):
    from .reporting import sas_periods

    return sas_periods(establishment)


@hookimpl
def compute_indicators(establishment, period):
    from .indicator_table import compute_table

    return compute_table(establishment, period)


@hookimpl
def scheduled_jobs():
    from .retention_job import PURGE_JOB

    return [PURGE_JOB]
