"""Dates typed in the Wagtail admin are kept as typed: jj/mm/aaaa (WAGTAIL_DATE_FORMAT) or ISO.

Wagtail's date picker replaces, when the field loses focus, any text it cannot read in its own format
with today's date; here the text stays, and the form accepts it (French and ISO input formats) or
refuses it with Django's message « Saisissez une date valide. ».
"""
from django import forms
from django.db import models
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput


class TypedDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class TypedDateBlock(blocks.DateBlock):
    """A StreamField date with the same widget (StreamField blocks find their JavaScript side through
    the widget's class hierarchy, so AdminDateInput's adapter serves it)."""

    @cached_property
    def field(self):
        return forms.DateField(widget=TypedDateInput(format=self.format), **self.field_options)


def register_typed_dates() -> None:
    register_form_field_override(models.DateField, override={"widget": TypedDateInput})
