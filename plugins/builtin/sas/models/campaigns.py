import calendar
import datetime as dt
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.timezones import METROPOLITAN_ZONE, french_time_zone_choices
from portal.create_once import creation_token_field

DEFAULT_TIME_ZONE = METROPOLITAN_ZONE
# Longest retention of a campaign's student records after its evaluation: the school year after the
# programme, no more (the bound and its legal source are in docs/sas.md, « Durée de conservation »).
MAX_RETENTION_MONTHS = 24


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` later, clamped to the end of a shorter month (and to the last representable day)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def time_zone_choices() -> list[tuple[str, str]]:
    """France's territories' zones: a campaign is run by a French school (migrations name this function)."""
    return french_time_zone_choices()


class Campaign(models.Model):
    """One SAS programme of an establishment for a school year, with the dates of seed 000's steps.

    Dates are calendar dates of the establishment; session times are shown in ``time_zone``
    (overseas académies: America/Cayenne, Indian/Reunion…).
    """

    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), on_delete=models.CASCADE, related_name="sas_campaigns"
    )
    name = models.CharField(_("nom"), max_length=200)
    school_year = models.CharField(_("année scolaire"), max_length=9, help_text=_("Par exemple 2023-2024."))
    time_zone = models.CharField(_("fuseau horaire"), max_length=64, choices=time_zone_choices, default=DEFAULT_TIME_ZONE)
    referral_deadline = models.DateField(_("fin du repérage"))
    interviews_start = models.DateField(_("début des entretiens"))
    interviews_end = models.DateField(_("fin des entretiens"))
    information_meeting_date = models.DateField(_("information collective"))
    programme_start = models.DateField(_("début du programme"))
    programme_end = models.DateField(_("fin du programme"))
    evaluation_date = models.DateField(_("évaluation"))
    retention_months = models.PositiveSmallIntegerField(
        _("durée de conservation (mois)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_("Après l'évaluation, de 1 à 24 mois ; passé ce délai, les dossiers d'élèves sont supprimés "
                    "par sas_purge."),
    )
    creation_token = creation_token_field()

    class Meta:
        ordering = ["-programme_start"]
        verbose_name = _("campagne SAS")
        verbose_name_plural = _("campagnes SAS")

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    def clean(self):
        order = [self.interviews_start, self.interviews_end]
        if all(order) and order[0] > order[1]:
            raise ValidationError(_("Les entretiens finissent avant de commencer."))
        if self.programme_start and self.programme_end and self.programme_start > self.programme_end:
            raise ValidationError(_("Le programme finit avant de commencer."))
        if re.fullmatch(r"\d{4}-\d{4}", self.school_year or "") and int(self.school_year[:4]) >= 1:
            self._check_in_school_year()

    DATE_FIELDS = ("referral_deadline", "interviews_start", "interviews_end", "information_meeting_date",
                   "programme_start", "programme_end", "evaluation_date")

    def _check_in_school_year(self) -> None:
        """Every date lies in the school year: its sessions stay within a year (a weekly series of 53 at most) and
        within the calendar the database stores (a programme from year 1 to 9999 was accepted)."""
        first, last = self.school_year_start, self.school_year_end
        outside = [str(self._meta.get_field(name).verbose_name) for name in self.DATE_FIELDS
                   if getattr(self, name) and not first <= getattr(self, name) <= last]
        if outside:
            raise ValidationError(_("Les dates d'une campagne sont dans son année scolaire, du %(first)s au %(last)s ; "
                                    "ne le sont pas : %(fields)s.") % {
                "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}", "fields": ", ".join(outside)})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def school_year_start(self) -> dt.date:
        """1 August of the school year's first calendar year: rosters are imported from then on."""
        return dt.date(int(self.school_year[:4]), 8, 1)

    @property
    def school_year_end(self) -> dt.date:
        """31 July of the school year's second calendar year."""
        return dt.date(int(self.school_year[:4]) + 1, 7, 31)

    # Each step's dates, as two of the campaign's date attributes: the repérage from 1 August, parents
    # informed after the first interview and by the end of the programme, the bilan after the programme.
    STEP_DATES = {
        "referral": ("school_year_start", "referral_deadline"),
        "interview": ("interviews_start", "interviews_end"),
        "parents": ("interviews_start", "programme_end"),
        "programme": ("programme_start", "programme_end"),
        "evaluation": ("programme_end", "evaluation_date"),
    }

    def step_dates(self, step: str) -> tuple[dt.date, dt.date]:
        """First and last day of ``step`` (a key of STEP_DATES)."""
        first, last = self.STEP_DATES[step]
        return getattr(self, first), getattr(self, last)

    def proposed_day(self, step: str) -> dt.date:
        """The date a form proposes for ``step``: today (on the campaign's wall clocks) while the step is
        under way, else the nearer end of its dates, so a past or future campaign's record is never dated today."""
        first, last = self.step_dates(step)
        return min(max(timezone.localdate(timezone=self.zone), first), last)

    @property
    def expires_on(self) -> dt.date:
        """Day from which the campaign's student records must be purged."""
        return add_months(self.evaluation_date, self.retention_months)


class Workshop(models.Model):
    """A thematic workshop of the campaign (seed 000: groups of 4-5, 8-9 for CPS)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="workshops")
    name = models.CharField(_("nom"), max_length=200)
    discipline = models.CharField(_("discipline"), max_length=200, blank=True)
    group_size_min = models.PositiveSmallIntegerField(_("taille minimale du groupe"), default=4)
    group_size_max = models.PositiveSmallIntegerField(_("taille maximale du groupe"), default=5)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("intervenants"), blank=True, related_name="sas_workshops"
    )
    creation_token = creation_token_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")

    def __str__(self):
        return self.name

    def clean(self):
        if self.group_size_min > self.group_size_max:
            raise ValidationError(_("La taille minimale du groupe dépasse la taille maximale."))


class WorkshopSession(models.Model):
    workshop = models.ForeignKey(Workshop, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    room = models.CharField(_("salle"), max_length=100, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")

    def __str__(self):
        local = self.starts_at.astimezone(self.workshop.campaign.zone)
        return f"{self.workshop} — {local:%d/%m/%Y %H:%M}"


class InformationMeeting(models.Model):
    """Step 5, information collective: direction, SAS team, PP and CPE, in person or by video."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("présentiel")
        VIDEO = "video", _("visio")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="information_meetings")
    starts_at = models.DateTimeField(_("date et heure"))
    mode = models.CharField(_("modalité"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    notes = models.TextField(_("compte rendu"), blank=True)
    creation_token = creation_token_field()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("information collective")
        verbose_name_plural = _("informations collectives")
