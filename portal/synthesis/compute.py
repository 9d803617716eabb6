"""Computing the content of a school year's synthesis from the registry (a JSON-ready dict).

The content is what a :class:`~.models.SynthesisVersion` freezes: every figure, name, title and
link is copied, so that later edits of fiches, weeks or narrative change only later versions.
Registry counts are made with a few aggregate queries, whatever the number of fiches.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from fiches.models import Establishment, FichePage, PerseveranceWeek, PerseveranceWeekExample, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction
from fiches.visibility import PUBLIC_AUDIENCE, visible_q
from plugins.manager import gather_lists

from .figures import national_total, summarise
from .models import Synthesis

LEVELS = (
    ("premier_degre", "Premier degré"),
    ("college", "Collège"),
    ("lycee", "Lycée"),
    ("lycee_professionnel", "Lycée professionnel"),
)
SCHOOL_KINDS = {
    Establishment.Kind.ECOLE, Establishment.Kind.COLLEGE, Establishment.Kind.LYCEE, Establishment.Kind.LYCEE_GT,
    Establishment.Kind.LYCEE_PRO, Establishment.Kind.LYCEE_POLY, Establishment.Kind.EREA, Establishment.Kind.MICRO_LYCEE,
}
FIGURES = (("actions", "actions_declared"), ("establishments", "establishments_declared"))


def sort_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


class RegistryCounts:
    """Per week: the actions (live fiches of the week and declared actions) and the schools involved."""

    def __init__(self, weeks):
        week_ids = [week.pk for week in weeks]
        self.actions = defaultdict(set)
        self.establishments = defaultdict(set)
        # A published synthesis is public: a fiche hidden from the public counts as a declared action at most.
        fiches = FichePage.objects.live().filter(visible_q(PUBLIC_AUDIENCE), perseverance_week_id__in=week_ids)
        fiche_week = {}
        for pk, week_id, lead_id in fiches.values_list("pk", "perseverance_week_id", "lead_structure_id").iterator():
            fiche_week[pk] = week_id
            self.actions[week_id].add(("fiche", pk))
            self.establishments[week_id].add(lead_id)
        partners = FichePage.partner_establishments.through.objects.filter(fichepage__in=fiches)
        for fiche_id, establishment_id in partners.values_list("fichepage_id", "establishment_id").iterator():
            self.establishments[fiche_week[fiche_id]].add(establishment_id)
        declared = PerseveranceWeekAction.objects.filter(week_id__in=week_ids)
        for pk, week_id, establishment_id, fiche_id in declared.values_list("pk", "week_id", "establishment_id", "fiche_id"):
            linked = fiche_id is not None and fiche_week.get(fiche_id) == week_id
            self.actions[week_id].add(("fiche", fiche_id) if linked else ("declared", pk))
            self.establishments[week_id].add(establishment_id)
        involved = set().union(*self.establishments.values()) if self.establishments else set()
        schools = Establishment.objects.filter(kind__in=SCHOOL_KINDS)
        self.schools = set(schools.values_list("pk", flat=True)) & involved
        self.positions = {
            pk: (lat, lon)
            for pk, lat, lon in Establishment.objects.filter(latitude__isnull=False, longitude__isnull=False)
            .values_list("pk", "latitude", "longitude").iterator()
            if pk in involved
        }

    def count(self, week_id: int, figure: str) -> int:
        if figure == "actions":
            return len(self.actions[week_id])
        return len(self.establishments[week_id] & self.schools)

    def centroid(self, week_id: int) -> list[float] | None:
        points = [self.positions[pk] for pk in self.establishments[week_id] if pk in self.positions]
        if not points:
            return None
        return [round(sum(p[0] for p in points) / len(points), 4), round(sum(p[1] for p in points) / len(points), 4)]


def _sections(academie, school_year: str) -> list[dict]:
    """The plugins' sections, kept only in the two documented shapes."""
    sections = []
    for section in gather_lists("synthesis_sections", academie=academie, school_year=school_year):
        if isinstance(section, dict) and section.get("title") and ("html" in section or "rows" in section):
            entry = {"title": str(section["title"])}
            if "rows" in section:
                entry["rows"] = [{str(k): v if isinstance(v, (int, float)) else str(v) for k, v in row.items()}
                                 for row in section["rows"]]
            else:
                entry["html"] = str(section["html"])
            sections.append(entry)
    return sections


