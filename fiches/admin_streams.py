"""StreamFields of the admin forms refuse malformed posted data with a message instead of a server error.

The browser posts a StreamField as numbered inputs (``steps-count``, ``steps-0-type``, ``steps-0-order``,
``steps-0-deleted``…) that Wagtail's script writes; Wagtail reads them with ``data[key]`` and ``int()``,
so a post without them, or with a count or an order that is not a number (a script, a truncated
request), raised KeyError or ValueError: a 500. Here such a field is read as empty and marked, and the
form refuses it with a French sentence; nothing is saved. Its texts lose their control characters
(:mod:`fiches.control_characters`), single-line blocks included: a block's error would be hard to place.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.fields import StreamField

from .control_characters import without_control_characters_in

MALFORMED_MESSAGE = _("Le contenu de ce champ est arrivé incomplet ou mal formé : rechargez la page, puis "
                      "saisissez-le de nouveau.")


class SafeBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError):  # an input missing, or a count or an order not a number
            value = self.block_def.to_python([])  # empty, so that the form can be shown again
            value.malformed = True
            return value


class SafeBlockField(BlockField):
    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", SafeBlockWidget(block))
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if getattr(value, "malformed", False):
            raise ValidationError(MALFORMED_MESSAGE, code="malformed")
        return self._without_control_characters(super().clean(value))

    def _without_control_characters(self, value):
        raw = self.block.get_prep_value(value)
        cleaned = without_control_characters_in(raw)
        return value if cleaned == raw else self.block.to_python(cleaned)


def register_safe_stream_fields() -> None:
    register_form_field_override(StreamField, override={"form_class": SafeBlockField})
