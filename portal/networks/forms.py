"""Forms of the network screens: events, members, follows."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from fiches.ascii_digits import is_ascii_digits
from fiches.control_characters import ControlCharactersGuard
from fiches.listing import published_fiches
from fiches.models import Establishment
from fiches.visibility import PUBLIC_AUDIENCE
from portal.create_once import CreateOnceForm
from portal.date_fields import FrenchDateField, FrenchTimeField

from .listing import network_fiches
from .models import Event, Follow, Network, NetworkPerson
from .places import locate_event


class EventForm(ControlCharactersGuard, CreateOnceForm, DsfrBaseForm, forms.ModelForm):
    """An event written in local time: the date and hours are those of the place."""

    date = FrenchDateField(label=_("Date"))
    start_time = FrenchTimeField(label=_("Heure de début (heure du lieu)"))
    end_time = FrenchTimeField(label=_("Heure de fin (heure du lieu)"))
    end_date = FrenchDateField(label=_("Date de fin"), required=False,
                               help_text=_("Seulement si l'événement dure plusieurs jours."))

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
        # No places at all made an event nobody could register for: one at least, or none said (no limit).
        capacity = self.fields["capacity"]
        capacity.validators.append(MinValueValidator(1, _("Indiquez au moins une place, ou laissez vide s'il n'y a "
                                                          "pas de limite.")))
        capacity.widget.attrs["min"] = 1
        capacity.help_text = _("Laissez vide s'il n'y a pas de limite.")
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
            if not _representable(event.starts_at, event.ends_at):
                self.add_error("date", _("Cette date, à l'heure du lieu, sort du calendrier enregistrable (an 1 à "
                                         "an 9999 en temps universel) : vérifiez l'année."))
            elif event.ends_at < event.starts_at:
                self.add_error("end_time", _("La fin de l'événement précède son début."))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        """The event, its SEQUENCE raised from the stored one under the row's lock, so that two edits at once
        raise it twice (RFC 5545 orders versions by it)."""
        event = super().save(commit=False)
        event.network = self.network
        if event.pk:
            event.sequence = Event.objects.select_for_update().values_list("sequence", flat=True).get(pk=event.pk) + 1
        if commit:
            event.save()
            self.save_m2m()
        return event


class CancellationForm(ControlCharactersGuard, DsfrBaseForm):
    """The coordination's optional word to the registered people, sent with the cancellation."""

    message = forms.CharField(
        label=_("Message aux personnes inscrites (facultatif)"), required=False,
        max_length=Event._meta.get_field("cancellation_message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Par exemple la raison de l'annulation ou la date d'un report : 2 000 caractères au plus."))


def _representable(*moments: dt.datetime) -> bool:
    """Whether each local moment has a UTC time (years 1 to 9999), as the database stores it: 1 January of year 1
    in the morning, or 31 December 9999 in the evening overseas, has none."""
    try:
        for moment in moments:
            moment.astimezone(dt.timezone.utc)
    except OverflowError:
        return False
    return True


def active_account(email: str):
    """The one active account using ``email``, or a French refusal."""
    users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
    if len(users) != 1:
        raise forms.ValidationError(
            _("Aucun compte actif n'utilise le courriel %(email)s : invitez d'abord la personne sur Accroche.")
            % {"email": email})
    return users[0]


MAX_COORDINATORS = 20  # more people are added afterwards, from the network's management page


