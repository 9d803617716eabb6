"""The fiche editing form: an editor may only file fiches for their own structures."""
import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


def ensure_current_school_years(today: dt.date | None = None) -> None:
    """The current school year and the next one always exist in the choosers (September to August)."""
    from .models import SchoolYear

    today = today or timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    for year in (start, start + 1):
        SchoolYear.objects.get_or_create(code=f"{year}-{year + 1}")


class FichePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ensure_current_school_years()
        user = getattr(self, "for_user", None)
        if user is None or user.is_superuser or "lead_structure" not in self.fields:
            return
        self._offer_own_structures(user)

    def _offer_own_structures(self, user):
        """A plain list of the structures that may lead the fiche: the user's own first, then those of the
        académies they moderate; any other establishment can only be a partner."""
        from fiches.roles import establishment_ids, moderated_academie_ids

        from .models import Establishment

        own = list(Establishment.objects.filter(pk__in=establishment_ids(user)))
        moderated = list(
            Establishment.objects.filter(academie_id__in=moderated_academie_ids(user)).exclude(pk__in=[s.pk for s in own])
        )
        field = self.fields["lead_structure"]
        field.queryset = Establishment.objects.filter(pk__in=[s.pk for s in own + moderated])
        groups = [(_("Vos structures"), [(s.pk, str(s)) for s in own])]
        if moderated:
            groups.append((_("Structures des académies que vous modérez"), [(s.pk, str(s)) for s in moderated]))
        field.widget = forms.Select(choices=[("", "---------"), *[g for g in groups if g[1]]])
        names = ", ".join(s.name for s in own) or _("aucune")
        field.help_text = _(
            "Seules vos structures portent une fiche (%(names)s) ; les autres établissements s'ajoutent comme "
            "partenaires, dans le champ « Établissements partenaires »."
        ) % {"names": names}
        field.error_messages["invalid_choice"] = _(
            "Cette structure n'est pas la vôtre : choisissez l'une de vos structures (%(names)s) comme structure "
            "porteuse et ajoutez l'autre comme établissement partenaire."
        ) % {"names": names}
        if not self.instance.pk and not self.is_bound and self.parent_page is not None:
            section = self.parent_page.specific.academie.moderating_academie.pk
            mine = [s for s in own if s.academie.moderating_academie.pk == section]
            if mine and not self.initial.get("lead_structure"):
                self.initial["lead_structure"] = mine[0].pk

    def clean(self):
        cleaned_data = super().clean()
        lead = cleaned_data.get("lead_structure")
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if lead is not None and parent is not None:
            parent_academie = parent.specific.academie
            if lead.academie.moderating_academie.pk != parent_academie.moderating_academie.pk:
                self.add_error(
                    "lead_structure",
                    forms.ValidationError(
                        _(
                            "« %(structure)s » relève de l'académie %(lead)s : créez la fiche dans la "
                            "section de cette académie, pas dans celle de %(parent)s."
                        )
                        % {"structure": lead.name, "lead": lead.academie.name, "parent": parent_academie.name}
                    ),
                )
        return cleaned_data
