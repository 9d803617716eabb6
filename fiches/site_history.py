"""Wagtail's site history, where each page entry keeps the label it was written with (a pending title
included), with the live title instead on the entries of pages the person may not edit, and a « Nom » filter
that matches those by their live title only (a search for a pending title would otherwise tell it exists).
See ``fiches.admin_titles`` for the titles of the other listings.
"""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.models import Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

from fiches.models import FichePage
from fiches.roles import establishment_ids


def draft_readable_pages(user):
    """The pages whose pending titles ``user`` may read, as a queryset: those of the sections where they may
    change pages (moderators) and the fiches of their structures (editors), as ``FichePermissionTester``
    grants editing; every page for a superuser."""
    if user.is_superuser:
        return Page.objects.all()
    changeable = PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")
    own = FichePage.objects.filter(lead_structure_id__in=establishment_ids(user))
    return Page.objects.filter(Q(pk__in=changeable.values("pk")) | Q(pk__in=own.values("pk")))


class SiteHistoryFilterSet(SiteHistoryReportFilterSet):
    label = django_filters.CharFilter(label=_("Nom"), method="filter_label")

    def filter_label(self, queryset, name, value):
        if not value:
            return queryset
        if queryset.model is not PageLogEntry or self.request.user.is_superuser:
            return queryset.filter(label__icontains=value)
        readable = draft_readable_pages(self.request.user).values("pk")
        return queryset.filter(Q(label__icontains=value, page_id__in=readable)
                               | (Q(page__title__icontains=value) & ~Q(page_id__in=readable)))


class SiteHistoryView(LogEntriesView):
    """Wagtail's site history, each page entry labelled with the page's live title for whoever may not edit
    the page (served at Wagtail's own address, before its admin URLs, by ``portal/urls.py``)."""

    filterset_class = SiteHistoryFilterSet

    def decorate_paginated_queryset(self, queryset):
        entries = super().decorate_paginated_queryset(queryset)
        user = self.request.user
        page_ids = {entry.page_id for entry in entries if isinstance(entry, PageLogEntry)}
        if user.is_superuser or not page_ids:
            return entries
        readable = set(draft_readable_pages(user).filter(pk__in=page_ids).values_list("pk", flat=True))
        titles = dict(Page.objects.filter(pk__in=page_ids - readable).values_list("pk", "title"))
        for entry in entries:
            if isinstance(entry, PageLogEntry) and entry.page_id not in readable:
                entry.label = titles.get(entry.page_id) or _("Page sans titre publié")
        return entries


site_history = require_admin_access(never_cache(SiteHistoryView.as_view()))
site_history_results = require_admin_access(never_cache(SiteHistoryView.as_view(results_only=True)))
