"""The published datasets: what each holds, its files and the schemas they follow."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fiches.serialization import load_schema as fiche_json_schema

from . import fiches, indicators, syntheses

ETALAB_LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
ETALAB_LICENCE_NAME = _("Licence Ouverte / Open Licence 2.0 (Etalab)")
CSV = "text/csv"
JSONL = "application/jsonl"


@dataclass(frozen=True)
class Distribution:
    filename: str
    media_type: str
    title: str
    schema: str  # the file name of the schema it follows, served beside it
    schema_kind: str  # "Table Schema" or "JSON Schema"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    build: Callable[[], tuple[dict[str, bytes], int]]
    #: A value that changes with the data, compared when the files are asked for: they are rebuilt
    #: when it changed (what the background task did not already do).
    version: Callable[[], object]
    count_label: str = ""


DATASETS = {
    "fiches": Dataset(
        "fiches", _("Fiches actions publiées"),
        _("Les pratiques de persévérance scolaire publiées dans le registre : une ligne par fiche. Le CSV donne "
          "l'essentiel (intitulé, structure porteuse, commune, position, niveaux, publics, thématiques, dispositifs, "
          "années) ; le fichier JSON Lines donne chaque fiche entière, au format de l'export JSON d'une fiche. "
          "Les personnes indiquées comme contacts n'y figurent pas : elles restent sur la page de la fiche."),
        ("persévérance scolaire", "décrochage scolaire", "pratiques pédagogiques", "établissements"),
        (Distribution("fiches.csv", CSV, _("Fiches (CSV)"), "fiches.tableschema.json", "Table Schema"),
         Distribution("fiches.jsonl", JSONL, _("Fiches complètes (JSON Lines)"), "fiche-1.json", "JSON Schema")),
        fiches.build, fiches.version_key, _("fiches"),
    ),
    "syntheses": Dataset(
        "syntheses", _("Synthèses annuelles de la Semaine de la persévérance scolaire"),
        _("Pour chaque année dont la synthèse est publiée (sa dernière version), une ligne par académie : dates et "
          "édition de la Semaine, nombres d'actions et d'établissements tels que déclarés (texte, valeur ou bornes, "
          "qualificatif, portée, « N.C. ») à côté de ce que le registre contient, niveaux concernés."),
        ("persévérance scolaire", "Semaine de la persévérance", "académies", "synthèse"),
        (Distribution("syntheses.csv", CSV, _("Synthèses par académie (CSV)"), "syntheses.tableschema.json",
                      "Table Schema"),),
        syntheses.build, syntheses.version_key, _("lignes"),
    ),
    "indicateurs": Dataset(
        "indicateurs", _("Indicateurs agrégés des établissements, par académie"),
        _("Les indicateurs que les établissements remontent (élèves repérés, pris en charge, assiduité…), agrégés par "
          "académie, période, indicateur et ventilation. Les cases couvertes par le secret statistique (effectif trop "
          "petit, ou case qui permettrait d'en retrouver une autre par différence) ne portent aucune valeur, seulement "
          "la mention « secret statistique ». Aucune donnée individuelle d'élève ne quitte l'établissement."),
        ("persévérance scolaire", "indicateurs", "secret statistique", "académies"),
        (Distribution("indicateurs.csv", CSV, _("Indicateurs par académie (CSV)"), "indicateurs.tableschema.json",
                      "Table Schema"),),
        indicators.build, indicators.version_key, _("cases"),
    ),
}

SCHEMAS: dict[str, Callable[[], dict]] = {
    "fiches.tableschema.json": fiches.schema,
    "fiche-1.json": fiche_json_schema,
    "syntheses.tableschema.json": syntheses.schema,
    "indicateurs.tableschema.json": indicators.schema,
}


def dataset_of(filename: str) -> Dataset:
    return next(d for d in DATASETS.values() if any(f.filename == filename for f in d.distributions))


def data_files() -> list[str]:
    return [f.filename for dataset in DATASETS.values() for f in dataset.distributions]
