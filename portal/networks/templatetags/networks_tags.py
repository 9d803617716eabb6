from django import template
from django.utils.translation import gettext

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


@register.filter
def public_name(user) -> str:
    """How a network's page names a person: the name they gave, never the username, which for an invited
    account is its e-mail address."""
    return user.get_full_name() or gettext("Nom non renseigné")
