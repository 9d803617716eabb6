from django import template

from ..digests.mail import base_url
from ..permissions import can_create

register = template.Library()


@register.filter
def absolute(url: str) -> str:
    """An address for an e-mail: page URLs are relative unless the portal serves several sites."""
    return url if url.startswith(("http://", "https://")) else base_url() + url


@register.simple_tag
def may_create_network(user) -> bool:
    """Whether the network list offers ``user`` to create a network."""
    return can_create(user)
