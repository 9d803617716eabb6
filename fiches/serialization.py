"""Fiche ⇄ JSON document following ``fiches/schemas/fiche-1.json`` (schema "accroche.fiche/1").

- :func:`fiche_to_data` exports a fiche (JSON export, API, round trips);
- :func:`validate_fiche_data` lists every schema problem in French, each with its JSON path;
- :func:`apply_fiche_data` creates or updates a fiche from a document (imports, demo data).

Conventions of the document: an empty text is exported as ``null``; a programme ``paragraph``
is plain text whose paragraphs are separated by a blank line (single line breaks are kept);
taxonomies are vocabulary slugs in vocabulary order; partner lists are sorted by name.
``id``, ``url`` and ``status`` are export-only: importing ignores them (``publish`` decides).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from geo.academies import academie_for
from geo.seats import structure_seat

from .control_characters import without_control_characters, without_control_characters_in
from .models import (
    Academie,
    AcademiePage,
    Dispositif,
    Establishment,
    FichePage,
    FichePageSchoolYear,
    Level,
    Partner,
    PerseveranceWeek,
    SchoolYear,
    TargetPublic,
    Theme,
)
from .models.pages import default_licence
from .models.taxonomy import validate_school_year
from .page_locks import lock_for_new_child

SCHEMA_NAME = "accroche.fiche/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "fiche-1.json"
TAXONOMIES = {"levels": Level, "publics": TargetPublic, "themes": Theme, "dispositifs": Dispositif}
STRUCTURE_FIELDS = ("uai", "commune", "commune_insee", "departement", "bassin", "latitude", "longitude")
TEXT_FIELDS = (
    "summary", "location_text", "public_description", "girls_boys_share", "theme_text",
    "communication", "duration_text", "external_partners_text",
)
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n\s*")


class FicheDataError(ValueError):
    """A fiche document that cannot be applied; ``errors`` lists every problem (French, with paths)."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --------------------------------------------------------------------------- schema validation


@lru_cache(maxsize=1)
def load_schema() -> dict:
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


TYPE_NAMES = {
    "string": "texte", "integer": "entier", "number": "nombre", "array": "liste",
    "object": "objet", "boolean": "booléen", "null": "null",
}
PATTERN_HINTS = {
    r"^\d{4}-\d{4}$": "AAAA-AAAA, ex. 2023-2024",
    r"^\d{7}[A-Z]$": "7 chiffres puis une lettre majuscule, ex. 0470018L",
    r"^(\d{5}|2[AB]\d{3})$": "5 caractères, ex. 47001 ou 2A004",
    r"^[a-z0-9-]+$": "minuscules, chiffres et tirets, ex. lycee-professionnel",
}


def _show(value) -> str:
    return "null" if value is None else str(value)


