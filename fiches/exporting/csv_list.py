"""The published fiches as CSV for spreadsheets: UTF-8 with a BOM (Excel), « ; » as separator.

Columns (one row per fiche): id, titre, académie, établissement, UAI, commune,
code INSEE, années, niveaux, thématiques, dispositifs, url. A cell with several
values (années, niveaux, thématiques, dispositifs) separates them with « , ».
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from ..listing import published_fiches
from ..models import AcademiePage, SchoolYear
from ..visibility import PUBLIC_AUDIENCE, Audience
from .spreadsheet import csv_writer

COLUMNS = (
    "id", "titre", "académie", "établissement", "UAI", "commune", "code INSEE",
    "années", "niveaux", "thématiques", "dispositifs", "url",
)
BOM = "\ufeff"
DELIMITER = ";"


class ExportFilterError(ValueError):
    """A filter value the registry does not know; the message is French, for the user."""


def filtered_fiches(*, academie: str | None = None, annee: str | None = None,
                    audience: Audience = PUBLIC_AUDIENCE):
    """Published fiches ``audience`` may see, optionally of one académie section and one school year."""
    fiches = published_fiches(audience).prefetch_related(
        "school_year_links__school_year", "levels", "themes", "dispositifs"
    ).order_by("path")
    # PostgreSQL refuses a NUL character in a query: a value holding one names no académie and no year.
    if academie:
        section = AcademiePage.objects.filter(academie__code=academie).first() if "\x00" not in academie else None
        if section is None:
            raise ExportFilterError(_("Académie inconnue : « %(value)s ».") % {"value": academie})
        fiches = fiches.child_of(section)
    if annee:
        if "\x00" in annee or not SchoolYear.objects.filter(code=annee).exists():
            raise ExportFilterError(
                _("Année scolaire inconnue : « %(value)s » (format attendu : AAAA-AAAA, ex. 2023-2024).")
                % {"value": annee}
            )
        fiches = fiches.filter(school_year_links__school_year__code=annee).distinct()
    return fiches


def write_fiches_csv(fiches, out, request=None) -> None:
    """Write the BOM, the header and one row per fiche to the text stream ``out``."""
    sections = {page.path: page.academie for page in AcademiePage.objects.select_related("academie")}
    out.write(BOM)
    writer = csv_writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for page in fiches:
        lead = page.lead_structure
        academie = sections.get(page.path[: -page.steplen])
        writer.writerow([
            page.pk,
            page.title,
            academie.name if academie else "",
            lead.name,
            lead.uai or "",
            lead.commune,
            lead.commune_insee,
            ", ".join(link.school_year.code for link in page.school_year_links.all()),
            ", ".join(term.label for term in page.levels.all()),
            ", ".join(term.label for term in page.themes.all()),
            ", ".join(term.label for term in page.dispositifs.all()),
            page.get_full_url(request),
        ])
