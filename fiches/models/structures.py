from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from geo.academies import academie_for
from geo.widgets import MapPointWidget

from ..establishment_form import EstablishmentForm
from .academies import Academie

uai_validator = RegexValidator(
    r"^\d{7}[A-Z]$",
    _("Un code UAI comporte 7 chiffres suivis d'une lettre majuscule (ex. 0470018L)."),
)
insee_validator = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$",
    _("Un code INSEE de commune comporte 5 caractères (ex. 47001, 2A004)."),
)


class Establishment(index.Indexed, models.Model):
    """A structure that carries or joins fiches: usually a school, sometimes a CIO,
    a DSDEN, an académie service or a network. Editing rights on fiches follow it."""

    class Kind(models.TextChoices):
        ECOLE = "ecole", _("École")
        COLLEGE = "college", _("Collège")
        LYCEE = "lycee", _("Lycée")
        LYCEE_GT = "lycee_general_technologique", _("Lycée général et technologique")
        LYCEE_PRO = "lycee_professionnel", _("Lycée professionnel")
        LYCEE_POLY = "lycee_polyvalent", _("Lycée polyvalent")
        EREA = "erea", _("EREA")
        MICRO_LYCEE = "micro_lycee", _("Micro-lycée")
        CIO = "cio", _("Centre d'information et d'orientation (CIO)")
        DSDEN = "dsden", _("Direction des services départementaux (DSDEN)")
        CIRCONSCRIPTION = "circonscription", _("Circonscription du premier degré")
        ACADEMIE_SERVICE = "academie_service", _("Service académique")
        ASSOCIATION = "association", _("Association")
        NETWORK = "network", _("Réseau")
        OTHER = "other", _("Autre structure")

    class Precision(models.TextChoices):
        ADDRESS = "address", _("adresse")
        COMMUNE = "commune", _("commune")
        APPROXIMATE = "approximate", _("approximative")
        MANUAL = "manual", _("placée à la main")

    name = models.CharField(_("nom"), max_length=255)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    uai = models.CharField(
        _("code UAI"), max_length=8, blank=True, null=True, unique=True, validators=[uai_validator],
        help_text=_("Facultatif : laissé vide quand il n'est pas connu ou pour une structure sans UAI."),
    )
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    commune_insee = models.CharField(
        _("code INSEE de la commune"), max_length=5, blank=True, validators=[insee_validator]
    )
    departement = models.CharField(_("département"), max_length=3, blank=True)
    academie = models.ForeignKey(
        "fiches.Academie", verbose_name=_("académie"), on_delete=models.PROTECT, related_name="establishments"
    )
    bassin = models.CharField(_("bassin"), max_length=150, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_precision = models.CharField(
        _("précision de la position"), max_length=20, choices=Precision.choices, blank=True
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("commune"),
        index.FilterField("academie"),
    ]

    base_form_class = EstablishmentForm
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("uai"),
        MultiFieldPanel(
            [FieldPanel("commune"), FieldPanel("commune_insee"), FieldPanel("departement"), FieldPanel("bassin"),
             FieldPanel("academie", help_text=_("Déduite du département quand il est connu."))],
            heading=_("Commune et académie"),
        ),
        MultiFieldPanel(
            [FieldPanel("latitude", widget=MapPointWidget()), FieldPanel("longitude"), FieldPanel("location_precision")],
            heading=_("Position sur la carte"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("établissement ou structure")
        verbose_name_plural = _("établissements et structures")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) | (models.Q(latitude__gte=-90) & models.Q(latitude__lte=90))),
                name="establishment_latitude_range",
            ),
            models.CheckConstraint(
                condition=(models.Q(longitude__isnull=True) | (models.Q(longitude__gte=-180) & models.Q(longitude__lte=180))),
                name="establishment_longitude_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})" if self.commune else self.name

    def save(self, *args, **kwargs):
        """The académie is derived from the département (the current one, see geo.academies)."""
        code = academie_for(self.departement) if self.departement else None
        if code and (self.academie_id is None or self.academie.code != code):
            academie = Academie.objects.filter(code=code).first()
            if academie:
                self.academie = academie
        super().save(*args, **kwargs)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None
