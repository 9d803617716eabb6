"""The « Importer une fiche » page of the Wagtail admin: upload a document, get a draft to edit."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..control_characters import ControlCharactersGuard
from ..models import Academie, Establishment
from . import limits
from .base import FicheImportError
from .service import filing_structures, import_document


def can_import(user) -> bool:
    """Users who may add pages somewhere (editors, moderators, superusers) may import."""
    return user.is_active and PagePermissionPolicy().user_has_permission(user, "add")


class ImportForm(ControlCharactersGuard, forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Document de la fiche"),
        help_text=gettext_lazy(
            "Texte, Markdown (.txt, .md) ou Word (.docx) avec les rubriques habituelles : « Intitulé de "
            "l'action », « Lieu », « Public concerné », « Descriptif », « Résultats observés », « Organisation »."
        ),
    )
    academie = forms.ModelChoiceField(
        label=gettext_lazy("Académie"),
        queryset=Academie.objects.all(),
        to_field_name="code",
        required=False,
        help_text=gettext_lazy("À préciser quand la commune du « Lieu » ne permet pas de la déterminer."),
    )
    structure = forms.ModelChoiceField(
        label=gettext_lazy("Structure porteuse"),
        queryset=Establishment.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Laissée vide, la structure est reconnue d'après la ligne « Etablissement : … » (ou le code UAI) "
            "du document ; sinon la fiche est portée par celle choisie ici."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["structure"].queryset = filing_structures(user)[0]

    def clean_document(self):
        document = self.cleaned_data["document"]
        try:
            limits.check_upload_size(document.name, document.size)
        except FicheImportError as error:
            raise forms.ValidationError(error.messages) from error
        return document


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        academie = form.cleaned_data["academie"]
        try:
            page = import_document(
                upload.name, upload.read(), user=request.user, academie=academie.code if academie else None,
                structure=form.cleaned_data["structure"],
            )
        except FicheImportError as error:
            for message in error.messages:
                form.add_error("document", message)
            if error.not_understood:
                form.add_error(None, _("Non compris : %(lines)s") % {"lines": " ; ".join(error.not_understood)})
        else:
            messages.success(request, _("Brouillon créé depuis « %(name)s » : vérifiez-le puis soumettez-le.") % {
                "name": upload.name
            })
            if page.import_not_understood:
                messages.warning(request, _("Lignes non reprises : %(lines)s") % {
                    "lines": " ; ".join(page.import_not_understood)
                })
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request, "fiches/admin/import_fiche.html", {"form": form, "page_title": _("Importer une fiche")}
    )
