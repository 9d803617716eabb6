"""Forms of the Semaine de la persévérance (seed 002): the action before the week, the bilan after."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fiches.control_characters import ControlCharactersGuard
from fiches.models import FichePage
from fiches.models.pages import SUMMARY_MAX_LENGTH
from fiches.models.semaine import PerseveranceWeekAction
from portal.date_fields import FrenchDateField

from .declarations import editable_establishments, open_weeks


class ActionDeclarationForm(ControlCharactersGuard, forms.ModelForm):
    create_draft_fiche = forms.BooleanField(
        label=_("Créer une fiche brouillon pour cette action"), required=False,
        help_text=_("Si aucune fiche existante n'est choisie ; la fiche pourra être complétée puis soumise à la modération."),
    )

    class Meta:
        model = PerseveranceWeekAction
        fields = ["week", "establishment", "fiche", "title", "public", "objectives", "description", "organisers",
                  "action_date", "communication"]
        field_classes = {"action_date": FrenchDateField}
        labels = {"week": _("Semaine de la persévérance")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        establishments = editable_establishments(user)
        self.fields["week"].queryset = open_weeks(user)
        self.fields["establishment"].queryset = establishments
        self.fields["fiche"].queryset = FichePage.objects.filter(lead_structure__in=establishments).order_by("title")
        self.fields["fiche"].required = False

    def clean(self):
        cleaned = super().clean()
        week, establishment = cleaned.get("week"), cleaned.get("establishment")
        if week and establishment and establishment.academie_id != week.academie_id:
            self.add_error("week", _("Cette Semaine n'est pas celle de l'académie de l'établissement."))
        fiche = cleaned.get("fiche")
        if fiche and establishment and fiche.lead_structure_id != establishment.pk:
            self.add_error("fiche", _("Cette fiche n'est pas portée par l'établissement choisi."))
        objectives = cleaned.get("objectives") or ""
        if not fiche and cleaned.get("create_draft_fiche") and len(objectives) > SUMMARY_MAX_LENGTH:
            self.add_error("objectives", _(
                "Les objectifs deviennent le résumé de la fiche brouillon, qui tient en %(max)s caractères au plus "
                "(actuellement %(length)s) : raccourcissez-les, ou déclarez l'action sans créer de fiche."
            ) % {"max": SUMMARY_MAX_LENGTH, "length": len(objectives)})
        return cleaned


class BilanForm(ControlCharactersGuard, forms.ModelForm):
    class Meta:
        model = PerseveranceWeekAction
        fields = ["participants", "success_factors", "valorisation", "assessment"]
