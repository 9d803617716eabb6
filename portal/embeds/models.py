"""A widget a network or an académie registers to show its fiches on its own site."""
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.create_once import creation_token_field

from .origins import parse_origins, safe_origins


class Widget(models.Model):
    """A map or a list of published fiches, narrowed to a network, an académie and/or a theme,
    shown in an iframe by the sites listed in ``allowed_origins`` (and by no other)."""

    class Kind(models.TextChoices):
        MAP = "map", _("Carte des fiches")
        LIST = "list", _("Liste des fiches")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(
        _("titre"), max_length=150,
        help_text=_("Affiché en tête du widget et donné au cadre (attribut title) pour les lecteurs d'écran."))
    kind = models.CharField(_("forme"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    network = models.ForeignKey(
        "networks.Network", verbose_name=_("réseau"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="widgets")
    academie = models.ForeignKey(
        "fiches.Academie", verbose_name=_("académie"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="widgets")
    theme = models.ForeignKey(
        "fiches.Theme", verbose_name=_("thématique"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    allowed_origins = models.TextField(
        _("sites autorisés à l'afficher"), blank=True,
        help_text=_("Une adresse de site par ligne, par exemple https://www.ac-bordeaux.fr. "
                    "Aucun autre site ne pourra afficher le widget."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("créé par"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    creation_token = creation_token_field()

    class Meta:
        ordering = ["title"]
        verbose_name = _("widget intégrable")
        verbose_name_plural = _("widgets intégrables")
        constraints = [
            models.CheckConstraint(condition=models.Q(network__isnull=False) | models.Q(academie__isnull=False),
                                   name="widget_has_network_or_academie"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.network_id and not self.academie_id:
            raise ValidationError(_("Choisissez le réseau ou l'académie dont le widget montre les fiches."))
        self.allowed_origins = "\n".join(parse_origins(self.allowed_origins))

    @property
    def origins(self) -> list[str]:
        return safe_origins(self.allowed_origins)

    def get_absolute_url(self):
        return reverse("embeds:widget", args=[self.key])
