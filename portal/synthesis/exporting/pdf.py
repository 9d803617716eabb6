"""The synthesis as a printed report (A4, cover, table of contents with page numbers), by WeasyPrint.

Nothing is fetched: charts are inline SVG, fonts are installed ones, and the URL fetcher
refuses every scheme but ``data:`` (as for fiches, :mod:`fiches.exporting.pdf`).
"""
from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ..presentation import document_context


def render_pdf(content: dict, site_root: str = "") -> bytes:
    html = render_to_string("synthesis/pdf.html", document_context(content, site_root))
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