def _message(error) -> str:
    """French wording of one jsonschema error (the keyword decides)."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        return _("champ obligatoire manquant : %(fields)s") % {"fields": ", ".join(missing)}
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(name for name in instance if name not in allowed)
        return _("champ non prévu par le schéma : %(fields)s") % {"fields": ", ".join(extra)}
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        return _("type attendu : %(expected)s (reçu : %(value)s)") % {
            "expected": " ou ".join(TYPE_NAMES.get(t, t) for t in types),
            "value": json.dumps(instance, ensure_ascii=False)[:80],
        }
    if kind == "enum":
        return _("valeur « %(value)s » non permise ; valeurs possibles : %(choices)s") % {
            "value": _show(instance), "choices": ", ".join(_show(v) for v in expected),
        }
    if kind == "const":
        return _("valeur attendue : « %(expected)s » (reçu : « %(value)s »)") % {
            "expected": expected, "value": _show(instance),
        }
    if kind == "pattern":
        return _("« %(value)s » n'a pas le format attendu (%(hint)s)") % {
            "value": instance, "hint": PATTERN_HINTS.get(expected, expected),
        }
    if kind == "format" and expected == "date":
        return _("« %(value)s » n'est pas une date au format AAAA-MM-JJ") % {"value": instance}
    if kind == "minLength":
        if expected == 1:
            return _("ce texte ne doit pas être vide")
        return _("au moins %(n)s caractères attendus") % {"n": expected}
    if kind == "maxLength":
        return _("au plus %(n)s caractères (%(length)s reçus)") % {"n": expected, "length": len(instance)}
    if kind == "minimum":
        return _("la valeur doit être au moins %(n)s (reçu : %(value)s)") % {"n": expected, "value": instance}
    if kind == "maximum":
        return _("la valeur doit être au plus %(n)s (reçu : %(value)s)") % {"n": expected, "value": instance}
    if kind == "oneOf":
        return _("bloc non reconnu : « type » doit valoir %(types)s") % {
            "types": " ou ".join(
                f"« {branch['properties']['type']['const']} »" for branch in expected if "type" in branch.get("properties", {})
            ),
        }
    return error.message


def _leaf_errors(error):
    """For a programme block (``oneOf``), report the errors of the branch its ``type`` names."""
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        for index, branch in enumerate(error.validator_value):
            const = branch.get("properties", {}).get("type", {}).get("const")
            if const is not None and const == error.instance.get("type"):
                sub = [e for e in error.context if e.relative_schema_path[0] == index]
                if sub:
                    for child in sub:
                        yield from _leaf_errors(child)
                    return
    yield error


def validate_fiche_data(data) -> list[str]:
    """Every schema problem of ``data``, in French, as « $.chemin : problème »; empty when valid."""
    problems = []
    for error in _validator().iter_errors(data):
        for leaf in _leaf_errors(error):
            problems.append((leaf.json_path, _message(leaf)))
    return [f"{path} : {message}" for path, message in sorted(set(problems))]


# --------------------------------------------------------------------------- export


def _text(value):
    return value if value else None


def _date(value):
    return value.isoformat() if value else None


def _strings(values) -> list[str]:
    return [v for v in (values or []) if v]


class _HtmlToText(HTMLParser):
    """Rich text back to the document's plain text: blank line between paragraphs, list items as "- "."""

    BLOCK_TAGS = {"p", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.buffer = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.buffer.append("\n")
        elif tag == "li":
            self.buffer.append("- ")

    def handle_endtag(self, tag):
        if tag == "li":
            self.buffer.append("\n")
        elif tag in self.BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        self.buffer.append(data)

    def flush(self):
        text = "".join(self.buffer).strip("\n")
        if text.strip():
            self.paragraphs.append(text)
        self.buffer = []

    @classmethod
    def convert(cls, source: str) -> str:
        parser = cls()
        parser.feed(source)
        parser.close()
        parser.flush()
        return "\n\n".join(parser.paragraphs)


def text_to_html(text: str) -> str:
    """Plain text to rich text: one <p> per blank-line paragraph, line breaks as <br/>, escaped."""
    paragraphs = [p for p in BLANK_LINE_RE.split(text.strip("\n")) if p.strip()]
    return "".join("<p>" + html.escape(p, quote=False).replace("\n", "<br/>") + "</p>" for p in paragraphs)


def _structure_data(structure: Establishment) -> dict:
    return {
        "name": structure.name,
        "kind": structure.kind,
        **{name: _text(getattr(structure, name)) for name in ("uai", "commune", "commune_insee", "departement")},
        "academie": structure.academie.code,
        "bassin": _text(structure.bassin),
        "latitude": structure.latitude,
        "longitude": structure.longitude,
    }


def _programme_data(stream) -> list[dict]:
    blocks = []
    for child in stream:
        if child.block_type == "paragraph":
            blocks.append({"type": "paragraph", "text": _HtmlToText.convert(child.value.source)})
        else:
            value = child.value
            blocks.append({
                "type": "item",
                "title": value["title"],
                **{name: _text(value[name]) for name in ("structure", "commune", "description")},
            })
    return blocks


def _links_data(stream) -> list[dict]:
    links = []
    for child in stream:
        if child.block_type == "document":
            if child.value is not None:
                links.append({"url": child.value.url, "label": child.value.title, "kind": "document"})
        else:
            value = child.value
            links.append({"url": value["url"], "label": _text(value["label"]), "kind": value["kind"] or "link"})
    return links


def _step_data(value) -> dict:
    return {
        "name": value["name"],
        "description": _text(value["description"]),
        "actors": _strings(value["actors"]),
        "dates_text": _text(value["dates_text"]),
        "start_date": _date(value["start_date"]),
        "end_date": _date(value["end_date"]),
        "tools": _strings(value["tools"]),
        "notes": _text(value["notes"]),
    }


def _workshop_data(value) -> dict:
    return {
        "name": value["name"],
        "discipline": _text(value["discipline"]),
        "group_size_min": value["group_size_min"],
        "group_size_max": value["group_size_max"],
        "facilitators": _strings(value["facilitators"]),
        "description": _text(value["description"]),
    }


def _terms(manager) -> list[str]:
    return [term.slug for term in sorted(manager.all(), key=lambda t: (t.sort_order, t.label))]


def _full_url(page) -> str | None:
    try:
        return page.get_full_url()
    except Exception:  # no Site matches the page: a relative URL is still useful
        return page.url_path or None


def fiche_to_data(page: FichePage) -> dict:
    """The fiche as a document valid against the schema "accroche.fiche/1"."""
    academie = page.academie
    week = page.perseverance_week
    return {
        "schema": SCHEMA_NAME,
        "id": page.pk,
        "url": _full_url(page),
        "status": page.status,
        "academie": academie.code if academie else None,
        "title": page.title,
        "summary": _text(page.summary),
        "school_years": sorted(link.school_year.code for link in page.school_year_links.all()),
        "lead_structure": _structure_data(page.lead_structure),
        "partner_establishments": [
            _structure_data(e) for e in sorted(page.partner_establishments.all(), key=lambda e: (e.name, e.pk or 0))
        ],
        "location_text": _text(page.location_text),
        **{name: _terms(getattr(page, name)) for name in TAXONOMIES},
        "public_description": _text(page.public_description),
        "girls_boys_share": _text(page.girls_boys_share),
        "theme_text": _text(page.theme_text),
        "objectives": _strings(child.value for child in page.objectives),
        "programme": _programme_data(page.programme),
        "workshops": [_workshop_data(child.value) for child in page.workshops],
        "steps": [_step_data(child.value) for child in page.steps],
        "means": [{"kind": c.value["kind"] or "other", "text": c.value["text"]} for c in page.means],
        "communication": _text(page.communication),
        "start_date": _date(page.start_date),
        "end_date": _date(page.end_date),
        "duration_text": _text(page.duration_text),
        "effects": [
            {"kind": c.value["kind"] or "observed", "source": _text(c.value["source"]), "text": c.value["text"]}
            for c in page.effects
        ],
        "indicators": [
            {"category": _text(c.value["category"]), "label": c.value["label"], "value": _text(c.value["value"])}
            for c in page.indicators
        ],
        "internal_roles": _strings(child.value for child in page.internal_roles),
        "external_partners": [
            {"name": p.name, "kind": _text(p.kind), "website": _text(p.website)}
            for p in sorted(page.external_partners.all(), key=lambda p: p.name)
        ],
        "external_partners_text": _text(page.external_partners_text),
        "contact": {"name": _text(page.contact_name), "email": _text(page.contact_email)},
        "links": _links_data(page.links),
        "perseverance_week": (
            {"academie": week.academie.code, "school_year": week.school_year.code} if week else None
        ),
        "licence": page.licence,
    }


# --------------------------------------------------------------------------- import


@dataclass
class _References:
    """What a document names and the registry must already hold, looked up before anything is written."""

    academies: dict[str, Academie] = field(default_factory=dict)
    terms: dict[str, list] = field(default_factory=dict)
    week: PerseveranceWeek | None = None
    structure_academies: dict[str, Academie | None] = field(default_factory=dict)
    parent: AcademiePage | None = None


def _first_year_start(data) -> dt.date | None:
    years = sorted(data.get("school_years") or [])
    return dt.date(int(years[0][:4]), 9, 1) if years else None


def _academie(code, path, refs, errors) -> Academie | None:
    if code in refs.academies:
        return refs.academies[code]
    academie = Academie.objects.filter(code=code).first()
    if academie is None:
        errors.append(_("%(path)s : académie inconnue « %(code)s »") % {"path": path, "code": code})
    refs.academies[code] = academie
    return academie


def _structure_academie(structure: dict, path: str, day, refs, errors) -> Academie | None:
    """The académie of a structure to create: its code, else its département's académie on ``day``."""
    if structure.get("uai") and Establishment.objects.filter(uai=structure["uai"]).exists():
        return None  # an existing establishment keeps its académie
    if structure.get("academie"):
        return _academie(structure["academie"], f"{path}.academie", refs, errors)
    departement = structure.get("departement")
    code = academie_for(departement, day) if departement else None
    if code:
        return _academie(code, f"{path}.departement", refs, errors)
    missing = [_("« academie » (code de l'académie)")]
    missing.append(
        _("un « departement » rattaché à une académie (« %(dep)s » ne l'est pas)") % {"dep": departement}
        if departement else _("« departement »")
    )
    errors.append(
        _("%(path)s : impossible de déterminer l'académie de « %(name)s » ; il manque %(missing)s")
        % {"path": path, "name": structure["name"], "missing": " ou ".join(missing)}
    )
    return None


def _resolve(data: dict, parent, page) -> _References:
    """Check every reference of a schema-valid document; raise FicheDataError listing all problems."""
    refs, errors = _References(), []
    day = _first_year_start(data)
    structures = [("$.lead_structure", data["lead_structure"])] + [
        (f"$.partner_establishments[{i}]", s) for i, s in enumerate(data.get("partner_establishments") or [])
    ]
    for path, structure in structures:
        refs.structure_academies[path] = _structure_academie(structure, path, day, refs, errors)
    for name, model in TAXONOMIES.items():
        slugs = data.get(name) or []
        found = {t.slug: t for t in model.objects.filter(slug__in=slugs)}
        for i, slug in enumerate(slugs):
            if slug not in found:
                errors.append(
                    _("$.%(name)s[%(i)s] : « %(slug)s » n'est pas dans le vocabulaire « %(vocab)s » (valeurs : %(choices)s)")
                    % {"name": name, "i": i, "slug": slug, "vocab": model._meta.verbose_name_plural,
                       "choices": ", ".join(model.objects.values_list("slug", flat=True))}
                )
        refs.terms[name] = [found[s] for s in dict.fromkeys(slugs) if s in found]
    for i, code in enumerate(data.get("school_years") or []):
        try:
            validate_school_year(code)
        except ValidationError as exc:
            errors.append(f"$.school_years[{i}] : {' '.join(exc.messages)}")
    week = data.get("perseverance_week")
    if week:
        refs.week = PerseveranceWeek.objects.filter(
            academie__code=week.get("academie"), school_year__code=week.get("school_year")
        ).first()
        if refs.week is None:
            errors.append(
                _("$.perseverance_week : aucune Semaine de la persévérance pour « %(academie)s » en %(year)s")
                % {"academie": week.get("academie"), "year": week.get("school_year")}
            )
    email = (data.get("contact") or {}).get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("$.contact.email : « %(email)s » n'est pas une adresse électronique valide") % {"email": email})
    if parent is None and page is None:
        code = data.get("academie")
        academie = _academie(code, "$.academie", refs, errors) if code else refs.structure_academies["$.lead_structure"]
        if code is None and academie is None and data["lead_structure"].get("uai"):
            academie = Establishment.objects.get(uai=data["lead_structure"]["uai"]).academie
        if academie is not None:
            refs.parent = AcademiePage.objects.filter(academie=academie).first()
            if refs.parent is None:
                errors.append(_("$.academie : l'académie « %(code)s » n'a pas de section") % {"code": academie.code})
    if errors:
        raise FicheDataError(errors)
    return refs


