"""Rich-text fields of the admin forms refuse a malformed post with a message instead of a server error.

The Draftail editor posts a rich-text field as JSON (its « contentstate »), which its widget converts to
HTML with ``json.loads`` and reads as a dict of blocks: a post whose value is not that JSON (a script,
a truncated request: ``body=abc``) raised JSONDecodeError, KeyError or TypeError, a 500 for anyone who
may edit a content page, an académie page or a fiche. Here the field reads such a value as malformed
and refuses it with a French sentence; nothing is saved. (Rich text inside a StreamField is covered by
fiches.admin_streams.) The text loses its control characters (:mod:`fiches.control_characters`).
"""
from __future__ import annotations

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.fields import RichTextField

from .control_characters import without_control_characters

MALFORMED_MESSAGE = _("Le contenu de ce champ est arrivé mal formé : rechargez la page, puis saisissez-le de "
                     "nouveau.")


class MalformedRichText(str):
    """What a rich-text widget read from a post it could not convert (empty, so the form can be shown)."""


@cache
def _tolerant(widget_class: type) -> type:
    """``widget_class`` whose reading of a post gives :class:`MalformedRichText` when its conversion fails."""

    def value_from_datadict(self, data, files, name):
        try:
            return super(tolerant, self).value_from_datadict(data, files, name)
        except (ValueError, KeyError, TypeError, AttributeError):  # not JSON, or JSON of another shape
            return MalformedRichText()

    tolerant = type(f"Tolerant{widget_class.__name__}", (widget_class,), {"value_from_datadict": value_from_datadict})
    return tolerant


class SafeRichTextFormField(forms.CharField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.__class__ = _tolerant(type(self.widget))

    def clean(self, value):
        if isinstance(value, MalformedRichText):
            raise ValidationError(MALFORMED_MESSAGE, code="malformed")
        value = super().clean(value)
        return without_control_characters(value) if isinstance(value, str) else value


def register_safe_rich_text_fields() -> None:
    register_form_field_override(RichTextField, override={"form_class": SafeRichTextFormField})
