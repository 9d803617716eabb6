"""Exports of a synthesis content: PDF (printed report), DOCX (editable), CSV and XLSX (figures).

Each export renders from the content dict alone (a version's frozen JSON), never from the registry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.utils.translation import gettext_lazy as _

from .docx import render_docx
from .pdf import render_pdf
from .tables import render_csv, render_xlsx


@dataclass(frozen=True)
class Export:
    label: str
    content_type: str
    render: Callable[..., bytes]
    disposition: str = "attachment"


EXPORTS = {
    "pdf": Export(_("PDF"), "application/pdf", render_pdf, "inline"),
    "docx": Export(_("Word (DOCX)"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "csv": Export(_("Chiffres (CSV)"), "text/csv; charset=utf-8", render_csv),
    "xlsx": Export(_("Chiffres (XLSX)"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
}