class NetworkCreationForm(ControlCharactersGuard, CreateOnceForm, DsfrBaseForm, forms.ModelForm):
    """A new network of one of the académies its creator administers or moderates, with its coordinators.
    Their list is bounded (its length, then its number of addresses, each one looked up)."""

    coordinators = forms.CharField(
        label=_("Coordination du réseau (courriels)"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_COORDINATORS * 255,
        error_messages={"max_length": _(
            "La liste est trop longue (%(show_value)s caractères, au plus %(limit_value)s) : nommez ici la seule "
            "coordination, les autres personnes s'ajoutent ensuite depuis la page de gestion du réseau.")},
        help_text=_("Un courriel par ligne : des personnes qui ont déjà un compte sur Accroche. Elles gèrent "
                    "ensuite les membres, les fiches et les événements du réseau."),
    )

    class Meta:
        model = Network
        fields = ["name", "kind", "academie", "bassin", "description", "contact_email"]

    def __init__(self, *args, academies, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        academie = self.fields["academie"]
        academie.queryset = academies.order_by("name")
        academie.required = not national
        academie.empty_label = _("National ou inter-académique") if national else None
        if not national:
            academie.help_text = _("Une académie que vous administrez ou modérez.")
        academie.error_messages["invalid_choice"] = _(
            "Vous créez un réseau seulement pour une académie que vous administrez ou modérez.")

    def clean_coordinators(self):
        """The coordinators' accounts; every address without one is named in the refusal."""
        emails = list(filter(None, re.split(r"[\s,;]+", self.cleaned_data["coordinators"])))
        if len(emails) > MAX_COORDINATORS:
            raise forms.ValidationError(
                _("Indiquez au plus %(max)s courriels (%(count)s reçus) : les autres personnes s'ajoutent ensuite "
                  "depuis la page de gestion du réseau.") % {"max": MAX_COORDINATORS, "count": len(emails)})
        users, errors = {}, []
        for email in emails:
            try:
                user = active_account(email)
            except forms.ValidationError as error:
                errors.append(error)
            else:
                users[user.pk] = user
        if errors:
            raise forms.ValidationError(errors)
        return list(users.values())

    @transaction.atomic
    def save(self, commit=True):
        network = super().save(commit=False)
        self._insert_with_free_slug(network)
        for user in self.cleaned_data["coordinators"]:
            NetworkPerson.objects.create(network=network, user=user, role=NetworkPerson.Role.COORDINATOR)
        return network

    def _insert_with_free_slug(self, network: Network, attempts: int = 10) -> None:
        """Insert ``network`` under the first free address; when a simultaneous creation (another form of the same
        name) took that address between the check and the insert, the next number is tried. The same form sent
        twice is no such case: its second insert fails on the token, which :meth:`save_once` answers."""
        for attempt in range(attempts):
            network.slug = self._free_slug()
            try:
                with transaction.atomic():
                    network.save(force_insert=True)
                return
            except IntegrityError:
                if (attempt == attempts - 1 or not Network.objects.filter(slug=network.slug).exists()
                        or _token_taken(network)):
                    raise

    def _free_slug(self) -> str:
        """The name as an address, numbered when taken (« nouveau » is the creation page's own)."""
        base = slugify(self.cleaned_data["name"])[:70] or "reseau"
        slug, number = base, 1
        while slug == "nouveau" or Network.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug


def _token_taken(network: Network) -> bool:
    """Whether the same form, sent at the same moment, created its network: not a taken address to number."""
    token = network.creation_token
    return token is not None and Network.objects.filter(creation_token=token).exists()


class EstablishmentChoiceForm(ControlCharactersGuard, DsfrBaseForm):
    """Add a member establishment by its UAI code or its exact name; a network of an académie takes the
    establishments of that académie only (its coordination reads its members' indicator figures, which the
    analysts of another académie's establishments alone may read)."""

    establishment = forms.CharField(label=_("Établissement (code UAI ou nom exact)"), max_length=255)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network

    def clean_establishment(self):
        text = self.cleaned_data["establishment"].strip()
        found = list(Establishment.objects.filter(uai=text.upper())[:1]) or list(
            Establishment.objects.filter(name__iexact=text)[:2])
        if not found:
            raise forms.ValidationError(_("Aucun établissement ne porte ce code UAI ou ce nom : « %(text)s ».")
                                        % {"text": text})
        if len(found) > 1:
            raise forms.ValidationError(_("Plusieurs établissements portent ce nom : indiquez le code UAI."))
        academie = self.network.academie if self.network else None
        if academie is not None and found[0].academie_id != academie.pk:
            raise forms.ValidationError(
                _("%(name)s relève d'une autre académie que ce réseau (%(academie)s) : seul un réseau national "
                  "accueille des établissements de plusieurs académies.") % {"name": found[0].name,
                                                                            "academie": academie.title})
        return found[0]


class PersonForm(ControlCharactersGuard, DsfrBaseForm):
    """Add a person (an existing account, by e-mail address) with a role."""

    email = forms.EmailField(label=_("Courriel de la personne"))
    role = forms.ChoiceField(label=_("Rôle"), choices=NetworkPerson.Role.choices)
    function = forms.CharField(label=_("Fonction"), max_length=150, required=False)

    def clean_email(self):
        return active_account(self.cleaned_data["email"])


class FrequencyForm(ControlCharactersGuard, DsfrBaseForm):
    frequency = forms.ChoiceField(label=_("Recevoir les nouveautés"), choices=Follow.Frequency.choices)


class FicheTagForm(ControlCharactersGuard, DsfrBaseForm):
    """Tag a published fiche for the network, by its address or number: one its coordinator may see
    (a tag opens a network-only fiche to the network's members, see fiches.visibility)."""

    fiche = forms.CharField(label=_("Adresse ou numéro de la fiche"), max_length=500)

    def __init__(self, *args, audience=PUBLIC_AUDIENCE, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience = audience

    def clean_fiche(self):
        text = self.cleaned_data["fiche"].strip()
        queryset = published_fiches(self.audience)
        if is_ascii_digits(text):
            fiche = queryset.filter(pk=int(text)).first()
        else:
            path = urlsplit(text).path.strip("/")
            fiche = queryset.filter(url_path__endswith=f"/{path}/").first() if path else None
        if fiche is None:
            raise forms.ValidationError(_("Aucune fiche publiée ne correspond à « %(text)s ».") % {"text": text[:100]})
        return fiche
