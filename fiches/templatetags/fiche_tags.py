from django import template

from ..ordinals import superscript_ordinals

register = template.Library()
register.filter("ordinals", superscript_ordinals)