def _validation_errors(exc: ValidationError, path: str) -> FicheDataError:
    if hasattr(exc, "message_dict"):
        return FicheDataError(
            f"{path}.{name} : {message}" if name != "__all__" else f"{path} : {message}"
            for name, messages in exc.message_dict.items()
            for message in messages
        )
    return FicheDataError(f"{path} : {message}" for message in exc.messages)


def _structure(structure: dict, path: str, academie: Academie | None) -> Establishment:
    """Find the establishment (by UAI, else by name, commune and académie) or create it.

    An existing establishment keeps its values: the document only fills its empty fields.
    """
    uai = structure.get("uai")
    if uai:
        obj = Establishment.objects.filter(uai=uai).first()
    else:
        # Establishment.save() files a structure with a département under that département's current
        # académie: look there too, so that importing the same document twice finds it again.
        codes = {academie.code}
        if structure.get("departement"):
            codes.add(academie_for(structure["departement"]))
        obj = (Establishment.objects.filter(name=structure["name"], commune__in=_communes_of(structure, academie),
                                            academie__code__in=codes).order_by("pk").first())
    if obj is None:
        obj = Establishment(name=structure["name"], academie=academie, kind=structure.get("kind") or "other")
    return _fill_empty_fields_and_save(obj, structure, STRUCTURE_FIELDS, path)


