"""The coordination's import screen: upload a CSV export, check it, then confirm the same bytes."""
import base64
import binascii

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from fiches.control_characters import ControlCharactersGuard

from .imports.reader import MAX_BYTES
from .imports.runner import KINDS

# The confirmation sends the checked file back base64-encoded in a form field, which Django caps at
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default): MAX_BYTES (1.5 MB of CSV) is a whole lycée's students.


TOO_LARGE = _("Le fichier dépasse 1,5 Mo : découpez-le par classes.")


class BoundedUploadHandler(FileUploadHandler):
    """Stops keeping an upload once it passes MAX_BYTES: the rest of a huge file is read and dropped, never
    stored in memory or on disk. (Not resetting the connection lets the browser receive the answer.)

    It marks the request (``sas_upload_too_large``) so that the form can say why the file is missing.
    """

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_BYTES:
            self.request.sas_upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def kind_choices():
    return [(kind, module.TITLE) for kind, module in KINDS.items()]


class ImportUploadForm(ControlCharactersGuard, DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Nature du fichier"), choices=kind_choices)
    file = forms.FileField(label=_("Fichier CSV ou XML"), help_text=_(
        "Export du logiciel de scolarité : CSV (séparateur « ; » ou « , », encodage UTF-8 ou Windows-1252) ou XML "
        "(SIECLE ElevesSansAdresses.xml ; STS-web sts_emp_UAI_année.xml ou EDT EXP_COURS.xml)."),
        widget=forms.ClearableFileInput(attrs={"class": "fr-upload", "accept": ".csv,.txt,.xml,text/csv,text/xml,application/xml"}))

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        return upload

    def clean(self):
        if self.too_large:  # the upload was stopped, so the field is empty: say why instead of « required »
            self._errors.pop("file", None)
            self.add_error("file", TOO_LARGE)
        return super().clean()

    def content(self) -> bytes:
        return self.cleaned_data["file"].read()


class ImportConfirmForm(ControlCharactersGuard, DsfrBaseForm):
    kind = forms.ChoiceField(choices=kind_choices, widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def carrying(cls, kind: str, data: bytes) -> "ImportConfirmForm":
        return cls(initial={"kind": kind, "content": base64.b64encode(data).decode("ascii")})

    def clean_content(self) -> bytes:
        encoded = self.cleaned_data["content"]
        if len(encoded) > (MAX_BYTES + 2) // 3 * 4:
            raise forms.ValidationError(TOO_LARGE)
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(_("Fichier à confirmer illisible : déposez-le de nouveau.")) from None
