"""The coordination's import screen: upload a CSV export, check it, then confirm the same bytes."""
import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .imports.reader import MAX_BYTES
from .imports.runner import KINDS

# The confirmation sends the checked file back base64-encoded in a form field, which Django caps at
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default): MAX_BYTES (1.5 MB of CSV) is a whole lycée's students.


def kind_choices():
    return [(kind, module.TITLE) for kind, module in KINDS.items()]


class ImportUploadForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Nature du fichier"), choices=kind_choices)
    file = forms.FileField(label=_("Fichier CSV"), help_text=_(
        "Export du logiciel de scolarité, séparateur « ; » ou « , », encodage UTF-8 ou Windows-1252."),
        widget=forms.ClearableFileInput(attrs={"class": "fr-upload", "accept": ".csv,.txt,text/csv"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 1,5 Mo : découpez-le par classes."))
        return upload

    def content(self) -> bytes:
        return self.cleaned_data["file"].read()


class ImportConfirmForm(DsfrBaseForm):
    kind = forms.ChoiceField(choices=kind_choices, widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def carrying(cls, kind: str, data: bytes) -> "ImportConfirmForm":
        return cls(initial={"kind": kind, "content": base64.b64encode(data).decode("ascii")})

    def clean_content(self) -> bytes:
        encoded = self.cleaned_data["content"]
        if len(encoded) > (MAX_BYTES + 2) // 3 * 4:
            raise forms.ValidationError(_("Le fichier dépasse 1,5 Mo : découpez-le par classes."))
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(_("Fichier à confirmer illisible : déposez-le de nouveau.")) from None
