"""The dataset files, kept in the media storage (``donnees/<dataset>/``) with their manifests.

A generation writes its files and then its manifest under names of its own (``<start>-fiches.csv``,
``manifest-<start>.json``), then removes the earlier generations: the newest manifest is the current
one, and concurrent generations never overwrite each other's files. A manifest records when its
generation started, the data version it was made from, the number of rows and each file's name and size.
"""
from __future__ import annotations

import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .datasets import Dataset

FOLDER = "donnees"
MANIFEST_PREFIX = "manifest-"


def _manifest_names(slug: str) -> list[str]:
    """The dataset's manifests, oldest first (their names sort by generation time)."""
    folder = f"{FOLDER}/{slug}"
    if not default_storage.exists(folder):
        return []
    return sorted(f"{folder}/{name}" for name in default_storage.listdir(folder)[1]
                  if name.startswith(MANIFEST_PREFIX) and name.endswith(".json"))


def _load(name: str) -> dict | None:
    try:
        with default_storage.open(name) as fh:
            return json.load(fh)
    except FileNotFoundError:  # removed meanwhile by a newer generation
        return None


def read_manifest(slug: str) -> dict | None:
    names = _manifest_names(slug)
    return _load(names[-1]) if names else None


def data_version(dataset: Dataset):
    """The dataset's data version now, as its manifest records it (JSON values)."""
    return json.loads(json.dumps(dataset.version(), default=str))


def _drop_older(slug: str, current: str, kept_files: set[str]) -> None:
    for name in _manifest_names(slug):
        if name >= current:
            continue
        for entry in (_load(name) or {"files": {}})["files"].values():
            if entry["name"] not in kept_files:
                default_storage.delete(entry["name"])
        default_storage.delete(name)


def generate(dataset: Dataset) -> dict:
    """Build and store the dataset's files now; the new manifest."""
    started = timezone.now()
    version = data_version(dataset)
    files, count = dataset.build()
    generation = started.strftime("%Y%m%dT%H%M%S%f")
    stored = {}
    for filename, body in files.items():
        name = default_storage.save(f"{FOLDER}/{dataset.slug}/{generation}-{filename}", ContentFile(body))
        stored[filename] = {"name": name, "size": len(body)}
    manifest = {"generated_at": started.isoformat(), "version": version, "count": count, "files": stored}
    name = default_storage.save(f"{FOLDER}/{dataset.slug}/{MANIFEST_PREFIX}{generation}.json",
                                ContentFile(json.dumps(manifest).encode()))
    _drop_older(dataset.slug, name, {entry["name"] for entry in stored.values()})
    return manifest