def _communes_of(structure: dict, academie: Academie) -> list[str]:
    """The communes a structure of the document may be filed under: the one it gives; for a structure named
    without one, none, or the commune of its seat, which placing it (geo.placement: the demo loader,
    place_structures, the admin form) wrote into it, so that a second document naming it finds it again."""
    if structure.get("commune"):
        return [structure["commune"]]
    seat = structure_seat(structure["name"], structure.get("kind") or "other", academie.code, academie.departements)
    return ["", seat.commune.name] if seat else [""]


def _partner(partner: dict, path: str) -> Partner:
    obj = Partner.objects.filter(name=partner["name"]).first() or Partner(name=partner["name"])
    return _fill_empty_fields_and_save(obj, partner, ("kind", "website"), path)


def _fill_empty_fields_and_save(obj, values: dict, fields, path: str):
    """Fill ``obj``'s empty ``fields`` from ``values``, then validate and save it if new or changed."""
    changed = obj.pk is None
    for name in fields:
        value = values.get(name)
        if value not in (None, "") and getattr(obj, name) in (None, ""):
            setattr(obj, name, value)
            changed = True
    if changed:
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise _validation_errors(exc, path) from exc
        obj.save()
    return obj


def _stream(block_type: str, values) -> str:
    """Raw StreamField data (JSON) for a list of block values."""
    return json.dumps([{"type": block_type, "value": value} for value in values], ensure_ascii=False)


