from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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


class SignInRule(models.Model):
    """Where a person signing in with the State's identity (ProConnect) belongs, when their identity
    names no establishment by its UAI: a SIRET or an e-mail domain, and the role it gives.

    Example: the domain ``ac-bordeaux.fr`` makes analysts of the académie de Bordeaux; the SIRET of a
    lycée makes editors of that lycée. An identity that matches no rule and no UAI is refused.
    """

    Role = Role

    siret = models.CharField(_("SIRET"), max_length=14, blank=True,
                             validators=[RegexValidator(r"^\d{14}$", _("Un SIRET comporte 14 chiffres."))])
    email_domain = models.CharField(
        _("domaine de courriel"), max_length=150, blank=True,
        validators=[RegexValidator(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.[a-z]{2,}$",
                                   _("Un domaine s'écrit en minuscules, sans « @ » (ex. ac-bordeaux.fr)."))])
    role = models.CharField(_("rôle donné"), max_length=20, choices=Role.choices)
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+")
    academie = models.ForeignKey(
        "fiches.Academie", verbose_name=_("académie"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+")

    class Meta:
        verbose_name = _("règle de rattachement ProConnect")
        verbose_name_plural = _("règles de rattachement ProConnect")
        constraints = [
            models.CheckConstraint(condition=(models.Q(siret="") & ~models.Q(email_domain=""))
                                   | (~models.Q(siret="") & models.Q(email_domain="")),
                                   name="signinrule_siret_or_domain"),
            models.CheckConstraint(
                condition=(models.Q(role="editor", establishment__isnull=False, academie__isnull=True)
                           | (~models.Q(role="editor") & models.Q(academie__isnull=False, establishment__isnull=True))),
                name="signinrule_scope_matches_role"),
        ]

    def __str__(self):
        return f"{self.siret or self.email_domain} → {self.get_role_display()} — {self.establishment or self.academie}"

    def clean(self):
        if bool(self.siret) == bool(self.email_domain):
            raise ValidationError(_("Indiquez soit un SIRET, soit un domaine de courriel."))
        if self.role == Role.EDITOR and (not self.establishment_id or self.academie_id):
            raise ValidationError(_("Un rédacteur est rattaché à un établissement."))
        if self.role != Role.EDITOR and (not self.academie_id or self.establishment_id):
            raise ValidationError(_("Un modérateur, un administrateur ou un analyste est rattaché à une académie."))
