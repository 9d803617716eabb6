"""The OpenAPI 3.1 document: ``openapi.yaml`` plus the JSON Schemas the project already publishes.

The YAML file describes the endpoints by hand; the fiche and indicator-report schemas are not
copied into it but added here under ``components.schemas`` (``Fiche``, ``IndicatorReport``), their
``$defs`` lifted beside them (``IndicatorReport.code``…) so that their references resolve inside
the document. Operations marked ``x-accroche-roles`` are kept only when the deployment's role
serves them (a node does not receive reports).
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from fiches.serialization import SCHEMA_PATH as FICHE_SCHEMA_PATH
from portal.indicators.api import SCHEMA_DIR as INDICATOR_SCHEMA_DIR
from portal.indicators.api import SCHEMA_FILES as INDICATOR_SCHEMA_FILES

SOURCE = Path(__file__).resolve().parent / "openapi.yaml"
EMBEDDED_SCHEMAS = {
    "Fiche": FICHE_SCHEMA_PATH,
    "IndicatorReport": INDICATOR_SCHEMA_DIR / INDICATOR_SCHEMA_FILES[max(INDICATOR_SCHEMA_FILES)],
}
ROLES_KEY = "x-accroche-roles"


def _rewrite_refs(node, name: str):
    """``#/$defs/x`` of an embedded schema becomes ``#/components/schemas/<name>.x``."""
    if isinstance(node, dict):
        return {key: (f"#/components/schemas/{name}.{value[len('#/$defs/'):]}"
                      if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                      else _rewrite_refs(value, name)) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(item, name) for item in node]
    return node


def embedded(name: str, path: Path) -> dict[str, dict]:
    """The components a JSON Schema file becomes: itself under *name*, its ``$defs`` as ``<name>.<def>``."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    definitions = schema.pop("$defs", {})
    components = {name: _rewrite_refs(schema, name)}
    components.update({f"{name}.{key}": _rewrite_refs(value, name) for key, value in definitions.items()})
    return components


def _served_paths(paths: dict, role: str) -> dict:
    kept = {}
    for route, item in paths.items():
        roles = item.get(ROLES_KEY)
        if roles is None or role in roles:
            kept[route] = {key: value for key, value in item.items() if key != ROLES_KEY}
    return kept


@lru_cache(maxsize=4)
def _document(role: str) -> dict:
    document = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    document["paths"] = _served_paths(document["paths"], role)
    for name, path in EMBEDDED_SCHEMAS.items():
        document["components"]["schemas"].update(embedded(name, path))
    return document


def openapi_document() -> dict:
    """The document for this deployment's role (a fresh copy: callers may change it)."""
    return copy.deepcopy(_document(settings.ACCROCHE_ROLE))
