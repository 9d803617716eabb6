"""What a person follows (a network, an académie, a saved search), and their personal feed token."""
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """One followed thing and how often its news are e-mailed.

    ``last_digest_at`` is the end of the period the last digest covered (the follow's creation
    before the first): the next digest lists what was published after it, so nothing is sent twice.
    """

    class Frequency(models.TextChoices):
        NEVER = "never", _("Jamais")
        DAILY = "daily", _("Chaque jour")
        WEEKLY = "weekly", _("Chaque semaine")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    network = models.ForeignKey("networks.Network", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="follows")
    academie = models.ForeignKey("fiches.Academie", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    search_query = models.CharField(_("recherche enregistrée"), max_length=1000, blank=True,
                                    help_text="Query string of the search page, without page number.")
    label = models.CharField(_("intitulé"), max_length=200, blank=True)
    frequency = models.CharField(_("fréquence"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    created_at = models.DateTimeField(auto_now_add=True)
    last_digest_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(network__isnull=False, academie__isnull=True, search_query="")
                    | models.Q(network__isnull=True, academie__isnull=False, search_query="")
                    | (models.Q(network__isnull=True, academie__isnull=True) & ~models.Q(search_query=""))
                ),
                name="follow_has_one_target",
            ),
            models.UniqueConstraint(fields=["user", "network"], condition=models.Q(network__isnull=False),
                                    name="unique_follow_network"),
            models.UniqueConstraint(fields=["user", "academie"], condition=models.Q(academie__isnull=False),
                                    name="unique_follow_academie"),
            models.UniqueConstraint(fields=["user", "search_query"], condition=~models.Q(search_query=""),
                                    name="unique_follow_search"),
        ]
        indexes = [models.Index(fields=["frequency", "last_digest_at"], name="follow_due_idx")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.network_id:
            return str(self.network)
        if self.academie_id:
            return self.academie.title
        return self.label or _("Recherche « %(q)s »") % {"q": self.search_query}

    @property
    def kind(self) -> str:
        return "network" if self.network_id else "academie" if self.academie_id else "search"


def new_token_key() -> str:
    return secrets.token_urlsafe(32)


class PersonalToken(models.Model):
    """A secret, revocable key in the address of a person's private feeds (Atom and ICS).

    Feed readers and calendar applications cannot log in, so the address itself is the
    credential: it shows members-only events of the person's networks. Revoking it (and
    creating a new one) cuts every reader that had the old address.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens")
    key = models.CharField(max_length=64, unique=True, default=new_token_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("clé de flux personnel")
        verbose_name_plural = _("clés de flux personnels")
        constraints = [models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True),
                                               name="one_live_feed_token")]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
