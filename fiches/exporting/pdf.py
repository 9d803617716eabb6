"""One fiche as an A4 PDF, rendered by WeasyPrint from ``fiches/pdf/fiche.html``.

Nothing is fetched from the network: the template carries its own styles, uses
installed fonts only, and the URL fetcher refuses every scheme but ``data:``. Control characters are left
out of the page, where they would print as empty boxes.
"""
from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ..control_characters import without_control_characters

BASE_URL = Path(__file__).resolve().parent.parent / "templates" / "fiches" / "pdf"


def render_fiche_pdf(page, request=None) -> bytes:
    """The PDF of ``page`` (a FichePage, live or a revision's content)."""
    html = without_control_characters(render_to_string("fiches/pdf/fiche.html", {"page": page}, request=request))
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=str(BASE_URL), url_fetcher=fetcher).write_pdf()
