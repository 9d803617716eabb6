"""``/donnees/``: the open data page, the dataset files, their schemas and the DCAT catalogue."""
from __future__ import annotations

import json

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import served
from .catalog import catalog as dcat_catalog
from .datasets import DATASETS, ETALAB_LICENCE, ETALAB_LICENCE_NAME, SCHEMAS, dataset_of

SCHEMA_TYPES = {"JSON Schema": "application/schema+json", "Table Schema": "application/json"}


def _manifests() -> dict[str, dict]:
    return {slug: served.current(dataset) for slug, dataset in DATASETS.items()}


@require_GET
def index(request):
    manifests = _manifests()
    datasets = []
    for slug, dataset in DATASETS.items():
        manifest = manifests[slug]
        files = [{"distribution": d, "url": reverse(f"opendata:{d.filename}"),
                  "schema_url": reverse(f"opendata:{d.schema}"), "size": manifest["files"][d.filename]["size"],
                  "columns": SCHEMAS[d.schema]()["fields"] if d.schema_kind == "Table Schema" else None}
                 for d in dataset.distributions]
        datasets.append({"dataset": dataset, "count": manifest["count"], "files": files,
                         "generated_at": parse_datetime(manifest["generated_at"])})
    context = {"title": _("Données ouvertes"), "datasets": datasets, "licence_url": ETALAB_LICENCE,
               "licence_name": ETALAB_LICENCE_NAME, "catalog_url": reverse("opendata:catalog")}
    return TemplateResponse(request, "opendata/index.html", context)


@require_GET
def data_file(request, filename: str):
    dataset = dataset_of(filename)
    distribution = next(d for d in dataset.distributions if d.filename == filename)
    response = FileResponse(served.open_file(dataset, filename),
                            content_type=f"{distribution.media_type}; charset=utf-8", filename=filename)
    response["Link"] = f'<{reverse(f"opendata:{distribution.schema}")}>; rel="describedby"'
    return response


@require_GET
def schema_file(request, filename: str):
    kind = next(d.schema_kind for dataset in DATASETS.values() for d in dataset.distributions if d.schema == filename)
    body = json.dumps(SCHEMAS[filename](), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type=f"{SCHEMA_TYPES[kind]}; charset=utf-8")


@require_GET
def catalog(request):
    publisher = getattr(settings, "WAGTAIL_SITE_NAME", "Accroche")
    body = json.dumps(dcat_catalog(request.build_absolute_uri, _manifests(), publisher), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")