def _programme_raw(blocks) -> str:
    raw = []
    for block in blocks:
        if block["type"] == "paragraph":
            raw.append({"type": "paragraph", "value": text_to_html(block["text"])})
        else:
            raw.append({"type": "item", "value": {
                "title": block["title"],
                **{name: block.get(name) or "" for name in ("structure", "commune", "description")},
            }})
    return json.dumps(raw, ensure_ascii=False)


def _set_content(page: FichePage, data: dict, refs: _References) -> None:
    """Copy the document's fields onto the page (in memory; saved by the revision)."""
    page.title = data["title"]
    for name in TEXT_FIELDS:
        setattr(page, name, data.get(name) or "")
    page.start_date = dt.date.fromisoformat(data["start_date"]) if data.get("start_date") else None
    page.end_date = dt.date.fromisoformat(data["end_date"]) if data.get("end_date") else None
    page.licence = data.get("licence") or page.licence or default_licence()
    contact = data.get("contact") or {}
    page.contact_name = contact.get("name") or ""
    page.contact_email = contact.get("email") or ""
    page.perseverance_week = refs.week
    for name in TAXONOMIES:
        setattr(page, name, refs.terms[name])
    page.objectives = _stream("objective", data.get("objectives") or [])
    page.internal_roles = _stream("role", data.get("internal_roles") or [])
    page.programme = _programme_raw(data.get("programme") or [])
    page.workshops = _stream("workshop", [
        {
            "name": w["name"], "discipline": w.get("discipline") or "",
            "group_size_min": w.get("group_size_min"), "group_size_max": w.get("group_size_max"),
            "facilitators": w.get("facilitators") or [], "description": w.get("description") or "",
        }
        for w in data.get("workshops") or []
    ])
    page.steps = _stream("step", [
        {
            "name": s["name"], "description": s.get("description") or "", "actors": s.get("actors") or [],
            "dates_text": s.get("dates_text") or "", "start_date": s.get("start_date"),
            "end_date": s.get("end_date"), "tools": s.get("tools") or [], "notes": s.get("notes") or "",
        }
        for s in data.get("steps") or []
    ])
    page.means = _stream("means", [{"kind": m.get("kind") or "other", "text": m["text"]} for m in data.get("means") or []])
    page.effects = _stream("effect", [
        {"kind": e.get("kind") or "observed", "source": e.get("source") or "", "text": e["text"]}
        for e in data.get("effects") or []
    ])
    page.indicators = _stream("indicator", [
        {"category": i.get("category") or "", "label": i["label"], "value": i.get("value") or ""}
        for i in data.get("indicators") or []
    ])
    page.links = _stream("link", [
        {"url": link["url"], "label": link.get("label") or "", "kind": link.get("kind") or "link"}
        for link in data.get("links") or []
    ])


