from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fiches.roles import Role


class Membership(models.Model):
    """What a user may do, and where: edit for an establishment, moderate or administer an académie,
    read an académie's indicator dashboards (analyst)."""

    Role = Role

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="memberships",
    )
    academie = models.ForeignKey(
        "fiches.Academie", verbose_name=_("académie"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "establishment", "academie"], name="unique_membership"),
            models.CheckConstraint(
                condition=(
                    models.Q(role="editor", establishment__isnull=False, academie__isnull=True)
                    | (~models.Q(role="editor") & models.Q(academie__isnull=False, establishment__isnull=True))
                ),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.establishment or self.academie}"

    def clean(self):
        if self.role == self.Role.EDITOR and not self.establishment_id:
            raise ValidationError(_("Un rédacteur est rattaché à un établissement."))
        if self.role != self.Role.EDITOR and not self.academie_id:
            raise ValidationError(_("Un modérateur ou un administrateur est rattaché à une académie."))
