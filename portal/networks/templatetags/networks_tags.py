from django import template

from ..digests.mail import base_url

register = template.Library()


@register.filter
def absolute(url: str) -> str:
    """An address for an e-mail: page URLs are relative unless the portal serves several sites."""
    return url if url.startswith(("http://", "https://")) else base_url() + url
