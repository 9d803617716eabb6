"""Demo content: the SAS MILY fiche (seed 000), the 2015-2016 Semaine de la persévérance
(seed 003, transcribed in ``demo_data/semaine_2015_2016.json``), loaded into the portal's page tree
(``portal.home.demo.load_demo`` builds the tree first and adds the demo accounts).

Everything is read from ``fiches/demo_data``; loading twice changes nothing. Fiches are found
again by their slug under their académie section, weeks by (académie, school year).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Academie, AcademiePage, Establishment, FichePage, PerseveranceWeek, PerseveranceWeekExample, SchoolYear
from .ordinals import clean_ordinals
from .serialization import SCHEMA_NAME, apply_fiche_data

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
SAS_MILY_FILE = DEMO_DIR / "sas_mily.json"
SAS_MILY_SLUG = "sas-mily"
SEMAINE_FILE = DEMO_DIR / "semaine_2015_2016.json"
VIDEO_HOSTS = ("youtube.com", "youtu.be", "dailymotion.com", "vimeo.com")

def _read(path: Path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def link_kind(url: str) -> str:
    """« video » for a video platform or a /video/ address, « link » otherwise."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.")
    if host.endswith(VIDEO_HOSTS) or "/video/" in parsed.path.lower():
        return "video"
    return "link"


def _links(links) -> list[dict]:
    return [{"url": link["url"], "label": link.get("label"), "kind": link_kind(link["url"])} for link in links or []]


def _structure(structure: dict, academie: Academie) -> dict | None:
    """A structure of the synthesis as a document structure, or None when it cannot be named.

    An unnamed structure of a stated kind and commune (Guadeloupe: « Collèges, Port Louis,
    Abymes Bourg ») is named after both, e.g. « Collège — Port Louis »; without a commune it
    cannot be told apart, so the caller decides (académie services for a lead structure).
    """
    kind = structure.get("kind") or "other"
    name, commune = structure.get("name"), structure.get("commune_raw")
    if not name and kind != "academie_service" and commune:
        name = f"{Establishment.Kind(kind).label} — {commune}"
    if not name:
        return None
    return {"name": name, "kind": kind, "commune": commune, "academie": academie.code}


def example_document(example: dict, academie: Academie, school_year: str) -> dict:
    """A fiche document (schema accroche.fiche/1) from one example action of the synthesis.

    Only what the synthesis states is filled in: no level, theme or dispositif is guessed.
    """
    lead = dict(example.get("lead_structure") or {}, commune_raw=example.get("commune_raw"))
    lead_structure = _structure(lead, academie) or {
        "name": _("Services académiques — %(academie)s") % {"academie": academie.name},
        "kind": "academie_service",
        "academie": academie.code,
    }
    programme = []
    if example.get("description"):
        programme.append({"type": "paragraph", "text": clean_ordinals(example["description"])})
    links = _links(example.get("links"))
    for item in example.get("items") or []:
        programme.append({
            "type": "item",
            "title": clean_ordinals(item["title"]),
            "structure": (item.get("lead_structure") or {}).get("name"),
            "commune": item.get("commune_raw"),
            "description": clean_ordinals(item.get("description")),
        })
        links += _links(item.get("links"))
    return {
        "schema": SCHEMA_NAME,
        "academie": academie.code,
        "title": clean_ordinals(example["title"]),
        "school_years": [school_year],
        "lead_structure": lead_structure,
        "partner_establishments": [
            structure for p in example.get("partner_structures") or [] if (structure := _structure(p, academie))
        ],
        "location_text": example.get("commune_raw"),
        "programme": programme,
        "links": links,
        "perseverance_week": {"academie": academie.code, "school_year": school_year},
    }


def planned_slugs(examples) -> list[str]:
    """One slug per example, unique within the académie, stable from one run to the next."""
    slugs, seen = [], set()
    for example in examples:
        base = slugify(example["title"])[:80].strip("-") or "fiche"
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        slugs.append(slug)
    return slugs


def _date(value):
    return dt.date.fromisoformat(value) if value else None


