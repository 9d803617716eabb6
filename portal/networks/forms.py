"""Forms of the network screens: events, members, follows."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from fiches.models import Establishment, FichePage

from .listing import network_fiches
from .models import Event, Follow, NetworkPerson
from .places import locate_event


class EventForm(DsfrBaseForm, forms.ModelForm):
    """An event written in local time: the date and hours are those of the place."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Heure de début (heure du lieu)"),
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Heure de fin (heure du lieu)"),
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_date = forms.DateField(label=_("Date de fin"), required=False,
                               help_text=_("Seulement si l'événement dure plusieurs jours."),
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = Event
        fields = ["title", "kind", "description", "place_name", "address", "commune", "departement",
                  "establishment", "audience", "registration_open", "capacity", "fiches"]
        help_texts = {"commune": _("Ex. « Celles-sur-Belle » ou « Saint-Denis (974) »."),
                      "departement": _("Facultatif : précise une commune homonyme (ex. 79, 974).")}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["establishment"].queryset = Establishment.objects.filter(network_links__network=network)
        self.fields["fiches"].queryset = network_fiches(network).order_by("title")
        self.fields["fiches"].required = False
        if self.instance.pk:
            start, end = self.instance.local_start, self.instance.local_end
            self.initial.update(date=start.date(), start_time=start.time(), end_time=end.time(),
                                end_date=end.date() if end.date() != start.date() else None)

    def clean(self):
        cleaned = super().clean()
        event = self.instance
        event.commune = cleaned.get("commune") or ""
        event.departement = cleaned.get("departement") or ""
        event.establishment = cleaned.get("establishment")
        if not event.commune and event.establishment is None:
            self.add_error("commune", _("Indiquez la commune du lieu ou l'établissement d'accueil."))
            return cleaned
        error = locate_event(event)
        if error:
            self.add_error("commune", error)
            return cleaned
        # The form writes these fields back on the event: keep the resolved commune.
        cleaned["commune"], cleaned["departement"] = event.commune, event.departement
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date and start and end:
            zone = ZoneInfo(event.time_zone)
            event.starts_at = dt.datetime.combine(date, start, tzinfo=zone)
            event.ends_at = dt.datetime.combine(cleaned.get("end_date") or date, end, tzinfo=zone)
            if event.ends_at < event.starts_at:
                self.add_error("end_time", _("La fin de l'événement précède son début."))
        return cleaned

    def save(self, commit=True):
        event = super().save(commit=False)
        event.network = self.network
        if event.pk:
            event.sequence += 1
        if commit:
            event.save()
            self.save_m2m()
        return event


class EstablishmentChoiceForm(DsfrBaseForm):
    """Add a member establishment by its UAI code or its exact name."""

    establishment = forms.CharField(label=_("Établissement (code UAI ou nom exact)"), max_length=255)

    def clean_establishment(self):
        text = self.cleaned_data["establishment"].strip()
        found = list(Establishment.objects.filter(uai=text.upper())[:1]) or list(
            Establishment.objects.filter(name__iexact=text)[:2])
        if not found:
            raise forms.ValidationError(_("Aucun établissement ne porte ce code UAI ou ce nom : « %(text)s ».")
                                        % {"text": text})
        if len(found) > 1:
            raise forms.ValidationError(_("Plusieurs établissements portent ce nom : indiquez le code UAI."))
        return found[0]


class PersonForm(DsfrBaseForm):
    """Add a person (an existing account, by e-mail address) with a role."""

    email = forms.EmailField(label=_("Courriel de la personne"))
    role = forms.ChoiceField(label=_("Rôle"), choices=NetworkPerson.Role.choices)
    function = forms.CharField(label=_("Fonction"), max_length=150, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"]
        users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
        if len(users) != 1:
            raise forms.ValidationError(
                _("Aucun compte actif n'utilise ce courriel : invitez d'abord la personne sur Accroche."))
        return users[0]


class FrequencyForm(DsfrBaseForm):
    frequency = forms.ChoiceField(label=_("Recevoir les nouveautés"), choices=Follow.Frequency.choices)


class FicheTagForm(DsfrBaseForm):
    """Tag a published fiche for the network, by its address or number."""

    fiche = forms.CharField(label=_("Adresse ou numéro de la fiche"), max_length=500)

    def clean_fiche(self):
        text = self.cleaned_data["fiche"].strip()
        queryset = FichePage.objects.live()
        if text.isdigit():
            fiche = queryset.filter(pk=int(text)).first()
        else:
            path = urlsplit(text).path.strip("/")
            fiche = queryset.filter(url_path__endswith=f"/{path}/").first() if path else None
        if fiche is None:
            raise forms.ValidationError(_("Aucune fiche publiée ne correspond à « %(text)s ».") % {"text": text[:100]})
        return fiche
