from django import template
from django.utils.translation import gettext as _

from ..compute import LEVELS

register = template.Library()


@register.filter
def levels_text(levels: dict) -> str:
    """« Premier degré, Collège (non renseigné : Lycée) »; « N.C. » when no level is known."""
    checked = [label for code, label in LEVELS if levels.get(code) is True]
    unknown = [label for code, label in LEVELS if levels.get(code) is None]
    if not checked:
        return "N.C."
    text = ", ".join(checked)
    if unknown:
        text += " " + _("(non renseigné : %(levels)s)") % {"levels": ", ".join(unknown)}
    return text
