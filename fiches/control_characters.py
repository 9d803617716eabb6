"""Control characters in what people type or import: refused in a single-line field, taken out of a text.

XML 1.0 cannot carry the C0 control characters but tab, line feed and carriage return, nor U+FFFE, U+FFFF or a
lone surrogate; DEL (U+007F) it carries, but it means nothing in a text. Every form took them (« \\x0b », the
manual line break Word pastes, or « \\x01 »), and a title holding one made the XML-based exports that showed it
answer 500: the synthesis in Word and as a spreadsheet (the Atom feeds leave them out, see
portal.networks.feeds.XmlSafeAtom1Feed).

- A single-line field (a title, a name, a place) refuses them with :func:`reject_control_characters`, which says
  which character and where: nothing is changed behind the person's back.
- A multi-line text (a textarea, a rich text, a StreamField) loses them: Word's line break and page break
  (« \\x0b », « \\x0c ») become a line break, the others go. Nothing the person meant is lost.
- Exports and imports pass what they read through :func:`without_control_characters_in`, so a text stored before
  these rules still exports. A text shown on one line (a title in a feed, a calendar or an imported fiche) is
  cleaned with ``single_line=True``: a line or page break there, and the spaces around it, become one space.

The project's forms get the two rules from :class:`ControlCharactersGuard`; the forms Wagtail builds for pages and
snippets get them from the form fields registered by :func:`register_admin_form_fields`.
"""
from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: What XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; surrogates), and DEL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
#: Word's manual line break and page break: a line break in a text.
LINE_BREAKS = re.compile("[\x0b\x0c]")
#: A line break in a text meant for one line, with the spaces around it (once Word's breaks are line breaks).
BREAKS_IN_A_LINE = re.compile(r"\s*[\n\r]\s*")
#: How much of the text before a refused character the message quotes.
CONTEXT_LENGTH = 20


def without_control_characters(text: str, *, single_line: bool = False) -> str:
    """``text`` without control characters; Word's line and page breaks become « \\n ». Unchanged when it has none.

    With ``single_line`` (a title), every line or page break, and the spaces around it, becomes one space instead:
    « Réunion\\x0bd'échange » is « Réunion d'échange », « Tutorat\\x0b\\x0c entre pairs » « Tutorat entre pairs »."""
    if CONTROL_CHARACTERS.search(text):
        text = CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", text))
    return BREAKS_IN_A_LINE.sub(" ", text) if single_line else text


def without_control_characters_in(value, *, single_line: bool = False):
    """``value`` (a string, or dicts and lists of them such as a fiche document) with every string cleaned
    (each on one line with ``single_line``)."""
    if isinstance(value, str):
        return without_control_characters(value, single_line=single_line)
    if isinstance(value, dict):
        return {key: without_control_characters_in(item, single_line=single_line) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(without_control_characters_in(item, single_line=single_line) for item in value)
    return value


def reject_control_characters(value) -> None:
    """Validator of single-line text: a clear French error naming the first control character and where it is.

    NUL is left to Django's own validator of every form text field, which refuses it already."""
    if not isinstance(value, str):
        return
    found = next((match for match in CONTROL_CHARACTERS.finditer(value) if match.group() != "\x00"), None)
    if found is None:
        return
    before = without_control_characters(value[:found.start()]).strip()[-CONTEXT_LENGTH:]
    where = _("après « %(text)s »") % {"text": before} if before else _("au début du texte")
    raise ValidationError(
        _("Ce texte contient un caractère invisible (U+%(code)04X) %(where)s, qu'aucun document exporté ne peut "
          "contenir : effacez-le, ou retapez le texte à cet endroit."),
        code="control_character", params={"code": ord(found.group()), "where": where},
    )


def is_multi_line_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)


def is_single_line_text(field: forms.Field) -> bool:
    """Typed text on one line, but a password (never shown nor exported, and typed blind)."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, (forms.Textarea, forms.PasswordInput))


class ControlCharactersGuard:
    """Form mixin (listed before the form's base): when the form is validated, its multi-line texts lose their
    control characters (in the data, so the form shown again holds the cleaned text) and its single-line text
    fields refuse them. Fields added by a subclass's ``__init__`` are covered too."""

    def full_clean(self):
        if self.is_bound:
            for field in self.fields.values():
                if is_single_line_text(field) and reject_control_characters not in field.validators:
                    field.validators.append(reject_control_characters)
            self.data = self._data_without_control_characters()
        super().full_clean()

    def _data_without_control_characters(self):
        names = [self.add_prefix(name) for name, field in self.fields.items() if is_multi_line_text(field)]
        dirty = [name for name in names if any(isinstance(value, str) and CONTROL_CHARACTERS.search(value)
                                               for value in _values(self.data, name))]
        if not dirty:
            return self.data
        data = self.data.copy()
        for name in dirty:
            cleaned = [without_control_characters_in(value) for value in _values(self.data, name)]
            if hasattr(data, "setlist"):
                data.setlist(name, cleaned)
            else:
                data[name] = cleaned[-1]
        return data


def _values(data, name: str) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    return [data[name]] if name in data else []


class SingleLineTextField(forms.CharField):
    """A Wagtail form's single-line text (a page's title, a snippet's name)."""

    default_validators = [reject_control_characters]


class MultiLineTextField(forms.CharField):
    """A Wagtail form's multi-line text (a fiche's summary, a Semaine's commentary)."""

    def to_python(self, value):
        value = super().to_python(value)
        return without_control_characters(value) if isinstance(value, str) else value


def register_admin_form_fields() -> None:
    """Wagtail's forms of pages and snippets build their fields from the model's: plain text columns get the two
    rules here (rich texts and StreamFields in :mod:`fiches.admin_richtext` and :mod:`fiches.admin_streams`)."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import AdminAutoHeightTextInput

    register_form_field_override(models.CharField, override={"form_class": SingleLineTextField}, exact_class=True)
    # Wagtail's own override of TextField (its auto-height widget) is kept.
    register_form_field_override(
        models.TextField, override={"widget": AdminAutoHeightTextInput, "form_class": MultiLineTextField},
        exact_class=True,
    )
