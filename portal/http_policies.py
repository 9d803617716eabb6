"""The Content-Security-Policy (django-csp) and Permissions-Policy (django-permissions-policy) the
portal sends on every response. Read by the settings; no Django import here.

Scripts run only from the site itself or with the request's nonce (DSFR's loader carries it):
no 'unsafe-inline', no 'unsafe-eval'. The inline scripts Wagtail's admin still writes are moved
into static files by the templates of :mod:`portal.csp_admin` (see its docstring).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE


def tile_source(tiles_url: str) -> str | None:
    """The CSP source of an XYZ tile server URL (``{s}`` subdomains become ``*``); None for our own host."""
    parts = urlsplit(tiles_url.replace("{s}", "*"))
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc


def content_security_policy(tiles_url: str) -> dict:
    """The django-csp ``CONTENT_SECURITY_POLICY`` setting."""
    images = [SELF, "data:", "blob:"]
    tiles = tile_source(tiles_url)
    if tiles:
        images.append(tiles)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            # Styles stay inline-capable: Wagtail's admin writes style="" attributes in its
            # templates and widgets (image focal point, panels), and Leaflet's markers and popups
            # are positioned with inline styles. A style cannot run code: the protection that
            # matters here (scripts) is intact.
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": images,
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            "media-src": [SELF],
            # Wagtail's live preview shows our own pages in a frame of the admin.
            "frame-src": [SELF],
            "frame-ancestors": [SELF],
            "form-action": [SELF],
            "base-uri": [SELF],
            "object-src": [NONE],
        },
    }


# Browser features the portal never uses are refused to it and to any frame it shows.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking",
    )
} | {"fullscreen": ["self"]}