def unique_child_slug(parent, title: str) -> str:
    """A slug from the title, free among the parent's children (``-2``, ``-3``… when taken)."""
    base = slugify(title)[:80].strip("-") or "fiche"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_fiche_data(data, *, parent=None, user=None, publish=False, page=None, slug=None) -> FichePage:
    """Create (or update ``page``) a fiche from a document; all or nothing.

    The document is validated first (schema, then references: académies, vocabularies, school
    years, Semaine); any problem raises :class:`FicheDataError` listing them all, and nothing is
    written. Structures and partners are found or created, a revision is saved (owner ``user``)
    and published only when ``publish``. A new fiche goes under ``parent``, else under the section
    of ``data["academie"]``, else of its lead structure's académie; an updated one stays where it is.
    The document's texts lose their control characters first (:mod:`fiches.control_characters`); in the title,
    a single line, a line break becomes a space.
    """
    data = without_control_characters_in(data)
    if isinstance(data, dict) and isinstance(data.get("title"), str):
        data["title"] = without_control_characters(data["title"], single_line=True)
    errors = validate_fiche_data(data)
    if errors:
        raise FicheDataError(errors)
    with transaction.atomic():
        refs = _resolve(data, parent, page)
        lead = _structure(data["lead_structure"], "$.lead_structure", refs.structure_academies["$.lead_structure"])
        partners = [
            _structure(s, f"$.partner_establishments[{i}]", refs.structure_academies[f"$.partner_establishments[{i}]"])
            for i, s in enumerate(data.get("partner_establishments") or [])
        ]
        external = [_partner(p, f"$.external_partners[{i}]") for i, p in enumerate(data.get("external_partners") or [])]
        years = [SchoolYear.objects.get_or_create(code=code)[0] for code in dict.fromkeys(data.get("school_years") or [])]

        if page is None:
            parent = parent or refs.parent
            lock_for_new_child(parent)
            page = FichePage(live=False, owner=user, lead_structure=lead)
            page.slug = slug or unique_child_slug(parent, data["title"])
        else:
            page = page.specific.get_latest_revision_as_object()
        _set_content(page, data, refs)
        page.lead_structure = lead
        page.partner_establishments = partners
        page.external_partners = external
        page.school_year_links = [FichePageSchoolYear(school_year=year, sort_order=i) for i, year in enumerate(years)]
        try:
            if page.pk is None:
                parent.add_child(instance=page)
            revision = page.save_revision(user=user)
        except ValidationError as exc:
            raise _validation_errors(exc, "$") from exc
        if publish:
            revision.publish(user=user)
            page = FichePage.objects.get(pk=page.pk)
    return page
