"""A dashboard's page body or export, computed once per state of its figures and kept in the cache.

Requests read it (:mod:`portal.networks.views.dashboards`); after a report, a task computes the default
view of the scopes it changed beforehand (:func:`warm`), so that no visitor waits for the cold build."""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.text import slugify

from . import choice, exports, page, source
from .access import Scope

CACHE_SECONDS = 3600
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.render_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.render_xlsx),
}
KINDS = ("", *EXPORTS)  # the page, then each export


def cache_key(scope: Scope, period: str, indicator: str, kind: str) -> str:
    """A key that changes with the dashboard's data (source.data_version) and the request's choices."""
    return "networks:dashboard:" + hashlib.sha256(
        repr((scope.kind, scope.key, period, indicator, kind, source.data_version(scope))).encode()).hexdigest()


def _compute(scope: Scope, period: str, indicator: str, kind: str) -> dict:
    dashboard = page.build(scope, period, indicator, for_export=bool(kind))
    if kind and dashboard.has_data:
        name = slugify(f"indicateurs-{scope.key or 'france'}-{dashboard.period.code}-{dashboard.indicator}")
        return {"export": EXPORTS[kind][1](dashboard), "name": f"{name}.{kind}"}
    return {"title": dashboard.scope.title,
            "body": render_to_string("networks/dashboard_body.html", {"dashboard": dashboard})}


def get(scope: Scope, period: str, indicator: str, kind: str) -> dict:
    """The page's title and body, or the export's bytes and file name: from the cache, else computed. A period
    or an indicator the scope does not offer gets the default page and a ``notice`` saying so, and no entry."""
    key = cache_key(scope, period, indicator, kind)
    cached = cache.get(key)
    if cached is None:
        notice = choice.refusal(scope, period, indicator)
        if notice:
            return {**get(scope, "", "", ""), "notice": notice}
        cached = _compute(scope, period, indicator, kind)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def warm(scope: Scope) -> list[str]:
    """Put the default view (latest period, first indicator) of the page and exports in the cache, under
    the keys a request would use; returns the kinds computed ("" for the page). A kind already cached for
    the current figures is skipped: the later tasks of a burst of reports find everything done."""
    built = []
    for kind in KINDS:
        key = cache_key(scope, "", "", kind)
        if not cache.has_key(key):
            cache.set(key, _compute(scope, "", "", kind), CACHE_SECONDS)
            built.append(kind)
    return built
