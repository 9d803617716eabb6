from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SasMembership(models.Model):
    """A user's role in an establishment's SAS team; what each role sees is in ``permissions``."""

    class Role(models.TextChoices):
        COORDINATION = "coordination", _("coordination")
        DIRECTION = "direction", _("direction")
        PP = "pp", _("professeur principal")
        CPE = "cpe", _("CPE")
        RDS = "rds", _("référent décrochage scolaire")
        WORKSHOP_TEACHER = "workshop_teacher", _("enseignant d'atelier")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sas_memberships")
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), on_delete=models.CASCADE, related_name="sas_memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    division = models.CharField(
        _("classe"), max_length=50, blank=True, help_text=_("Pour un professeur principal : la classe dont il a la charge.")
    )

    class Meta:
        verbose_name = _("membre de l'équipe SAS")
        verbose_name_plural = _("équipe SAS")
        constraints = [
            models.UniqueConstraint(fields=["user", "establishment", "role"], name="unique_sas_membership"),
            models.CheckConstraint(
                condition=~models.Q(role="pp") | ~models.Q(division=""), name="sas_pp_has_division"
            ),
        ]

    def __str__(self):
        suffix = f" {self.division}" if self.division else ""
        return f"{self.user} — {self.get_role_display()}{suffix} — {self.establishment}"
