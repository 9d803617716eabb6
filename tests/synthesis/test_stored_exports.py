"""Public exports are read from storage: each published version's files are generated once (at
publication, or by the first request), a second request renders nothing, a new version gets new
files; the preview's files follow the registry."""
import dataclasses

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from portal.synthesis.exporting import EXPORTS
from portal.synthesis.exporting.stored import preview_name, version_name
from portal.synthesis.publishing import content_for, publish

pytestmark = pytest.mark.django_db

YEAR = "2015-2016"


@pytest.fixture
def renders(monkeypatch):
    """How many times each renderer ran (the real renderers run)."""
    counts = dict.fromkeys(EXPORTS, 0)
    for fmt, export in list(EXPORTS.items()):
        def counted(content, _render=export.render, _fmt=fmt, **options):
            counts[_fmt] += 1
            return _render(content, **options)
        monkeypatch.setitem(EXPORTS, fmt, dataclasses.replace(export, render=counted))
    return counts


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_publishing_stores_every_export_and_requests_only_read_them(demo, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(YEAR)
    assert renders == dict.fromkeys(EXPORTS, 1)
    for fmt in EXPORTS:
        assert default_storage.exists(version_name(YEAR, version.number, fmt))

    client = Client()
    first = client.get(f"/synthese/{YEAR}/synthese.pdf")
    second = client.get(f"/synthese/{YEAR}/synthese.pdf")
    assert first.status_code == second.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == f'inline; filename="synthese-{YEAR}-v{version.number}.pdf"'
    pdf = body(first)
    assert pdf.startswith(b"%PDF") and pdf == body(second)
    with default_storage.open(version_name(YEAR, version.number, "pdf")) as stored:
        assert stored.read() == pdf
    for fmt in ("docx", "csv", "xlsx"):
        response = client.get(f"/synthese/{YEAR}/synthese.{fmt}")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert renders == dict.fromkeys(EXPORTS, 1)


def test_a_missing_file_is_generated_once_and_a_new_version_gets_new_files(demo, renders):
    first = publish(YEAR)  # no commit in the test transaction: the task has not run
    client = Client()
    for _ in range(2):
        assert client.get(f"/synthese/{YEAR}/synthese.xlsx").status_code == 200
    assert renders["xlsx"] == 1

    second = publish(YEAR)
    assert second.number == first.number + 1
    response = client.get(f"/synthese/{YEAR}/synthese.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="synthese-{YEAR}-v{second.number}.xlsx"'
    assert renders["xlsx"] == 2
    assert default_storage.exists(version_name(YEAR, first.number, "xlsx"))
    assert default_storage.exists(version_name(YEAR, second.number, "xlsx"))
    older = client.get(f"/synthese/{YEAR}/synthese.xlsx?version={first.number}")
    assert older["Content-Disposition"] == f'attachment; filename="synthese-{YEAR}-v{first.number}.xlsx"'
    assert renders["xlsx"] == 2


def test_the_preview_is_stored_until_the_registry_changes(demo, renders):
    from fiches.models import PerseveranceWeek

    client = Client()
    content, version = content_for(YEAR)
    assert version is None
    for _ in range(2):
        assert client.get(f"/synthese/{YEAR}/synthese.csv").status_code == 200
    assert renders["csv"] == 1
    before = preview_name(YEAR, content, "csv")
    assert default_storage.exists(before)

    week = PerseveranceWeek.objects.filter(school_year__code=YEAR).first()
    week.commentary = "Un commentaire revu."
    week.save()
    changed = client.get(f"/synthese/{YEAR}/synthese.csv")
    assert changed.status_code == 200 and renders["csv"] == 2
    after = preview_name(YEAR, content_for(YEAR)[0], "csv")
    assert after != before and default_storage.exists(after) and not default_storage.exists(before)
