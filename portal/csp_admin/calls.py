"""Widget initialisers as inert JSON (``<script type="application/json" data-accroche-call>``).

The browser never executes such a block, so the policy has nothing to block; the admin's
``csp_admin/deferred-calls.js`` reads it and calls the named initialiser, from its own list.
"""
from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# As django.utils.html.json_script: nothing in the JSON can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def deferred_call(name: str, *args, construct: bool = False) -> SafeString:
    """The JSON block for ``name(*args)`` (``new name(*args)`` when ``construct``)."""
    payload = json.dumps({"name": name, "args": list(args), "new": construct}, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/json" data-accroche-call>{}</script>', mark_safe(payload.translate(_ESCAPES))
    )


def patch_choosers() -> None:
    """Make every Wagtail chooser widget (page, snippet, image, document) initialise through JSON.

    ``BaseChooser.render`` appends ``<script>new <js_constructor>(id, options)</script>``; this
    writes the same call as :func:`deferred_call`. A chooser that overrides ``render_js_init``
    (only the workflow task chooser) keeps Wagtail's own rendering.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "deferred", False):
        return
    inline_render = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        if type(self).render_js_init is not BaseChooser.render_js_init or not attrs or "id" not in attrs:
            return inline_render(self, name, value, attrs, renderer)
        value_data = self.get_value_data(value)
        html = self.render_html(name, value_data, attrs)
        options = self.get_js_init_options(attrs["id"], name, value_data)
        return mark_safe(html + deferred_call(self.js_constructor, attrs["id"], options, construct=True))

    render.deferred = True
    BaseChooser.render = render
