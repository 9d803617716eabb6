"""Per-response framing rules of an embedded widget.

Every page of the portal may be framed by the portal alone (CSP ``frame-ancestors 'self'`` and
``X-Frame-Options``). A widget's responses replace that with the origins its owner listed
(django-csp's per-response override) and drop X-Frame-Options, which cannot name another site.
A widget with no listed origin may be framed by no site at all.
"""
from csp.constants import NONE


def allow_framing_by(response, origins: list[str]):
    response._csp_replace = {"frame-ancestors": origins or [NONE]}
    response.xframe_options_exempt = True
    return response
