"""Who may do what to a fiche: editing follows the lead structure, publishing its académie.

Wagtail's page permissions give the broad strokes (editors may add fiches under
an académie page, that académie's moderators may change and publish there);
this tester narrows editing and submission to the members of the fiche's lead
structure, which page permissions alone cannot express.
"""
from django.utils.functional import cached_property
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy


class FichePermissionTester(PagePermissionTester):
    @cached_property
    def structure_ids(self) -> set[int]:
        """The structures whose fiches the user edits (``fiches.admin_titles`` gives the ones it read once for
        the request, to test many pages)."""
        from fiches.roles import establishment_ids

        return establishment_ids(self.user)

    def _is_member_of_lead_structure(self) -> bool:
        return self.page.lead_structure_id in self.structure_ids

    def _moderates(self) -> bool:
        return self.user.is_superuser or "change" in self.permissions

    def can_edit(self):
        if not self.user.is_active or self.page_is_root:
            return False
        if self._moderates():
            return True
        return "add" in self.permissions and self._is_member_of_lead_structure()

    def can_submit_for_moderation(self):
        return self.can_edit() and super().can_submit_for_moderation()

    def can_delete(self, ignore_bulk=False):
        return self.can_edit() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        return self.can_edit() and super().can_copy()

    def can_move(self):
        return self._moderates() and super().can_move()


class AcademiePermissionTester(PagePermissionTester):
    """Editors may add fiches only in the section of their own structures' académie."""

    def can_add_subpage(self):
        if not super().can_add_subpage():
            return False
        if self.user.is_superuser or "change" in self.permissions:
            return True
        from fiches.roles import establishment_ids

        from .models import Establishment

        section = self.page.specific_deferred.academie_id
        return Establishment.objects.filter(pk__in=establishment_ids(self.user), academie_id=section).exists()


class DraftNarrowingPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permission policy, with the fiche drafts of other structures left out of what a user
    may explore.

    A fiche that was never published is seen by the members of its lead structure, the moderators of its
    section and superusers, as ``FichePermissionTester`` says for opening and editing it. Wagtail's page
    explorer, its page search and the site-history report list the pages of ``explorable_instances``, which
    follows the section's page permissions only: an editor saw the titles and statuses of every
    structure's drafts in their académie (opening one was refused). Registered for ``Page`` from
    ``FichesConfig.ready``, this policy narrows those three listings, and the admin API's, at once.
    """

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if not user.is_active or user.is_superuser:
            return pages
        from fiches.roles import establishment_ids

        from .models import FichePage

        hidden = (FichePage.objects.filter(live=False)
                  .exclude(lead_structure_id__in=establishment_ids(user))
                  .exclude(pk__in=self.instances_user_has_permission_for(user, "change").values("pk")))
        return pages.exclude(pk__in=hidden.values("pk"))


def register_draft_narrowing_policy() -> None:
    from wagtail.models import Page
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Page, DraftNarrowingPagePermissionPolicy(Page))
