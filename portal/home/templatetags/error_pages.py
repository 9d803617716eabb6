"""Template tags of the error pages (portal/templates/portal/error_page.html)."""
from django import template
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def static_if_collected(path: str) -> str:
    """The URL of a static file, or "" when the manifest does not know it.

    An error page must never fail itself: a deployment whose static files were not collected (a
    node started without ``collectstatic``) still answers its 404 in French, unstyled, not a 500.
    """
    try:
        return static(path)
    except ValueError:
        return ""
