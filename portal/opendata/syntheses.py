"""The académies' figures of the published annual syntheses: one CSV row per year and académie.

Each school year's latest published version (a frozen snapshot) gives its rows, the very rows of
the synthesis's own CSV export (:mod:`portal.synthesis.exporting.tables`), after the year, the
version and its date. Previews (syntheses not published yet) are not part of the dataset.
"""
from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from portal.synthesis.compute import LEVELS
from portal.synthesis.exporting.tables import header, rows
from portal.synthesis.models import SynthesisVersion

from .tables import Column, csv_bytes, table_schema, utc_text

LEADING = (
    Column("annee", "string", _("Année scolaire"), constraints={"required": True, "pattern": r"\d{4}-\d{4}"}),
    Column("version", "integer", _("Version publiée"), constraints={"required": True, "minimum": 1}),
    Column("publiee_le", "datetime", _("Publiée le"), _("En temps universel (UTC).")),
)
BASE = {
    "academie": Column("academie", "string", _("Académie"), constraints={"required": True}),
    "code": Column("code", "string", _("Code de l'académie"), constraints={"required": True}),
    "periode": Column("periode", "string", _("Dates de la Semaine, telles que déclarées")),
    "debut": Column("debut", "date", _("Premier jour de la Semaine")),
    "fin": Column("fin", "date", _("Dernier jour de la Semaine")),
    "edition": Column("edition", "string", _("Édition"), _("Numéro de l'édition, ou le texte déclaré.")),
}
FIGURE_LABELS = {"actions": _("actions"), "etablissements": _("établissements")}
FIGURE_FIELDS = {
    "brut": ("string", _("%(figure)s : texte déclaré")),
    "valeur": ("string", _("%(figure)s : valeur déclarée (deux valeurs séparées par « | » quand le texte en donne deux)")),
    "min": ("string", _("%(figure)s : borne basse déclarée")),
    "max": ("string", _("%(figure)s : borne haute déclarée")),
    "qualificatif": ("string", _("%(figure)s : qualificatif (« une trentaine », « plus de »…)")),
    "portee": ("string", _("%(figure)s : portée (semaine, année)")),
    "nc": ("boolean", _("%(figure)s : non communiqué")),
    "registre": ("integer", _("%(figure)s : nombre présent dans le registre")),
    "signale": ("boolean", _("%(figure)s : le registre en compte plus que déclaré")),
}


def _column(name: str) -> Column:
    if name in BASE:
        return BASE[name]
    if name == "exemples":
        return Column(name, "integer", _("Nombre d'actions données en exemple"), constraints={"minimum": 0})
    if name.startswith("niveau_"):
        labels = dict(LEVELS)
        return Column(name, "boolean", _("Niveau concerné : %(level)s") % {"level": labels[name[len("niveau_"):]]})
    prefix, suffix = name.split("_", 1)
    kind, title = FIGURE_FIELDS[suffix]
    return Column(name, kind, title % {"figure": FIGURE_LABELS[prefix]})


def columns() -> tuple[Column, ...]:
    return LEADING + tuple(_column(name) for name in header())


def published_versions():
    """Each school year's latest published version."""
    latest = SynthesisVersion.objects.values("synthesis").annotate(last=Max("number")).values_list("synthesis", "last")
    wanted = {synthesis: number for synthesis, number in latest}
    versions = SynthesisVersion.objects.filter(synthesis__in=wanted).select_related("synthesis__school_year")
    return sorted((v for v in versions if wanted[v.synthesis_id] == v.number), key=lambda v: v.synthesis.school_year.code)


def version_key():
    """Changes with every publication: the files are rebuilt when a request finds it changed."""
    return SynthesisVersion.objects.aggregate(last=Max("pk"))["last"]


def build() -> tuple[dict[str, bytes], int]:
    lines = []
    for version in published_versions():
        published = utc_text(version.computed_at)
        for row in rows(version.content):
            lines.append([version.synthesis.school_year.code, version.number, published, *row])
    return {"syntheses.csv": csv_bytes(columns(), lines)}, len(lines)


def schema() -> dict:
    return table_schema(columns(), primary_key=["annee", "code"],
                        trueValues=["true"], falseValues=["false"])
