"""The /integrer/ form: what the widget shows and which sites may show it."""
from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from fiches.control_characters import ControlCharactersGuard
from fiches.models import Academie, Theme
from portal.create_once import CreateOnceForm

from .models import Widget
from .origins import parse_origins
from .permissions import managed_academie_ids, manageable_networks


class WidgetForm(ControlCharactersGuard, CreateOnceForm, DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Widget
        fields = ["title", "kind", "network", "academie", "theme", "allowed_origins"]
        widgets = {"allowed_origins": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["network"].queryset = manageable_networks(user)
        self.fields["academie"].queryset = Academie.objects.filter(page__isnull=False).order_by("valid_to", "name")
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["network"].help_text = _("Le widget montre les fiches de ce réseau, ou à défaut celles de l'académie.")
        self.fields["academie"].help_text = _("Pour un réseau, restreint ses fiches à cette académie (facultatif).")
        self.fields["allowed_origins"].required = True
        self.fields["allowed_origins"].error_messages["required"] = _("Indiquez au moins un site qui affichera le widget.")

    def clean_allowed_origins(self):
        origins = parse_origins(self.cleaned_data["allowed_origins"])
        if not origins:  # blank lines only
            raise forms.ValidationError(self.fields["allowed_origins"].error_messages["required"])
        return "\n".join(origins)

    def clean(self):
        data = super().clean()
        network, academie = data.get("network"), data.get("academie")
        if not network and not academie:
            raise forms.ValidationError(_("Choisissez le réseau ou l'académie dont le widget montre les fiches."))
        if not network and academie and academie.pk not in managed_academie_ids(self.user):
            self.add_error("academie", _("Vous ne modérez pas cette académie : choisissez l'un de vos réseaux "
                                         "ou une académie que vous modérez."))
        return data
