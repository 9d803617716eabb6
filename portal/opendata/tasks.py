"""Background regeneration of a dataset's files (enqueued by :mod:`.signals`)."""
from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django_tasks import task

from . import storage
from .datasets import DATASETS


@task()
def regenerate_dataset(slug: str, requested_at: str | None = None) -> None:
    """Regenerate the dataset unless a generation started after ``requested_at`` (the change) already ran."""
    manifest = storage.read_manifest(slug)
    if requested_at and manifest and parse_datetime(manifest["generated_at"]) >= parse_datetime(requested_at):
        return
    storage.generate(DATASETS[slug])
