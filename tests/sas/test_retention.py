"""Retention is bounded (1 to 24 months), the purge asks before deleting, is logged, and one establishment's
failure never stops another's purge."""
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from plugins.builtin.sas import PLUGIN_NAME, privacy
from plugins.builtin.sas.models import AuditLog, Campaign, SasMembership, StudentCase
from plugins.builtin.sas.models.campaigns import MAX_RETENTION_MONTHS, add_months
from plugins.builtin.sas.setup_forms import CampaignForm
from plugins.models import PluginActivation
from tests import factories

from .conftest import login, make_student, open_case

AFTER_RETENTION = "2025-02-01"


@pytest.mark.parametrize("months", [0, MAX_RETENTION_MONTHS + 1, 99999])
def test_retention_beyond_the_bound_is_refused_by_the_model_and_the_form(campaign, months):
    campaign.retention_months = months
    with pytest.raises(ValidationError):
        campaign.full_clean()
    data = {name: getattr(campaign, name) for name in CampaignForm._meta.fields if name != "establishment"}
    form = CampaignForm({**data, "retention_months": months}, instance=Campaign.objects.get(pk=campaign.pk))
    assert not form.is_valid()
    assert "1 à 24 mois" in " ".join(form.errors["retention_months"])


def test_the_setup_screen_refuses_99999_months_in_french(client, team, campaign):
    url = reverse("sas:campaign_edit", args=[campaign.pk])
    data = {name: getattr(campaign, name) for name in CampaignForm._meta.fields if name != "establishment"}
    response = login(client, team["coordination"]).post(url, {**data, "retention_months": "99999"})
    assert response.status_code == 200 and "1 à 24 mois" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.retention_months == 12


def test_an_expiry_beyond_the_calendar_is_clamped_not_a_crash():
    assert add_months(dt.date(9999, 6, 1), 24) == dt.date.max


def test_documents_answer_for_a_campaign_dated_at_the_end_of_the_calendar(client, team, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(evaluation_date=dt.date(9999, 12, 1), retention_months=24)
    client = login(client, team["coordination"])
    for document in ("registre", "notice-parents", "aipd"):
        assert client.get(reverse("sas:document", args=[campaign.pk, document])).status_code == 200
    call_command("sas_purge", "--dry-run", "--today", AFTER_RETENTION)


@pytest.fixture
def second_establishment(campaign, team):
    """Another establishment with an expired case, to be purged even when the first one fails."""
    est = factories.establishment("LP Jean Monnet", "bordeaux", commune="Foix", uai="0090011Z")
    PluginActivation.objects.create(establishment=est, plugin_name=PLUGIN_NAME, enabled=True)
    other = Campaign.objects.create(**{
        **{f.name: getattr(campaign, f.name) for f in Campaign._meta.concrete_fields if f.name not in ("id", "establishment")},
        "establishment": est,
    })
    SasMembership.objects.create(user=team["coordination"], establishment=est, role=SasMembership.Role.COORDINATION)
    return open_case(team["coordination"], other, make_student(est, "900001"))


def test_one_establishments_failure_does_not_stop_the_others_purge(pp_case, second_establishment, monkeypatch, capsys):
    failing = pp_case.campaign.establishment
    real_plan = privacy.plan_purge

    def plan_failing_for_one(today, establishment):
        plan = real_plan(today, establishment)
        if establishment == failing:
            raise ValueError("year 10357 is out of range")
        return plan

    monkeypatch.setattr(privacy, "plan_purge", plan_failing_for_one)
    with pytest.raises(CommandError, match="1 établissement"):
        call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    output = capsys.readouterr()
    assert "LP Antoine Lomet" in output.err and "year 10357 is out of range" in output.err
    assert StudentCase.objects.filter(pk=pp_case.pk).exists()
    assert not StudentCase.objects.filter(pk=second_establishment.pk).exists()
    assert AuditLog.objects.filter(action=AuditLog.Action.PURGE, establishment=second_establishment.campaign.establishment).exists()
    assert not AuditLog.objects.filter(action=AuditLog.Action.PURGE, establishment=failing).exists()


def test_a_real_purge_asks_for_confirmation(pp_case, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("non\n"))
    with pytest.raises(CommandError, match="Purge annulée"):
        call_command("sas_purge", "--today", AFTER_RETENTION)
    assert StudentCase.objects.filter(pk=pp_case.pk).exists()
    assert "Simulation : seraient supprimés 1 dossier," in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("oui\n"))
    call_command("sas_purge", "--today", AFTER_RETENTION)
    assert not StudentCase.objects.exists()
    entry = AuditLog.objects.get(action=AuditLog.Action.PURGE)
    assert entry.establishment == pp_case.campaign.establishment and entry.actor.startswith("compte serveur ")


def test_nothing_to_purge_asks_nothing_and_logs_nothing(pp_case):
    call_command("sas_purge", "--today", "2024-06-01")  # would read stdin (and fail under pytest) if it asked
    assert not AuditLog.objects.filter(action=AuditLog.Action.PURGE).exists()


def test_the_scheduled_purge_deletes_the_files_past_retention_in_the_scheduled_tasks_name(pp_case, capsys):
    call_command("run_schedule", "--once", "sas_purge")  # today: the campaign's retention ended in 2024
    assert not StudentCase.objects.filter(pk=pp_case.pk).exists()
    assert not pp_case.campaign.establishment.sas_students.filter(pk=pp_case.student_id).exists()
    entry = AuditLog.objects.get(action=AuditLog.Action.PURGE)
    assert entry.actor.startswith("tâche planifiée — compte serveur ")
    assert "Tâche « sas_purge » exécutée." in capsys.readouterr().out