def _examples(weeks) -> dict[int, list[dict]]:
    examples = defaultdict(list)
    links = (PerseveranceWeekExample.objects.filter(week__in=weeks)
             .filter(fiche__in=FichePage.objects.filter(visible_q(PUBLIC_AUDIENCE)))
             .select_related("fiche", "fiche__lead_structure").order_by("week_id", "sort_order"))
    for link in links:
        fiche, lead = link.fiche, link.fiche.lead_structure
        examples[link.week_id].append({
            "fiche_id": fiche.pk,
            "title": fiche.title,
            "establishment": lead.name,
            "town": lead.commune or fiche.location_text,
            "award": link.award,
            "url": fiche.url if fiche.live else None,
        })
    return examples


def _academie(week: PerseveranceWeek, counts: RegistryCounts, examples: list[dict], school_year: str) -> dict:
    academie = week.academie
    return {
        "code": academie.code,
        "name": academie.name,
        "title": str(academie.title),
        "event_name": week.event_name,
        "theme": week.theme,
        "edition": {"number": week.edition_number, "raw": week.edition_raw},
        "period": {
            "raw": week.period_raw,
            "start": week.start_date.isoformat() if week.start_date else None,
            "end": week.end_date.isoformat() if week.end_date else None,
            "precision": week.period_precision,
        },
        "figures": {name: summarise(getattr(week, field), counts.count(week.pk, name)) for name, field in FIGURES},
        "levels": {code: (week.levels or {}).get(code) for code, _label in LEVELS},
        "partners": week.partners,
        "axes_intro": week.axes_intro,
        "axes": list(week.axes or []),
        "commentary": week.commentary,
        "examples_note": week.examples_note,
        "examples_links": list(week.examples_links or []),
        "examples": examples,
        "sections": _sections(academie, school_year),
        "centroid": counts.centroid(week.pk),
    }


def _national(academies: list[dict], school_year: str) -> dict:
    return {
        "academies": len(academies),
        "totals": {
            name: national_total([(a["name"], a["figures"][name]) for a in academies]) for name, _field in FIGURES
        },
        "levels": [
            {
                "code": code,
                "label": label,
                "checked": sum(1 for a in academies if a["levels"][code] is True),
                "unknown": sum(1 for a in academies if a["levels"][code] is None),
            }
            for code, label in LEVELS
        ],
        "flags": sum(1 for a in academies for f in a["figures"].values() if f["flag"]),
        "sections": _sections(None, school_year),
    }


def compute_synthesis(school_year: str) -> dict:
    """The content of the synthesis of ``school_year`` (``"2015-2016"``) as the registry holds it now."""
    year = SchoolYear.objects.get(code=school_year)
    weeks = sorted(
        PerseveranceWeek.objects.filter(school_year=year).select_related("academie"),
        key=lambda week: sort_key(week.academie.name),
    )
    counts = RegistryCounts(weeks)
    examples = _examples(weeks)
    academies = [_academie(week, counts, examples[week.pk], school_year) for week in weeks]
    narrative = Synthesis.objects.filter(school_year=year).first()
    return {
        "school_year": school_year,
        "computed_at": timezone.now().isoformat(),
        "version": None,
        "title": (narrative.title if narrative and narrative.title
                  else _("Semaine de la persévérance scolaire — La synthèse nationale, édition %(year)s") % {"year": school_year}),
        "introduction": narrative.introduction if narrative else "",
        "conclusion": narrative.conclusion if narrative else "",
        "academies": academies,
        "national": _national(academies, school_year),
    }
