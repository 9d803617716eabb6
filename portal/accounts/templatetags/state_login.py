from django import template

from ..state_login import enabled

register = template.Library()


@register.simple_tag
def state_login_enabled() -> bool:
    """Whether the login page offers « Se connecter avec ProConnect »."""
    return enabled()
