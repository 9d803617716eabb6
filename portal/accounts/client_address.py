"""The address a login attempt comes from, as django-axes locks it (``AXES_CLIENT_IP_CALLABLE``).

Behind a reverse proxy, REMOTE_ADDR is the proxy's address for every visitor: a lock on « this username from
this address » would lock the username for everyone. Each proxy appends the address it received the request
from to X-Forwarded-For; whatever stands to the left of those entries, the client wrote. With
``ACCROCHE_TRUSTED_PROXY_COUNT`` proxies in front of the application, the client is that many entries from
the right, as the outermost trusted proxy wrote it. With none configured, or a request that did not pass
through every proxy (the entry is missing or is no address), REMOTE_ADDR: a header is never believed on its
own, so a client cannot name a new address for each attempt.
"""
from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    direct = request.META.get("REMOTE_ADDR")
    proxies = settings.ACCROCHE_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return direct
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return direct
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return direct
