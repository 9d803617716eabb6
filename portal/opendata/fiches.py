"""The published fiches as open data: one JSON document per line (schema accroche.fiche/1) and a CSV.

:func:`open_fiches` is the one selection of the fiches this dataset publishes: whatever decides
which fiches anyone may see applies there, and only there. The people named as contacts of a
fiche are left out of the files (their name and e-mail stay on the fiche's page).
"""
from __future__ import annotations

import json

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from fiches.listing import published_fiches
from fiches.models.pages import LICENCES
from fiches.serialization import fiche_to_data

from .tables import Column, csv_bytes, table_schema, utc_text

STRUCTURE_KINDS = ["ecole", "college", "lycee", "lycee_general_technologique", "lycee_professionnel",
                   "lycee_polyvalent", "erea", "micro_lycee", "cio", "dsden", "circonscription",
                   "academie_service", "association", "network", "other"]
LIST = _("Plusieurs valeurs séparées par « | ».")
COLUMNS = (
    Column("id", "integer", _("Identifiant"), _("Identifiant de la fiche dans le registre (paramètre page_id de l'API)."),
           {"required": True, "unique": True, "minimum": 1}),
    Column("url", "string", _("Adresse"), _("Page publique de la fiche."), {"required": True}, format="uri"),
    Column("titre", "string", _("Intitulé"), constraints={"required": True}),
    Column("resume", "string", _("Résumé")),
    Column("academie", "string", _("Académie"), _("Code de l'académie de la section où la fiche est classée.")),
    Column("annees", "string", _("Années scolaires"), _("AAAA-AAAA. Plusieurs valeurs séparées par « | »."),
           {"pattern": r"\d{4}-\d{4}(\|\d{4}-\d{4})*"}),
    Column("structure", "string", _("Structure porteuse"), constraints={"required": True}),
    Column("structure_type", "string", _("Type de structure"), constraints={"enum": STRUCTURE_KINDS}),
    Column("uai", "string", _("Code UAI"), _("Code UAI de la structure porteuse, quand elle en a un."),
           {"pattern": r"\d{7}[A-Z]"}),
    Column("commune", "string", _("Commune")),
    Column("code_insee", "string", _("Code INSEE de la commune"), constraints={"pattern": r"\d{5}|2[AB]\d{3}"}),
    Column("departement", "string", _("Département"), _("Code du département.")),
    Column("bassin", "string", _("Bassin de formation")),
    Column("latitude", "number", _("Latitude"), _("WGS 84, en degrés."), {"minimum": -90, "maximum": 90}),
    Column("longitude", "number", _("Longitude"), _("WGS 84, en degrés."), {"minimum": -180, "maximum": 180}),
    Column("niveaux", "string", _("Niveaux"), _("Identifiants du vocabulaire (valeurs du filtre niveau de l'API). ") + LIST),
    Column("publics", "string", _("Publics concernés"), _("Identifiants du vocabulaire (filtre public). ") + LIST),
    Column("thematiques", "string", _("Thématiques"), _("Identifiants du vocabulaire (filtre theme). ") + LIST),
    Column("dispositifs", "string", _("Dispositifs"), _("Identifiants du vocabulaire (filtre dispositif). ") + LIST),
    Column("date_debut", "date", _("Début de l'action")),
    Column("date_fin", "date", _("Fin de l'action")),
    Column("licence", "string", _("Licence de la fiche"), _("Identifiant SPDX de la licence sous laquelle la fiche est publiée."),
           {"required": True, "enum": [code for code, _label in LICENCES]}),
    Column("premiere_publication", "datetime", _("Première publication"), _("En temps universel (UTC).")),
    Column("derniere_publication", "datetime", _("Dernière publication"), _("En temps universel (UTC).")),
)


def open_fiches():
    """The fiches the open data publishes (the published ones anyone may see), in a stable order."""
    return published_fiches().select_related(
        "perseverance_week__academie", "perseverance_week__school_year",
    ).prefetch_related(
        "school_year_links__school_year", "levels", "publics", "themes", "dispositifs",
        "partner_establishments__academie", "external_partners",
    ).order_by("pk")


def version_key():
    """Changes whenever the published set changes: a publication moves the latest publication time, a
    withdrawal (unpublished, deleted, no longer visible) lowers the count; the files are rebuilt when
    a request finds it changed."""
    latest = open_fiches().aggregate(n=Count("pk"), last=Max("last_published_at"))
    return [latest["n"], latest["last"]]


def fiche_document(page) -> dict:
    """The fiche as the JSON export gives it, valid against fiche-1.json, without its contact person."""
    data = fiche_to_data(page)
    data["contact"] = {"name": None, "email": None}
    return data


def _row(page, data: dict) -> list:
    lead = data["lead_structure"]
    return [
        data["id"], data["url"], data["title"], data["summary"], data["academie"], data["school_years"],
        lead["name"], lead.get("kind"), lead.get("uai"), lead.get("commune"), lead.get("commune_insee"),
        lead.get("departement"), lead.get("bassin"), lead.get("latitude"), lead.get("longitude"),
        data["levels"], data["publics"], data["themes"], data["dispositifs"],
        data["start_date"], data["end_date"], data["licence"],
        utc_text(page.first_published_at), utc_text(page.last_published_at),
    ]


def build() -> tuple[dict[str, bytes], int]:
    """The files of the dataset (``fiches.csv``, ``fiches.jsonl``) and the number of fiches."""
    rows, lines = [], []
    for page in open_fiches():
        data = fiche_document(page)
        rows.append(_row(page, data))
        lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    jsonl = "".join(line + "\n" for line in lines).encode("utf-8")
    return {"fiches.csv": csv_bytes(COLUMNS, rows), "fiches.jsonl": jsonl}, len(rows)


def schema() -> dict:
    return table_schema(COLUMNS, primary_key=["id"])
