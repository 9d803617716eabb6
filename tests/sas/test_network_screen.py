"""« Indicateurs transmis au réseau »: the coordination sees each cell before it leaves, sends it, sees what left."""
import io
import re

import pytest
from django.core.management import call_command

from plugins.models import ReportTransmission
from portal.outbox.models import OutboxReport

from .conftest import login, make_student, open_case


@pytest.fixture
def cases(campaign, team):
    for n in range(15):
        open_case(team["coordination"], campaign, make_student(campaign.establishment, f"90{n:04}", first_name="Zéphyrine",
                                                               last_name=f"Quercy{n}", sex="F" if n < 12 else "M"))


def test_the_coordination_sees_every_cell_then_sends_exactly_that(client, campaign, team, cases):
    login(client, team["coordination"])
    establishment = campaign.establishment
    overview = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/").content.decode()
    assert "2023-2024-t1" in overview and "encore été transmis" in overview
    preview = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/")
    page = preview.content.decode()
    assert "Élèves repérés" in page and "secret primaire" in page and "Quercy" not in page
    response = client.post(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/transmettre/",
                           {"digest": preview.context["digest"]})
    assert response.status_code == 302
    (entry,) = OutboxReport.objects.filter(establishment_uai=establishment.uai)
    transmission = ReportTransmission.objects.get(idempotency_key=entry.idempotency_key)
    assert transmission.actor == team["coordination"].username
    assert transmission.published + transmission.secret == len(preview.context["rows"])
    history = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/").content.decode()
    assert team["coordination"].username in history and "2023-2024" in history


def test_a_report_changed_since_the_preview_is_not_sent(client, campaign, team, cases):
    login(client, team["coordination"])
    establishment = campaign.establishment
    digest = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/").context["digest"]
    open_case(team["coordination"], campaign, make_student(establishment, "919999"))
    response = client.post(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/transmettre/",
                           {"digest": digest}, follow=True)
    assert "Les données ont changé depuis l&#x27;aperçu" in response.content.decode()
    assert not OutboxReport.objects.exists() and not ReportTransmission.objects.exists()


def test_other_roles_cannot_see_or_send(client, campaign, team, cases):
    establishment = campaign.establishment
    login(client, team["pp"])
    assert client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/").status_code == 403
    assert client.post(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/transmettre/",
                       {"digest": "x"}).status_code == 403
    assert client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/2019-2020/").status_code == 403
    login(client, team["coordination"])
    assert client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/2019-2020/").status_code == 404


def test_the_history_shows_the_portals_receipt_counts(client, campaign, team, cases):
    """The receipt is kept as portal/outbox/sending.py's verify_receipt returns it, the portal's body under
    « body »: the history read the counts and the digest one level too high, and showed
    « importées, mises à jour, ignorées » without a number."""
    login(client, team["coordination"])
    establishment = campaign.establishment
    digest = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/").context["digest"]
    client.post(f"/sas/etablissements/{establishment.pk}/indicateurs/2023-2024/transmettre/", {"digest": digest})
    entry = OutboxReport.objects.get(establishment_uai=establishment.uai)
    entry.status = OutboxReport.Status.ACKNOWLEDGED
    entry.receipt = {"status": 201, "signature_input": "…", "signature": "…", "content_digest": "…", "body": {
        "receipt_version": 1, "report_digest": "96ca906d0e21edf87efba127c3a7078b", "import_summary": {
            "status": "SUCCESS", "import_count": {"imported": 59, "updated": 0, "ignored": 0, "deleted": 0}}}}
    entry.save()
    history = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/").content.decode()
    assert "59 importées, 0 mises à jour, 0 ignorées" in history
    assert "96ca906d0e21edf8…" in history


def test_a_report_queued_by_the_nodes_command_reads_as_sent_automatically(client, campaign, team, cases):
    """``report_indicators`` (the node's scheduled task) attaches no user: the history showed « — » under
    « Transmis par »."""
    establishment = campaign.establishment
    call_command("report_indicators", "--uai", establishment.uai, "--period", "2023-2024", stdout=io.StringIO())
    login(client, team["coordination"])
    page = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/").content.decode()
    (row,) = re.findall(r"<tbody>\s*<tr>(.*?)</tr>", page, re.S)
    assert re.findall(r"<td>(.*?)</td>", row)[2] == "Transmis automatiquement"


def test_the_history_gives_the_portals_whole_reason_and_what_happens_next(client, campaign, team, cases):
    """The reason was cut at 80 characters, before the portal said which key it did not know, and a refused
    or waiting report said nothing of what would happen to it (seen by helper h5 on a node whose key the
    portal had not registered)."""
    establishment = campaign.establishment
    call_command("report_indicators", "--uai", establishment.uai, stdout=io.StringIO())
    refused, waiting = OutboxReport.objects.filter(establishment_uai=establishment.uai).order_by("sequence")
    reason = ("HTTP 401 unknown_establishment : Aucun établissement n'a enregistré cette clé auprès du portail "
              "(empreinte b1bc816f3a239311769aec89bcbcbe553064e47f518f3b6426a507740199722e).")
    OutboxReport.objects.filter(pk=refused.pk).update(status=OutboxReport.Status.REFUSED, last_error=reason)
    OutboxReport.objects.filter(pk=waiting.pk).update(last_error="portail injoignable : ConnectionError",
                                                      next_attempt_at="2026-12-03T21:43:30+00:00")
    login(client, team["coordination"])
    page = client.get(f"/sas/etablissements/{establishment.pk}/indicateurs/").content.decode()
    assert "b1bc816f3a239311769aec89bcbcbe553064e47f518f3b6426a507740199722e" in page
    assert "préparez à nouveau le rapport de cette période" in page
    assert "Nouvel essai automatique le 03/12/2026 22:43." in page
