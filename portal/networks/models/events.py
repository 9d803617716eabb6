"""Events of a network: meetings, visits, Semaine de la persévérance actions, trainings."""
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.create_once import creation_token_field


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(audience=Event.Audience.PUBLIC)

    def cancelled(self):
        return self.filter(cancelled_at__isnull=False)

    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)

    def visible_to(self, user, member_network_ids=None):
        """Public events, plus members-only events of the networks ``member_network_ids``."""
        if member_network_ids is None:
            from ..permissions import member_network_ids as lookup

            member_network_ids = lookup(user)
        return self.filter(models.Q(audience=Event.Audience.PUBLIC) | models.Q(network_id__in=member_network_ids))


class Event(models.Model):
    """An event held at a place, in that place's time zone.

    ``starts_at``/``ends_at`` are instants (stored in UTC); ``time_zone`` is the zone of the
    place (from its département, see geo.timezones), in which the times are written on pages,
    in ICS files and in e-mails.

    A cancelled event (``cancelled_at`` set) stays visible, marked « Annulé », and takes no registration;
    its coordination may restore it.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Réunion d'échange de pratiques")
        VISIT = "visit", _("Visite")
        SEMAINE = "semaine", _("Action de la Semaine de la persévérance")
        TRAINING = "training", _("Formation")
        STEERING = "steering", _("Comité de pilotage")
        OTHER = "other", _("Autre événement")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Réservé aux membres du réseau")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey("networks.Network", verbose_name=_("réseau"), on_delete=models.CASCADE,
                                related_name="events")
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    description = models.TextField(_("description"), blank=True, max_length=4000,
                                   help_text=_("Le programme et ce qu'il faut savoir : 4 000 caractères au plus."))
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    time_zone = models.CharField(_("fuseau horaire du lieu"), max_length=64, default="Europe/Paris")
    place_name = models.CharField(_("lieu"), max_length=200, blank=True, help_text=_("Ex. « Collège François Albert »"))
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement d'accueil"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    fiches = models.ManyToManyField("fiches.FichePage", verbose_name=_("fiches liées"), blank=True, related_name="+")
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancellation_message = models.TextField(_("message d'annulation"), blank=True, max_length=2000)
    sequence = models.PositiveIntegerField(default=0, help_text="ICS SEQUENCE, raised at each change.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    creation_token = creation_token_field()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("networks:event", args=[self.pk])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC


class Registration(models.Model):
    """A person registered for an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="unique_event_registration")]
