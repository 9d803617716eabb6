"""The one way a person types a date (or a time) in the portal's own forms: jj/mm/aaaa (hh:mm), in a text field.

A browser's date and time controls (``<input type="date">``, ``type="time"``) follow the browser's locale,
not the page's language: an English Chromium asks for mm/dd/yyyy and « 02:00 PM » on a French page. DSFR
text fields with the hint « Format attendu : JJ/MM/AAAA » (« HH:MM ») read the same in every browser. The
ISO forms (aaaa-mm-jj, what a date control, a script or an older bookmark sends) are accepted too, and
« 14h30 » for a time; anything else is refused with a French message and the typed text is shown again,
never replaced.

No ``pattern`` attribute: the browser would refuse a mismatch itself, in its own language.
"""
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"
TIME_FORMAT = "%H:%M"


class FrenchDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "size": 10, **(attrs or {})}, format=DATE_FORMAT)


class FrenchTimeInput(forms.TimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "size": 5, **(attrs or {})}, format=TIME_FORMAT)


class _FormatHint:
    """A temporal field read with ``formats``; its ``hint`` follows any help text of its own."""

    formats: list[str] = []
    hint = ""

    def __init__(self, *, help_text="", input_formats=None, **kwargs):
        help_text = format_lazy("{} {}", help_text, self.hint) if help_text else self.hint
        super().__init__(input_formats=input_formats or self.formats, help_text=help_text, **kwargs)


class FrenchDateField(_FormatHint, forms.DateField):
    """A date typed as jj/mm/aaaa (or aaaa-mm-jj)."""

    widget = FrenchDateInput
    formats = [DATE_FORMAT, "%Y-%m-%d"]
    hint = _("Format attendu : JJ/MM/AAAA")
    default_error_messages = {
        "invalid": _("Saisissez une date qui existe, au format JJ/MM/AAAA (par exemple 15/09/2023)."),
    }


class FrenchTimeField(_FormatHint, forms.TimeField):
    """A time of day typed as hh:mm on 24 hours (or 14h30)."""

    widget = FrenchTimeInput
    formats = [TIME_FORMAT, "%Hh%M", "%Hh", "%H:%M:%S"]
    hint = _("Format attendu : HH:MM")
    default_error_messages = {
        "invalid": _("Saisissez une heure au format HH:MM, sur 24 heures (par exemple 14:30)."),
    }