class Geocoder:
    """Commune → INSEE code, département and point, through the offline gazetteer when geo/ has it.

    A fuzzy match is stored as « approximate » with a warning; an ambiguous or unknown commune
    is left without a point (and said once).
    """

    def __init__(self, say):
        self.say = say
        try:
            from geo.geocoders import OfflineGazetteer
        except ImportError:
            self.geocoder = None
            say(_("Géocodage indisponible (module geo incomplet) : établissements sans coordonnées."))
        else:
            self.geocoder = OfflineGazetteer()
        self.located = self.approximate = self.not_found = 0

    def _lookup(self, commune: str, departements: list[str]):
        location = self.geocoder.geocode(commune)
        if location is not None and (not departements or location.raw["departement"] in departements):
            return location
        found = {}
        for dep in departements:
            location = self.geocoder.geocode(commune, departement=dep)
            if location is not None:
                found[location.raw["insee"]] = location
        return next(iter(found.values())) if len(found) == 1 else None

    def locate(self, establishment: Establishment) -> None:
        if self.geocoder is None or establishment.has_position:
            return
        if not establishment.commune:
            self.seat(establishment)
            return
        try:
            location = self._lookup(establishment.commune, establishment.academie.departements)
        except Exception as exc:  # the gazetteer is another team's work in progress: never block the demo
            self.say(_("Géocodage impossible (%(error)s) : établissements sans coordonnées.") % {"error": exc})
            self.geocoder = None
            return
        if location is None:
            self.not_found += 1
            self.say(_("  ! commune non localisée : « %(commune)s » (%(name)s)")
                     % {"commune": establishment.commune, "name": establishment.name})
            return
        raw = location.raw
        precision = raw.get("precision") or "approximate"
        if raw.get("match") == "fuzzy":
            precision = "approximate"
            self.say(_("  ! correspondance approchée : « %(commune)s » → %(found)s (%(insee)s), position « approximative »")
                     % {"commune": establishment.commune, "found": raw["name"], "insee": raw["insee"]})
        establishment.commune_insee = raw["insee"]
        establishment.departement = establishment.departement or raw["departement"]
        establishment.latitude, establishment.longitude = location.latitude, location.longitude
        establishment.location_precision = precision
        establishment.save(
            update_fields=["commune_insee", "departement", "academie", "latitude", "longitude", "location_precision"]
        )
        self.located += 1
        if precision == "approximate":
            self.approximate += 1

    def seat(self, establishment: Establishment) -> None:
        """A structure named without a commune, placed at its known seat (« CIO de Verdun », a DSDEN…)."""
        from geo.placement import place_establishment

        placement = place_establishment(establishment)
        if placement.status != "seat":
            self.say(_("  ! à placer : « %(name)s » (ni commune ni siège connu)") % {"name": establishment.name})
            return
        establishment.save()
        self.located += 1
        if establishment.location_precision == "approximate":
            self.approximate += 1


class DemoLoader:
    """Loads the demo content; ``say`` prints one progress line (French)."""

    def __init__(self, say=print):
        self.say = say
        self.created = {"fiches": 0, "weeks": 0, "examples": 0}
        self.geocoder = Geocoder(say)

    def run(self) -> dict:
        """Load the fiches' demo content; return the counts of what was created."""
        self.load_sas_mily()
        self.load_semaine()
        return self.created

    def _locate(self, page: FichePage) -> None:
        for establishment in [page.lead_structure, *page.partner_establishments.all()]:
            self.geocoder.locate(establishment)

    def _fiche(self, data: dict, section: AcademiePage, slug: str) -> tuple[FichePage, bool]:
        """The fiche ``slug`` of ``section``, created and published when missing.

        Its structures are located before it is published: a located structure's live fiches are
        indexed again (search.signals), so locating them after would index each new fiche twice.
        """
        existing = FichePage.objects.child_of(section).filter(slug=slug).first()
        if existing is not None:
            return existing, False
        draft = apply_fiche_data(data, parent=section, slug=slug)
        self._locate(draft)
        draft.get_latest_revision().publish()
        self.created["fiches"] += 1
        return FichePage.objects.get(pk=draft.pk), True

    @transaction.atomic
    def load_sas_mily(self) -> FichePage:
        data = _read(SAS_MILY_FILE)
        section = AcademiePage.objects.get(academie__code=data["academie"])
        page, created = self._fiche(data, section, SAS_MILY_SLUG)
        self.say((_("Fiche SAS MILY créée : %(url)s") if created else _("Fiche SAS MILY déjà présente : %(url)s"))
                 % {"url": page.url_path})
        return page

    def load_semaine(self) -> None:
        data = _read(SEMAINE_FILE)
        school_year, _created = SchoolYear.objects.get_or_create(code=data["school_year"])
        for record in data["academies"]:
            with transaction.atomic():
                self._load_academie(record, school_year)

    def _week(self, record: dict, academie: Academie, school_year: SchoolYear) -> PerseveranceWeek:
        period = record.get("period") or {}
        edition = record.get("edition") or {}
        week, created = PerseveranceWeek.objects.get_or_create(
            academie=academie,
            school_year=school_year,
            defaults={
                "event_name": record.get("event_name") or "",
                "theme": record.get("theme") or "",
                "edition_number": edition.get("number"),
                "edition_raw": edition.get("raw") or "",
                "period_raw": period.get("raw") or "",
                "start_date": _date(period.get("start")),
                "end_date": _date(period.get("end")),
                "period_precision": period.get("precision") or "",
                "actions_declared": record.get("actions_declared") or {},
                "establishments_declared": record.get("establishments_declared") or {},
                "levels": record.get("levels") or {},
                "partners": record.get("partners") or "",
                "axes_intro": record.get("axes_intro") or "",
                "axes": record.get("axes_de_travail") or [],
                "commentary": record.get("commentary") or "",
                "notes": record.get("notes") or "",
                "examples_note": record.get("examples_note") or "",
                "examples_links": record.get("examples_links") or [],
            },
        )
        self.created["weeks"] += created
        return week

    def _load_academie(self, record: dict, school_year: SchoolYear) -> None:
        academie = Academie.objects.get(code=record["slug"])
        section = AcademiePage.objects.get(academie=academie)
        week = self._week(record, academie, school_year)
        examples = record.get("examples") or []
        new = 0
        for order, (example, slug) in enumerate(zip(examples, planned_slugs(examples))):
            page, created = self._fiche(example_document(example, academie, school_year.code), section, slug)
            new += created
            _link, linked = PerseveranceWeekExample.objects.get_or_create(
                week=week, fiche=page, defaults={"sort_order": order, "award": example.get("award") or ""}
            )
            self.created["examples"] += linked
        self.say(_("%(academie)s %(year)s — exemples : %(total)s ; fiches créées : %(new)s")
                 % {"academie": academie.title, "year": school_year.code, "total": len(examples), "new": new})
