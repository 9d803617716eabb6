"""Forms of the coordination's setup screens: campaign, workshops, sessions, team, information collective.

Times are entered in the campaign's time zone (``Campaign.zone``) and combined here into aware
datetimes, so what is stored is the right UTC instant whatever the server's own time zone.
"""
import datetime as dt
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from geo.timezones import time_zone_for
from fiches.control_characters import ControlCharactersGuard
from portal.create_once import CreateOnceForm
from portal.date_fields import FrenchDateField, FrenchTimeField

from .forms import CHOICES
from .models import Campaign, InformationMeeting, SasMembership, Weekday, Workshop
from .models.campaigns import MAX_RETENTION_MONTHS


def in_zone(day: dt.date, time: dt.time, zone) -> dt.datetime:
    """The instant of ``day`` at ``time`` on the wall clocks of ``zone``."""
    return dt.datetime.combine(day, time, tzinfo=zone)


class CampaignForm(ControlCharactersGuard, CreateOnceForm, forms.ModelForm, DsfrBaseForm):
    """A campaign's name and dates; the establishment is chosen only when it is created."""

    class Meta:
        model = Campaign
        fields = [
            "establishment", "name", "school_year", "time_zone", "referral_deadline", "interviews_start",
            "interviews_end", "information_meeting_date", "programme_start", "programme_end", "evaluation_date",
            "retention_months",
        ]
        field_classes = {name: FrenchDateField for name in (
            "referral_deadline", "interviews_start", "interviews_end", "information_meeting_date", "programme_start",
            "programme_end", "evaluation_date",
        )}

    def __init__(self, *args, establishments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["establishment"]
            self.fields["time_zone"].help_text = _(
                "Les séances déjà créées gardent leur instant : changer de fuseau décale leur heure locale."
            )
            self.keep_zone_offered(self.instance.time_zone)
        else:
            self.fields["establishment"].queryset = self.fields["establishment"].queryset.filter(
                pk__in=[e.pk for e in establishments]
            )
            if len(establishments) == 1:
                self.fields["establishment"].initial = establishments[0].pk
                self.fields["time_zone"].initial = time_zone_for(establishments[0].departement)
        self.fields["retention_months"].widget.attrs.update(min=1, max=MAX_RETENTION_MONTHS)

    def keep_zone_offered(self, zone: str) -> None:
        """A campaign saved with a zone the list no longer offers keeps it, rather than being moved to the first."""
        field = self.fields["time_zone"]
        if zone not in dict(field.choices):
            field.choices = [*field.choices, (zone, zone)]

    def clean_retention_months(self):
        months = self.cleaned_data["retention_months"]
        if not 1 <= months <= MAX_RETENTION_MONTHS:
            raise forms.ValidationError(
                _("La durée de conservation va de 1 à %(max)d mois après l'évaluation : au-delà, la loi ne permet pas "
                  "de garder les dossiers d'élèves.") % {"max": MAX_RETENTION_MONTHS})
        return months

    def clean_school_year(self):
        year = self.cleaned_data["school_year"]
        match = re.fullmatch(r"(\d{4})-(\d{4})", year)
        if not match or int(match[2]) != int(match[1]) + 1 or not int(match[1]):  # « 0000-0001 »: no year 0
            raise forms.ValidationError(_("Écrivez l'année scolaire sous la forme 2023-2024."))
        return year

    def clean(self):
        data = super().clean()
        meeting, start = data.get("information_meeting_date"), data.get("programme_start")
        if meeting and start and meeting > start:
            self.add_error("information_meeting_date",
                           _("L'information collective a lieu avant le début du programme."))
        end, evaluation = data.get("programme_end"), data.get("evaluation_date")
        if end and evaluation and evaluation < end:
            self.add_error("evaluation_date", _("L'évaluation a lieu après la fin du programme."))
        return data


class WorkshopForm(ControlCharactersGuard, CreateOnceForm, forms.ModelForm, DsfrBaseForm):
    """A workshop; its facilitators are chosen among the establishment's SAS team."""

    class Meta:
        model = Workshop
        fields = ["name", "discipline", "group_size_min", "group_size_max", "facilitators"]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}
        help_texts = {"group_size_max": _(
            "En général 4 à 5 élèves par groupe, 8 à 9 pour les compétences psychosociales (CPS)."
        )}

    def __init__(self, *args, establishment, **kwargs):
        super().__init__(*args, **kwargs)
        facilitators = self.fields["facilitators"]
        # Current facilitators stay choosable after leaving the team, so the workshop can still be saved.
        team = Q(sas_memberships__establishment=establishment)
        if self.instance.pk:
            team |= Q(pk__in=self.instance.facilitators.all())
        facilitators.queryset = get_user_model().objects.filter(team).distinct().order_by(
            "last_name", "first_name", "username"
        )
        facilitators.label_from_instance = display_name
        facilitators.template_name = CHOICES
        facilitators.help_text = _(
            "Seuls les enseignants d'atelier tiennent les feuilles de présence de leurs séances."
        )


class _SessionTimes(ControlCharactersGuard, DsfrBaseForm):
    starts = FrenchTimeField(label=_("Heure de début"))
    ends = FrenchTimeField(label=_("Heure de fin"))
    room = forms.CharField(label=_("Salle"), max_length=100, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("La séance finit avant de commencer."))
        return data

    def check_in_programme(self, field, day):
        campaign = self.campaign
        if day and not campaign.programme_start <= day <= campaign.programme_end:
            self.add_error(field, _("Choisissez une date du programme (du %(start)s au %(end)s).") % {
                "start": formats.date_format(campaign.programme_start),
                "end": formats.date_format(campaign.programme_end),
            })

    def instants(self, day) -> tuple[dt.datetime, dt.datetime]:
        zone = self.campaign.zone
        return in_zone(day, self.cleaned_data["starts"], zone), in_zone(day, self.cleaned_data["ends"], zone)


