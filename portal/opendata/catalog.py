"""DCAT metadata of the datasets (JSON-LD, DCAT-AP style): the catalogue, each dataset and its
distributions with their schema (``dct:conformsTo``), licence, size and date, and the API as a
``dcat:DataService`` described by its OpenAPI document."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .datasets import DATASETS, ETALAB_LICENCE

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FRENCH = {"@id": "http://publications.europa.eu/resource/authority/language/FRA"}
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def _fr(text) -> dict:
    return {"@value": str(text), "@language": "fr"}


def _distribution(absolute, distribution, entry: dict, modified: str) -> dict:
    url = absolute(reverse(f"opendata:{distribution.filename}"))
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _fr(distribution.title),
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": MEDIA_TYPES + distribution.media_type},
        "dct:conformsTo": {"@id": absolute(reverse(f"opendata:{distribution.schema}"))},
        "dct:license": {"@id": ETALAB_LICENCE},
        "dcat:byteSize": {"@value": str(entry["size"]), "@type": "xsd:nonNegativeInteger"},
        "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
    }


def catalog(absolute, manifests: dict[str, dict], publisher: str) -> dict:
    """The catalogue; ``absolute`` makes an absolute URL of a path, ``manifests`` are the datasets' current ones."""
    landing = absolute(reverse("opendata:index"))
    datasets = []
    for slug, dataset in DATASETS.items():
        manifest = manifests[slug]
        modified = manifest["generated_at"]
        datasets.append({
            "@id": f"{landing}#{slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": slug,
            "dct:title": _fr(dataset.title),
            "dct:description": _fr(dataset.description),
            "dcat:keyword": [_fr(keyword) for keyword in dataset.keywords],
            "dct:language": FRENCH,
            "dct:license": {"@id": ETALAB_LICENCE},
            "dct:publisher": {"@id": f"{landing}#editeur"},
            "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
            "dcat:landingPage": {"@id": landing},
            "dcat:distribution": [
                _distribution(absolute, distribution, manifest["files"][distribution.filename], modified)
                for distribution in dataset.distributions
            ],
        })
    api = absolute(reverse("apidoc:openapi"))
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": _fr(_("Accroche — données ouvertes")),
        "dct:description": _fr(_("Registre des pratiques de persévérance scolaire : fiches publiées, synthèses "
                                 "annuelles et indicateurs agrégés, sous Licence Ouverte 2.0.")),
        "dct:language": FRENCH,
        "dct:license": {"@id": ETALAB_LICENCE},
        "dct:publisher": {"@id": f"{landing}#editeur", "@type": "foaf:Agent", "foaf:name": publisher},
        "foaf:homepage": {"@id": landing},
        "dcat:dataset": datasets,
        "dcat:service": [{
            "@id": api,
            "@type": "dcat:DataService",
            "dct:title": _fr(_("API publique d'Accroche")),
            "dcat:endpointURL": {"@id": absolute("/api/v1/")},
            "dcat:endpointDescription": {"@id": api},
            "dct:conformsTo": {"@id": "https://spec.openapis.org/oas/v3.1.0"},
            "dct:license": {"@id": ETALAB_LICENCE},
            "dcat:servesDataset": [{"@id": f"{landing}#{slug}"} for slug in DATASETS],
        }],
    }
