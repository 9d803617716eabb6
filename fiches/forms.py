"""The fiche editing form: an editor may only file fiches for their own structures."""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class FichePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or user.is_superuser or "lead_structure" not in self.fields:
            return
        from portal.accounts.roles import establishment_ids, moderated_academie_ids

        from .models import Establishment

        moderated = moderated_academie_ids(user)
        allowed = Establishment.objects.filter(pk__in=establishment_ids(user)) | Establishment.objects.filter(
            academie_id__in=moderated
        )
        self.fields["lead_structure"].queryset = allowed.distinct()

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