class SessionForm(_SessionTimes):
    """One session, on one day of the programme."""

    day = FrenchDateField(label=_("Date"))
    field_order = ["day", "starts", "ends", "room"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, campaign=campaign, **kwargs)
        self.fields["day"].initial = campaign.proposed_day("programme")

    def clean(self):
        data = super().clean()
        self.check_in_programme("day", data.get("day"))
        return data

    def days(self) -> list[dt.date]:
        return [self.cleaned_data["day"]]


class WeeklySessionsForm(_SessionTimes):
    """The same slot every week, by default over the whole programme."""

    weekday = forms.TypedChoiceField(label=_("Jour"), choices=Weekday.choices, coerce=int)
    first_day = FrenchDateField(label=_("À partir du"))
    last_day = FrenchDateField(label=_("Jusqu'au"))
    field_order = ["weekday", "starts", "ends", "room", "first_day", "last_day"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, campaign=campaign, **kwargs)
        self.fields["first_day"].initial = campaign.programme_start
        self.fields["last_day"].initial = campaign.programme_end

    def clean(self):
        data = super().clean()
        self.check_in_programme("first_day", data.get("first_day"))
        self.check_in_programme("last_day", data.get("last_day"))
        if not self.errors and data.get("weekday") and not self.days():
            raise forms.ValidationError(_("Aucun %(weekday)s entre ces deux dates.") % {
                "weekday": Weekday(data["weekday"]).label,
            })
        return data

    def days(self) -> list[dt.date]:
        first, last = self.cleaned_data["first_day"], self.cleaned_data["last_day"]
        day = first + dt.timedelta(days=(self.cleaned_data["weekday"] - first.isoweekday()) % 7)
        days = []
        while day <= last:
            days.append(day)
            day += dt.timedelta(weeks=1)
        return days


class MemberForm(ControlCharactersGuard, DsfrBaseForm):
    """Add someone to the SAS team: an existing account, or a new one for an e-mail address."""

    #: Also said when the same person, added twice at once (a double click), was added by the other request.
    already_there = _("%(user)s a déjà ce rôle dans l'équipe.")

    identifier = forms.CharField(
        label=_("Adresse électronique ou identifiant"), max_length=254,
        help_text=_(
            "Sans compte à cette adresse, un compte est créé et un lien pour choisir le mot de passe est envoyé."
        ),
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False,
                                 help_text=_("Pour un nouveau compte."))
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False, help_text=_("Pour un nouveau compte."))
    role = forms.ChoiceField(label=_("Rôle"), choices=SasMembership.Role.choices,
                             initial=SasMembership.Role.WORKSHOP_TEACHER)
    division = forms.CharField(label=_("Classe"), max_length=50, required=False,
                               help_text=_("Obligatoire pour un professeur principal : la classe dont il a la charge."))

    def __init__(self, *args, establishment, **kwargs):
        super().__init__(*args, **kwargs)
        self.establishment = establishment

    def clean_identifier(self):
        """The existing account (``user``), or the address of the account to create (``email``)."""
        identifier = self.cleaned_data["identifier"].strip()
        users = get_user_model().objects.filter(username__iexact=identifier)
        if not users:
            users = get_user_model().objects.filter(email__iexact=identifier)
        if len(users) > 1:
            raise forms.ValidationError(
                _("Plusieurs comptes ont cette adresse : saisissez l'identifiant du compte.")
            )
        self.cleaned_data["user"] = users[0] if users else None
        self.cleaned_data["email"] = ""
        if not users:
            try:
                validate_email(identifier)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Aucun compte n'a cet identifiant ; pour créer un compte, saisissez une adresse électronique.")
                ) from None
            self.cleaned_data["email"] = identifier.lower()
        return identifier

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == SasMembership.Role.PP and not data.get("division"):
            self.add_error("division", _("Indiquez la classe du professeur principal."))
        if role != SasMembership.Role.PP:
            data["division"] = ""
        user = data.get("user")
        if user and SasMembership.objects.filter(user=user, establishment=self.establishment, role=role).exists():
            raise forms.ValidationError(self.already_there % {"user": display_name(user)})
        return data


class InformationMeetingForm(ControlCharactersGuard, CreateOnceForm, forms.ModelForm, DsfrBaseForm):
    """Step 5: when (in the campaign's time zone), how, and the compte rendu."""

    day = FrenchDateField(label=_("Date"))
    time = FrenchTimeField(label=_("Heure"))

    class Meta:
        model = InformationMeeting
        fields = ["mode", "notes"]
        widgets = {"mode": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"notes": _("Présentation du profil et des besoins des élèves ; qui était présent.")}

    field_order = ["day", "time", "mode", "notes"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["mode"].template_name = CHOICES
        if self.instance.pk:
            local = self.instance.starts_at.astimezone(campaign.zone)
            self.initial.update(day=local.date(), time=local.time())
        else:
            self.initial.setdefault("day", campaign.information_meeting_date)

    def save(self, commit=True):
        self.instance.campaign = self.campaign
        self.instance.starts_at = in_zone(self.cleaned_data["day"], self.cleaned_data["time"], self.campaign.zone)
        return super().save(commit)


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()
