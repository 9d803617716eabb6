"""The files as requests get them: current, or being refreshed in the background.

Files made from older data are regenerated in the request when tasks run inside requests anyway
(ImmediateBackend: development, tests); with a background worker the older files are still served
while a regeneration is enqueued (at most once a minute), so that no visitor waits for a national
rebuild. Missing files are always generated at once.
"""
from __future__ import annotations

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone

from . import storage
from .datasets import Dataset
from .tasks import regenerate_dataset

STALE_REQUEST_SECONDS = 60


def current(dataset: Dataset) -> dict:
    """The manifest of the files to serve."""
    manifest = storage.read_manifest(dataset.slug)
    complete = manifest is not None and all(default_storage.exists(e["name"]) for e in manifest["files"].values())
    if complete and manifest["version"] == storage.data_version(dataset):
        return manifest
    if not complete or not regenerate_dataset.get_backend().supports_defer:
        return storage.generate(dataset)
    if cache.add(f"opendata-stale:{dataset.slug}", True, STALE_REQUEST_SECONDS):
        regenerate_dataset.enqueue(dataset.slug, timezone.now().isoformat())
    return manifest


def open_file(dataset: Dataset, filename: str):
    """The current file, opened; generated again if a newer generation removed it in between."""
    try:
        return default_storage.open(current(dataset)["files"][filename]["name"])
    except FileNotFoundError:
        return default_storage.open(storage.generate(dataset)["files"][filename]["name"])
