"""Two demo fiches that are not public, so that the visibility levels can be seen (fiches.visibility).

One is for the members of the RIPPS of Poitiers (led by one of its member establishments: « membre.ripps »
and « coordination.ripps » read it, an anonymous visitor does not find it); the other is for the staff of
the académie of Bordeaux (« moderation.bordeaux », « admin.bordeaux », « analyse.bordeaux »,
« redaction.lomet »). Neither belongs to a Semaine de la persévérance, so the synthesis is unchanged.
Idempotent: a fiche is found again by its slug under its académie.
"""
from __future__ import annotations

from fiches.models import AcademiePage, FichePage
from fiches.serialization import SCHEMA_NAME, apply_fiche_data
from fiches.visibility import Visibility

RESTRICTED_FICHES = [
    ("groupe-analyse-pratiques-ripps", Visibility.NETWORK, {
        "schema": SCHEMA_NAME, "academie": "poitiers",
        "title": "Groupe d'analyse de pratiques des référents décrochage du RIPPS",
        "summary": ("Une fois par période, les référents décrochage des établissements du réseau analysent "
                    "ensemble des situations d'élèves, rendues anonymes, et les réponses essayées. Fiche réservée "
                    "aux membres du réseau : elle décrit le fonctionnement interne des établissements."),
        "school_years": ["2023-2024"],
        "lead_structure": {"name": "Collège François Albert", "kind": "college", "commune": "Celles-sur-Belle",
                           "departement": "79", "academie": "poitiers"},
        "levels": ["college"], "publics": ["risque-decrochage"], "themes": ["prevention"],
        "dispositifs": ["formation"],
        "location_text": "Celles-sur-Belle - Deux-Sèvres",
    }),
    ("cellule-veille-ruptures-scolarite", Visibility.ACADEMIE, {
        "schema": SCHEMA_NAME, "academie": "bordeaux",
        "title": "Cellule académique de veille sur les ruptures de scolarité",
        "summary": ("Chaque mois, la MLDS, le SAIO et les CIO de l'académie suivent les ruptures de scolarité "
                    "signalées et répartissent les solutions de retour en formation. Fiche réservée aux "
                    "personnels de l'académie : elle décrit une organisation interne."),
        "school_years": ["2023-2024"],
        "lead_structure": {"name": "Services académiques — Bordeaux", "kind": "academie_service",
                           "academie": "bordeaux"},
        "levels": ["lycee", "lycee-professionnel"], "publics": ["decroches"], "themes": ["remediation"],
        "dispositifs": ["partenariat"],
    }),
]


def load_restricted_fiches() -> int:
    """Create and publish the demo fiches that are not public; return how many were created."""
    created = 0
    for slug, visibility, data in RESTRICTED_FICHES:
        section = AcademiePage.objects.get(academie__code=data["academie"])
        if FichePage.objects.child_of(section).filter(slug=slug).exists():
            continue
        draft = apply_fiche_data(data, parent=section, slug=slug).get_latest_revision_as_object()
        draft.visibility = visibility
        draft.save_revision().publish()
        created += 1
    return created
