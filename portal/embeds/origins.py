"""The sites allowed to frame a widget: web origins typed one per line, checked and normalised.

An origin becomes a source of the widget's CSP ``frame-ancestors`` directive, so only
``scheme://host[:port]`` passes (``*.`` is allowed as the first label of the host): no path, no
quote, no space or semicolon that could add a directive to the header.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_HOST = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_ORIGIN = re.compile(r"^https?://(\*\.)?[a-z0-9.-]+(:\d{1,5})?$")


def normalise_origin(text: str) -> str:
    """``https://www.Ac-Bordeaux.fr/`` → ``https://www.ac-bordeaux.fr``; ValidationError (French) otherwise."""
    value = text.strip()
    invalid = ValidationError(
        _("« %(value)s » n'est pas l'adresse d'un site : écrivez par exemple https://www.ac-bordeaux.fr."),
        params={"value": value}, code="invalid_origin")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise invalid from None
    host = (parts.hostname or "").lower()
    if (parts.scheme not in ("http", "https") or not _HOST.match(host) or parts.path not in ("", "/")
            or parts.query or parts.fragment or parts.username or parts.password):
        raise invalid
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def parse_origins(text: str) -> list[str]:
    """The normalised origins of a text (one per line, blank lines ignored, duplicates dropped)."""
    origins, errors = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            origin = normalise_origin(line)
        except ValidationError as error:
            errors.append(error)
            continue
        if origin not in origins:
            origins.append(origin)
    if errors:
        raise ValidationError(errors)
    return origins


def safe_origins(text: str) -> list[str]:
    """The stored origins that are well-formed, for the header (what was saved was already checked)."""
    return [line.strip() for line in text.splitlines() if _ORIGIN.match(line.strip())]
