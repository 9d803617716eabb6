"""Exports generated once and kept in the media storage, so that a visitor's request only reads a file.

A published version never changes, so each of its exports is written once, under its number
(``synthese/<year>/v<n>/``), when the version is published (a background task) or by the first
request that finds it missing. Before any publication the synthesis is computed on the fly: its
exports are kept under a digest of the content (``synthese/<year>/apercu/``), the one preview of
the year; a changed registry gives a new digest and the older preview files are removed.

Links in the documents use the public address (ACCROCHE_BASE_URL), not the requesting host.
"""
from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import EXPORTS

FOLDER = "synthese"
PREVIEW = "apercu"


def site_root() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def version_name(school_year: str, number: int, fmt: str) -> str:
    return f"{FOLDER}/{school_year}/v{number}/synthese-{school_year}-v{number}.{fmt}"


def preview_name(school_year: str, content: dict, fmt: str) -> str:
    """Named after the content, less the moment it was computed (the preview is computed per request)."""
    stable = {key: value for key, value in content.items() if key != "computed_at"}
    digest = hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return f"{FOLDER}/{school_year}/{PREVIEW}/synthese-{school_year}-{digest}.{fmt}"


def _generate(name: str, content: dict, fmt: str) -> str:
    """Render and save; the name the storage gave (another request may have written it meanwhile)."""
    body = EXPORTS[fmt].render(content, site_root=site_root())
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(body))


def _drop_other_previews(school_year: str, keep: str) -> None:
    folder = f"{FOLDER}/{school_year}/{PREVIEW}"
    if not default_storage.exists(folder):
        return
    for filename in default_storage.listdir(folder)[1]:
        name = f"{folder}/{filename}"
        if name != keep and not name.startswith(keep.rsplit(".", 1)[0] + "."):
            default_storage.delete(name)


def stored_export(school_year: str, content: dict, version_number: int | None, fmt: str) -> str:
    """The storage name of this export, generated first if it is not stored yet."""
    if version_number is not None:
        name = version_name(school_year, version_number, fmt)
        return name if default_storage.exists(name) else _generate(name, content, fmt)
    name = preview_name(school_year, content, fmt)
    if default_storage.exists(name):
        return name
    _drop_other_previews(school_year, name)
    return _generate(name, content, fmt)


def store_version(version) -> list[str]:
    """Every export of a published version (what the publishing task runs)."""
    year = version.synthesis.school_year.code
    return [stored_export(year, version.content, version.number, fmt) for fmt in EXPORTS]
