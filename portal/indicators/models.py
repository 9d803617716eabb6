"""What the portal knows of indicator reports: the periods, which reports it expects, the
establishments' signing keys, the reports received and their cells.

The data model follows DHIS2's aggregate reporting (data element × category combination ×
org unit × period, upserted on that natural key) with two additions DHIS2 lacks: each cell
carries its statistical-disclosure status (τ-Argus names), and each report is signed by the
establishment's own key rather than trusted on a user's login.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportingPeriod(models.Model):
    """A period reports are made for: a school year, a term or a SAS campaign."""

    class Kind(models.TextChoices):
        SCHOOL_YEAR = "school_year", _("Année scolaire")
        TERM = "term", _("Trimestre")
        CAMPAIGN = "campaign", _("Campagne")

    code = models.SlugField(_("code"), max_length=80, unique=True,
                            help_text=_("Par exemple « 2023-2024 », « 2023-2024-t1 »."))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("libellé"), max_length=200)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    due_date = models.DateField(_("date limite de remontée"), null=True, blank=True,
                                help_text=_("Les rapports sont attendus au plus tard ce jour-là."))

    class Meta:
        ordering = ["-start", "code"]
        verbose_name = _("période de remontée")
        verbose_name_plural = _("périodes de remontée")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self):
        return self.label or self.code


class ExpectedReport(models.Model):
    """The portal expects a report from this establishment for this period (completeness)."""

    establishment = models.ForeignKey("fiches.Establishment", verbose_name=_("établissement"),
                                      on_delete=models.CASCADE, related_name="expected_reports")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("période"), on_delete=models.CASCADE,
                               related_name="expected_reports")
    last_reminder_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport attendu")
        verbose_name_plural = _("rapports attendus")
        constraints = [
            models.UniqueConstraint(fields=["establishment", "period"], name="expected_report_once"),
        ]

    def __str__(self):
        return f"{self.establishment} — {self.period}"


class EstablishmentKeyQuerySet(models.QuerySet):
    def active(self, at=None):
        """Keys that verify at `at` (now by default): not revoked, or revoked later."""
        at = at or timezone.now()
        return self.filter(models.Q(revoked_at__isnull=True) | models.Q(revoked_at__gt=at))


class EstablishmentKey(models.Model):
    """An establishment node's Ed25519 public key, registered by its académie's administrator.

    Several keys may be active at once during a rotation; a revoked key verifies nothing from
    its revocation on. The fingerprint is the RFC 9421 `keyid` the node signs with.
    """

    establishment = models.ForeignKey("fiches.Establishment", verbose_name=_("établissement"),
                                      on_delete=models.CASCADE, related_name="signing_keys")
    public_key = models.CharField(_("clé publique"), max_length=64,
                                  help_text=_("Clé publique Ed25519 (32 octets) encodée en base64."))
    fingerprint = models.CharField(_("empreinte"), max_length=64, unique=True,
                                   help_text=_("SHA-256 de la clé publique, en hexadécimal."))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("enregistrée par"),
                                      null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    objects = EstablishmentKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("clé d'établissement")
        verbose_name_plural = _("clés d'établissement")

    def __str__(self):
        return f"{self.establishment} — {self.fingerprint[:16]}…"

    def is_active(self, at=None):
        at = at or timezone.now()
        return self.revoked_at is None or self.revoked_at > at


class ReceivedReport(models.Model):
    """A signed report as the portal received it; a later report for the same establishment
    and period supersedes it (history kept)."""

    establishment = models.ForeignKey("fiches.Establishment", verbose_name=_("établissement"),
                                      on_delete=models.PROTECT, related_name="received_reports")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("période"), on_delete=models.PROTECT,
                               related_name="received_reports")
    idempotency_key = models.CharField(_("clé d'idempotence"), max_length=64, unique=True)
    schema_version = models.PositiveSmallIntegerField(_("version du schéma"))
    payload = models.JSONField(_("contenu reçu"))
    body_digest = models.CharField(_("empreinte du corps"), max_length=64,
                                   help_text=_("SHA-256 du corps reçu, en hexadécimal."))
    key = models.ForeignKey(EstablishmentKey, verbose_name=_("clé de signature"), on_delete=models.PROTECT,
                            related_name="reports")
    created_at = models.DateTimeField(_("créé sur l'établissement le"))
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    sequence = models.PositiveBigIntegerField(_("numéro d'ordre"))
    superseded_by = models.ForeignKey("self", verbose_name=_("remplacé par"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="supersedes")
    import_count = models.JSONField(_("bilan d'import"), default=dict, blank=True,
                                    help_text=_("Cellules importées, mises à jour, ignorées (comme DHIS2)."))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("rapport reçu")
        verbose_name_plural = _("rapports reçus")
        indexes = [models.Index(fields=["establishment", "period", "sequence"])]

    def __str__(self):
        return f"{self.establishment} — {self.period} (n° {self.sequence})"


class SeenNonce(models.Model):
    """Replay cache: the nonce of every accepted signature, kept until the signature expires."""

    nonce = models.CharField(max_length=128, unique=True)
    key = models.ForeignKey(EstablishmentKey, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)


class ReportCell(models.Model):
    """One value of a received report: indicator × breakdown, with its disclosure status."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("publiée")
        PRIMARY_SECRET = "primary_secret", _("secret primaire")
        SECONDARY_SECRET = "secondary_secret", _("secret secondaire")

    report = models.ForeignKey(ReceivedReport, on_delete=models.CASCADE, related_name="cells")
    establishment = models.ForeignKey("fiches.Establishment", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(_("indicateur"), max_length=80)
    breakdown = models.JSONField(_("ventilation"), default=dict, blank=True)
    breakdown_key = models.CharField(_("clé de ventilation"), max_length=255, blank=True,
                                     help_text=_("Vide pour le total, sinon « k=v;k2=v2 » trié."))
    value = models.FloatField(_("valeur"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    current = models.BooleanField(_("en vigueur"), default=True)

    class Meta:
        verbose_name = _("cellule")
        verbose_name_plural = _("cellules")
        indexes = [
            models.Index(fields=["indicator", "period", "current"]),
            models.Index(fields=["establishment", "period"]),
            # The establishments' totals of a period (a dashboard's establishment table, one per establishment),
            # covering what their roll-up reads, so that it is an index-only scan.
            models.Index(fields=["indicator", "period", "establishment"], name="cell_current_total",
                         include=["breakdown_key", "value", "status", "id"],
                         condition=models.Q(current=True, breakdown_key="")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "breakdown_key"], name="cell_once_per_report"),
            models.CheckConstraint(
                condition=models.Q(status="published") | models.Q(value__isnull=True),
                name="secret_cell_has_no_value",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}[{self.breakdown_key}]"


class NoisyRelease(models.Model):
    """A differentially private roll-up (académie or nation) as published, kept so it is never drawn again.

    Drawing the noise again for each reader would let averages cancel it; the release is stored once
    and its ε counted against the budget of every contributing establishment (``PrivacySpend``).
    """

    indicator = models.CharField(_("indicateur"), max_length=80)
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("période"), on_delete=models.CASCADE,
                               related_name="noisy_releases")
    level = models.CharField(_("niveau"), max_length=20)
    group = models.CharField(_("groupe"), max_length=150)
    epsilon = models.FloatField(_("ε dépensé"))
    cells = models.JSONField(_("cellules bruitées"))
    contributors = models.PositiveIntegerField(_("établissements contributeurs"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agrégat bruité (confidentialité différentielle)")
        verbose_name_plural = _("agrégats bruités (confidentialité différentielle)")

    def __str__(self):
        return f"{self.indicator} {self.period} {self.group} ε={self.epsilon}"


class PrivacySpend(models.Model):
    """The privacy budget (ε) spent so far on one establishment's data for one period."""

    establishment = models.ForeignKey("fiches.Establishment", verbose_name=_("établissement"),
                                      on_delete=models.CASCADE, related_name="privacy_spends")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("période"), on_delete=models.CASCADE,
                               related_name="privacy_spends")
    epsilon = models.FloatField(_("ε dépensé"), default=0)

    class Meta:
        verbose_name = _("budget de confidentialité dépensé")
        verbose_name_plural = _("budgets de confidentialité dépensés")
        constraints = [models.UniqueConstraint(fields=["establishment", "period"], name="privacy_spend_once")]

    def __str__(self):
        return f"{self.establishment} — {self.period} : ε={self.epsilon}"


class RollupTotal(models.Model):
    """Pre-aggregated raw sums of the current cells (DHIS2's analytics table), per indicator, period,
    level, unit of that level, académie of the contributing establishments and breakdown cell.

    No status is kept: suppression depends on each group's threshold and neighbours, so roll-ups
    re-apply it on every read (:mod:`.rollups`). :mod:`.rollup_totals` keeps the rows in step.
    """

    class Level(models.TextChoices):
        BASSIN = "bassin", _("bassin")
        DEPARTEMENT = "departement", _("département")
        ACADEMIE = "academie", _("académie")
        NETWORK = "network", _("réseau")

    indicator = models.CharField(_("indicateur"), max_length=80)
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("période"), on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    unit = models.CharField(_("unité"), max_length=150, blank=True,
                            help_text=_("Nom du bassin, code du département, identifiant de l'académie ou du réseau."))
    academie = models.ForeignKey("fiches.Academie", verbose_name=_("académie des contributeurs"),
                                 on_delete=models.CASCADE, related_name="+")
    breakdown_key = models.CharField(_("clé de ventilation"), max_length=255, blank=True)
    total = models.DecimalField(_("somme des valeurs publiées"), max_digits=32, decimal_places=12, default=0)
    contributors = models.IntegerField(_("cellules contributrices"), default=0)
    secrets = models.IntegerField(_("cellules secrètes"), default=0)
    # When the row last changed: what caches of the figures read from the table are keyed on.
    changed_at = models.DateTimeField(_("dernière modification"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("agrégat pré-calculé")
        verbose_name_plural = _("agrégats pré-calculés")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "level", "unit", "academie", "breakdown_key"],
                                    name="rollup_total_once"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period_id} {self.level}:{self.unit}[{self.breakdown_key}]"
