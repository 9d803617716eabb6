"""Who may do what to a fiche: editing follows the lead structure, publishing its académie.

Wagtail's page permissions give the broad strokes (editors may add fiches under
an académie page, that académie's moderators may change and publish there);
this tester narrows editing and submission to the members of the fiche's lead
structure, which page permissions alone cannot express.
"""
from wagtail.models import PagePermissionTester


class FichePermissionTester(PagePermissionTester):
    def _is_member_of_lead_structure(self) -> bool:
        from fiches.roles import establishment_ids

        return self.page.lead_structure_id in establishment_ids(self.user)

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
