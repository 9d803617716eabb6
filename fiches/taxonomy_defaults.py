"""The default vocabularies of DESIGN.md §4, created on first migration and kept by slug."""
from django.utils.translation import gettext_lazy as _

LEVELS = [
    ("premier-degre", _("Premier degré")),
    ("college", _("Collège")),
    ("lycee", _("Lycée")),
    ("lycee-professionnel", _("Lycée professionnel")),
    ("post-bac", _("Post-bac")),
]
PUBLICS = [
    ("risque-decrochage", _("Élèves en risque de décrochage")),
    ("decroches", _("Jeunes ayant décroché")),
    ("allophones", _("Élèves allophones")),
    ("segpa-ulis", _("SEGPA / ULIS")),
    ("tous-eleves", _("Tous les élèves")),
    ("parents", _("Parents")),
    ("personnels", _("Personnels")),
]
THEMES = [
    ("prevention", _("Prévention")),
    ("intervention", _("Intervention")),
    ("remediation", _("Remédiation")),
]
DISPOSITIFS = [
    ("sas", _("SAS")),
    ("micro-lycee", _("Micro-lycée")),
    ("classe-relais", _("Classe ou atelier relais")),
    ("pafi", _("PAFI")),
    ("tutorat", _("Tutorat")),
    ("atelier", _("Atelier")),
    ("evenement", _("Événement")),
    ("partenariat", _("Partenariat")),
    ("formation", _("Formation des personnels")),
]


def ensure_taxonomies() -> None:
    from .models import Dispositif, Level, TargetPublic, Theme

    for model, terms in ((Level, LEVELS), (TargetPublic, PUBLICS), (Theme, THEMES), (Dispositif, DISPOSITIFS)):
        for order, (slug, label) in enumerate(terms):
            model.objects.get_or_create(slug=slug, defaults={"label": str(label), "sort_order": order})
