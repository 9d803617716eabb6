"""The search document of a fiche, built in one place for every backend.

A document is a plain dict (see :func:`build_document`); plugins enrich it through
the ``enrich_search_document`` hook. Searchable text goes in ``title``, ``body`` and
``places`` (where the fiche happens: its lead structure's and partners' names and communes,
département, académie and région, so that « Clermont », « Ardèche » or « CIO Verdun » find
it); ``audience`` holds the tokens that open the fiche (:mod:`fiches.visibility`), which every
search filters on; other keys a plugin adds are kept in the stored document but not searched.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.html import strip_tags

from .highlight import strip_markers
from .text import plain_words

STREAM_FIELDS = ("objectives", "programme", "workshops", "steps", "means", "effects", "indicators", "internal_roles")
# Keys of StreamField raw data that hold codes, not text.
NON_TEXT_KEYS = frozenset({"id", "type", "kind", "url", "start_date", "end_date"})
RICH_TEXT_TYPES = frozenset({"paragraph"})


def fiches_to_index():
    """Published fiches with everything a document needs, in few queries."""
    from fiches.models import FichePage

    return (
        FichePage.objects.live()
        .select_related("lead_structure", "lead_structure__academie")
        .prefetch_related("levels", "themes", "dispositifs", "publics", "external_partners", "partner_establishments",
                          "school_year_links__school_year", "lead_structure__network_links", "network_tags")
        .order_by("pk")
    )


def iter_documents(queryset=None, chunk_size: int = 500) -> Iterator[dict]:
    """Documents of the fiches of ``queryset`` (default: every published fiche)."""
    queryset = fiches_to_index() if queryset is None else queryset
    for fiche in queryset.iterator(chunk_size=chunk_size):
        yield build_document(fiche)


def document_for(fiche_id: int) -> dict | None:
    """The document of a published fiche, or None when it is not (or no longer) published."""
    fiche = fiches_to_index().filter(pk=fiche_id).first()
    return build_document(fiche) if fiche else None


def build_document(fiche) -> dict:
    """The search document of one fiche, enriched by plugins."""
    from fiches.visibility import tokens_of
    from plugins.manager import call_hook

    lead = fiche.lead_structure
    document = {
        "id": fiche.pk,
        "title": fiche.title,
        "url": fiche.get_url() or "",
        "body": _body(fiche),
        "places": _places(fiche),
        "academie": lead.academie.code,
        "levels": [term.slug for term in fiche.levels.all()],
        "themes": [term.slug for term in fiche.themes.all()],
        "dispositifs": [term.slug for term in fiche.dispositifs.all()],
        "publics": [term.slug for term in fiche.publics.all()],
        "annees": [link.school_year.code for link in fiche.school_year_links.all()],
        "etablissement": lead.name,
        "commune": lead.commune,
        "location": {"lat": lead.latitude, "lon": lead.longitude} if lead.has_position else None,
        "date": (fiche.first_published_at or fiche.latest_revision_created_at or fiche.last_published_at),
        "revision_id": fiche.live_revision_id,
        "audience": tokens_of(fiche),
    }
    for extra in call_hook("enrich_search_document", fiche=fiche, document=document):
        document.update(extra)
    document["body"] = plain_words(strip_markers(document["body"]))
    document["title"] = plain_words(strip_markers(document["title"]))
    return document


def _places(fiche) -> str:
    """Names of the places of a fiche: lead structure and partners, communes, départements, académie."""
    from geo.gazetteer import departement_names

    departements = departement_names()
    parts = []
    for structure in [fiche.lead_structure, *fiche.partner_establishments.all()]:
        departement = departements.get(structure.departement) or {}
        parts += [structure.name, structure.commune, departement.get("name"), structure.departement,
                  structure.bassin, departement.get("region_name")]
    academie = fiche.lead_structure.academie
    parts += [academie.name, academie.region]
    return "\n".join(dict.fromkeys(part.strip() for part in parts if part and part.strip()))


def _body(fiche) -> str:
    """The fiche's texts, what it says first: a result's extract starts at the body's beginning when the query's
    words are not in it, and read « Fontanil Cornillon Lycée professionnel Dolto Fontanil Cornillon L'objectif… »
    when the names of its places came before its description."""
    lead = fiche.lead_structure
    parts = [fiche.summary, fiche.public_description, fiche.theme_text]
    for name in STREAM_FIELDS:
        parts.extend(_stream_strings(getattr(fiche, name).raw_data))
    parts += [fiche.communication, fiche.duration_text, fiche.external_partners_text, fiche.location_text, lead.name,
              lead.commune, *(partner.name for partner in fiche.external_partners.all())]
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _stream_strings(value) -> Iterator[str]:
    """Text of StreamField raw data; rich text paragraphs lose their tags, plain text is kept as typed."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if value.get("type") in RICH_TEXT_TYPES and isinstance(value.get("value"), str):
            yield strip_tags(value["value"])
            return
        for key, item in value.items():
            if key not in NON_TEXT_KEYS:
                yield from _stream_strings(item)
    elif isinstance(value, Iterable):
        for item in value:
            yield from _stream_strings(item)
