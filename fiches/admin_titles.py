"""A page's pending title is for those who may edit the page; everyone else reads its live title.

Saving a published page without publishing it writes the new title into ``draft_title``, which Wagtail's
``get_admin_display_title`` shows wherever the admin names a page: the explorer, the page search, the
breadcrumbs, the choosers, the admin API, the reports. An editor of another structure, who may explore
the académie's section but not edit the fiche, read there the title its own structure had not published yet.

:class:`LiveTitleForOthers`, mixed into the project's page models, answers the live title (``title``, the
page row's) unless the person the request is for may edit the page (:class:`TitleViewerMiddleware` records
who that is for the request; outside a request, Wagtail's own answer). The site history keeps each entry's
label as it was written, a pending title included: ``fiches.site_history`` shows the page's live title
instead on the entries of pages the person may not edit.
"""
from __future__ import annotations

from contextvars import ContextVar

from django.utils.functional import cached_property


class Viewer:
    """The person a request is for, and which pages' pending titles they may read (read once per request)."""

    def __init__(self, user):
        self.user = user
        self._seen: dict[int, bool] = {}

    @cached_property
    def structure_ids(self) -> set[int]:
        from fiches.roles import establishment_ids

        return establishment_ids(self.user)

    def reads_draft_of(self, page) -> bool:
        """Whether the person may edit ``page`` (a specific page), so read its pending title."""
        if not self.user.is_authenticated:
            return False
        if self.user.is_superuser:
            return True
        if page.pk not in self._seen:
            tester = page.permissions_for_user(self.user)
            if hasattr(tester, "structure_ids"):  # FichePermissionTester: the structures read once
                tester.structure_ids = self.structure_ids
            self._seen[page.pk] = tester.can_edit()
        return self._seen[page.pk]


_viewer: ContextVar[Viewer | None] = ContextVar("accroche_title_viewer", default=None)


class TitleViewerMiddleware:
    """Records for the request who reads the admin's page titles (after the authentication middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _viewer.set(Viewer(request.user) if hasattr(request, "user") else None)
        try:
            return self.get_response(request)
        finally:
            _viewer.reset(token)


class LiveTitleForOthers:
    """Mixed into a page model: its admin title is the live one for whoever may not edit it."""

    def get_admin_display_title(self):
        viewer = _viewer.get()
        if viewer is not None and self.title and not viewer.reads_draft_of(self):
            return self.title
        return super().get_admin_display_title()
