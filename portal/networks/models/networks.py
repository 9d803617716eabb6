"""A network (RIPPS, FOQUALE of a bassin, a CARDIE innovation network…) and who belongs to it."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.create_once import creation_token_field


class Network(models.Model):
    """A network of establishments and people that share fiches, meet at events and read a dashboard.

    An establishment may belong to several networks. ``academie`` is empty for a network that
    spans académies (national or inter-académique); ``bassin`` names the bassin or district of a
    FOQUALE.
    """

    class Kind(models.TextChoices):
        RIPPS = "ripps", _("RIPPS — réseau d'innovations pédagogiques pour la persévérance scolaire")
        FOQUALE = "foquale", _("FOQUALE — réseau formation qualification emploi")
        INNOVATION = "innovation", _("Réseau d'innovation (CARDIE)")
        OTHER = "other", _("Autre réseau")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    academie = models.ForeignKey(
        "fiches.Academie", verbose_name=_("académie"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="networks", help_text=_("Vide pour un réseau national ou inter-académique."),
    )
    bassin = models.CharField(_("bassin ou district"), max_length=150, blank=True)
    description = models.TextField(_("présentation"), blank=True, max_length=2000,
                                   help_text=_("Quelques paragraphes : 2 000 caractères au plus."))
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    establishments = models.ManyToManyField(
        "fiches.Establishment", through="NetworkEstablishment", related_name="networks", blank=True,
        verbose_name=_("établissements membres"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    creation_token = creation_token_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:detail", args=[self.slug])


class NetworkEstablishment(models.Model):
    """An establishment's membership of a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="establishment_links")
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), on_delete=models.CASCADE, related_name="network_links"
    )
    joined_on = models.DateField(_("membre depuis"), auto_now_add=True)

    class Meta:
        ordering = ["establishment__name"]
        verbose_name = _("établissement membre")
        verbose_name_plural = _("établissements membres")
        constraints = [models.UniqueConstraint(fields=["network", "establishment"], name="unique_network_establishment")]

    def __str__(self):
        return f"{self.establishment} — {self.network}"


class NetworkPerson(models.Model):
    """A person in a network: a coordinator (manages members and events) or a member."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordination du réseau")
        MEMBER = "member", _("Membre")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    function = models.CharField(
        _("fonction"), max_length=150, blank=True, help_text=_("Ex. « CPE, référent décrochage » ou « IEN-IO »."),
    )
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name"]
        verbose_name = _("personne du réseau")
        verbose_name_plural = _("personnes du réseau")
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="unique_network_person")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} — {self.get_role_display()} — {self.network}"


class NetworkFiche(models.Model):
    """A fiche tagged for a network by its coordination (besides the fiches of its members)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="fiche_tags")
    fiche = models.ForeignKey("fiches.FichePage", verbose_name=_("fiche"), on_delete=models.CASCADE,
                              related_name="network_tags")
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fiche signalée au réseau")
        verbose_name_plural = _("fiches signalées au réseau")
        constraints = [models.UniqueConstraint(fields=["network", "fiche"], name="unique_network_fiche")]
