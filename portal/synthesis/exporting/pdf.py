"""The synthesis as a printed report (A4, cover, table of contents with page numbers), by WeasyPrint.

Nothing is fetched: charts are inline SVG, fonts are installed ones, and the URL fetcher
refuses every scheme but ``data:`` (as for fiches, :mod:`fiches.exporting.pdf`). Control characters are left
out of the page, where they would print as empty boxes.
"""
from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from fiches.control_characters import without_control_characters

from ..presentation import document_context


def render_pdf(content: dict, site_root: str = "") -> bytes:
    html = without_control_characters(render_to_string("synthesis/pdf.html", document_context(content, site_root)))
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
