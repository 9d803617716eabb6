"""Forms of « placer les groupes dans la semaine » on the Planification screen: a facilitator's available slot
(HSE), a room with how many workshops it holds at once."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from fiches.control_characters import ControlCharactersGuard
from portal.date_fields import FrenchTimeField

from .models import FacilitatorSlot, PlanningRoom


class FacilitatorSlotForm(ControlCharactersGuard, forms.ModelForm, DsfrBaseForm):
    """One weekly slot of a workshop's facilitator; the choice lists the campaign's workshop facilitators."""

    #: Also said when the same slot, sent twice at once, reaches the database's unique constraint second.
    already_declared = _("Ce créneau est déjà déclaré pour cet intervenant.")
    starts = FrenchTimeField(label=_("Début"))
    ends = FrenchTimeField(label=_("Fin"))

    class Meta:
        model = FacilitatorSlot
        fields = ["facilitator", "weekday", "starts", "ends"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.fields["facilitator"].queryset = get_user_model().objects.filter(
            sas_workshops__campaign=campaign).distinct().order_by("last_name", "first_name", "username")
        self.fields["facilitator"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["facilitator"].help_text = _("Les intervenants des ateliers de la campagne.")

    def clean(self):
        data = super().clean()
        starts, ends, facilitator = data.get("starts"), data.get("ends"), data.get("facilitator")
        if starts and ends and starts >= ends:
            raise forms.ValidationError(_("Le créneau finit avant de commencer."))
        if starts and ends and facilitator and FacilitatorSlot.objects.filter(
                campaign=self.instance.campaign, facilitator=facilitator, weekday=data.get("weekday"),
                starts=starts, ends=ends).exists():
            raise forms.ValidationError(self.already_declared)
        return data


class PlanningRoomForm(ControlCharactersGuard, forms.ModelForm, DsfrBaseForm):
    already_declared = _("Cette salle est déjà déclarée.")

    class Meta:
        model = PlanningRoom
        fields = ["name", "concurrent_workshops"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if PlanningRoom.objects.filter(campaign=self.instance.campaign, name=name).exists():
            raise forms.ValidationError(self.already_declared)
        return name
