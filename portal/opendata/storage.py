"""The dataset files, kept in the media storage (``donnees/<dataset>/``) with a manifest per dataset.

A generation writes its files under names of its own (``<start>-fiches.csv``), then the manifest
that names them, then removes the previous generation's files: a reader always finds the files
its manifest names. The manifest records when the generation started, the data version it was
made from, the number of rows and each file's size.
"""
from __future__ import annotations

import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .datasets import Dataset

FOLDER = "donnees"


def _manifest_name(slug: str) -> str:
    return f"{FOLDER}/{slug}/manifest.json"


def read_manifest(slug: str) -> dict | None:
    name = _manifest_name(slug)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as fh:
        return json.load(fh)


def _json_version(dataset: Dataset):
    return None if dataset.version is None else json.loads(json.dumps(dataset.version(), default=str))


def generate(dataset: Dataset) -> dict:
    """Build and store the dataset's files now; the new manifest."""
    started = timezone.now()
    version = _json_version(dataset)
    files, count = dataset.build()
    generation = started.strftime("%Y%m%dT%H%M%S%f")
    stored = {}
    for filename, body in files.items():
        name = default_storage.save(f"{FOLDER}/{dataset.slug}/{generation}-{filename}", ContentFile(body))
        stored[filename] = {"name": name, "size": len(body)}
    manifest = {"generated_at": started.isoformat(), "version": version, "count": count, "files": stored}
    previous = read_manifest(dataset.slug)
    default_storage.delete(_manifest_name(dataset.slug))
    default_storage.save(_manifest_name(dataset.slug), ContentFile(json.dumps(manifest).encode()))
    if previous:
        for entry in previous["files"].values():
            if entry["name"] not in {e["name"] for e in stored.values()}:
                default_storage.delete(entry["name"])
    return manifest


def current(dataset: Dataset) -> dict:
    """The manifest of the dataset's files, generated first when missing or made from older data."""
    manifest = read_manifest(dataset.slug)
    if (manifest is None or (dataset.version is not None and manifest["version"] != _json_version(dataset))
            or not all(default_storage.exists(entry["name"]) for entry in manifest["files"].values())):
        manifest = generate(dataset)
    return manifest
