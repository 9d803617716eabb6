"""``{% deferred_call "initDateChooser" id config|from_json %}``: see :mod:`portal.csp_admin.calls`."""
import json

from django import template

from ..calls import deferred_call as _deferred_call

register = template.Library()


@register.simple_tag
def deferred_call(name, *args, construct=False):
    return _deferred_call(name, *args, construct=construct)


@register.filter
def from_json(value):
    """The value a JSON string stands for (Wagtail hands widget options over as JSON text)."""
    return json.loads(value)
