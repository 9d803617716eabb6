"""Seed 002: an establishment declares its action before the week and files its bilan after it;
the académie sees the missing bilans and reminds by e-mail; declared actions feed the synthesis."""
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from fiches.models import FichePage, PerseveranceWeek, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction
from portal.synthesis.compute import compute_synthesis
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    year = SchoolYear.objects.get_or_create(code="2030-2031")[0]
    week = PerseveranceWeek.objects.create(
        academie=factories.academie("creteil"), school_year=year, end_date=dt.date.today() + dt.timedelta(days=30),
        actions_declared={"raw": "Nombre d'actions identifiées : N.C.", "unknown": True},
    )
    lycee = factories.establishment("Lycée Flora Tristan", "creteil", commune="Noisy-le-Grand")
    editor = factories.user("redacteur.tristan", role="editor", establishment=lycee)
    moderator = factories.user("moderation.creteil", role="moderator", academie_code="creteil")
    return {"week": week, "lycee": lycee, "editor": editor, "moderator": moderator}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_editor_declares_an_action_creating_a_draft_fiche_then_files_the_bilan(setting):
    client = _client(setting["editor"])
    response = client.post("/admin/semaine/declarer/", {
        "week": setting["week"].pk, "establishment": setting["lycee"].pk, "title": "Les élèves tuteurs de leurs professeurs",
        "public": "Élèves de lycée professionnel", "objectives": "Changer la relation élèves / profs",
        "description": "Pendant une journée, les enseignants assistent aux cours professionnels.",
        "action_date": "2031-03-12", "create_draft_fiche": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    action = PerseveranceWeekAction.objects.get()
    assert action.declared_by == setting["editor"] and action.fiche is not None
    fiche = FichePage.objects.get(pk=action.fiche_id)
    assert not fiche.live and fiche.perseverance_week == setting["week"] and fiche.lead_structure == setting["lycee"]
    assert compute_synthesis("2030-2031")["academies"][0]["figures"]["actions"]["registry"] == 1

    assert "Déposer le bilan" in client.get("/admin/semaine/").content.decode()
    response = client.post(f"/admin/semaine/{action.pk}/bilan/", {"participants": "48", "success_factors": "Anticipation"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.has_bilan and action.participants == 48


def test_someone_else_cannot_file_the_bilan(setting):
    action = PerseveranceWeekAction.objects.create(week=setting["week"], establishment=setting["lycee"], title="A")
    response = _client(setting["moderator"]).post(f"/admin/semaine/{action.pk}/bilan/", {})
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    action.refresh_from_db()
    assert not action.has_bilan


def test_academie_sees_missing_bilans_after_the_week_and_reminds(setting):
    week = setting["week"]
    week.end_date = dt.date.today() - dt.timedelta(days=1)
    week.save()
    other = factories.establishment("Collège Jean Moulin", "creteil", kind="college")
    PerseveranceWeekAction.objects.create(week=week, establishment=setting["lycee"], title="Sans bilan", declared_by=setting["editor"])
    PerseveranceWeekAction.objects.create(
        week=week, establishment=other, title="Avec bilan", bilan_filed_at=dt.datetime.now(dt.timezone.utc)
    )
    client = _client(setting["moderator"])
    page = client.get("/admin/semaine/").content.decode()
    missing = page.split("Bilans manquants")[1]
    assert "Sans bilan" in missing and "Avec bilan" not in missing
    assert client.post("/admin/semaine/relances/").status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["redacteur.tristan@example.org"]
    assert "Sans bilan" in mail.outbox[0].subject
    assert PerseveranceWeekAction.objects.get(title="Sans bilan").last_reminder_at is not None

    call_command("send_week_reminders", "--academie", "creteil", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2
    denied = _client(setting["editor"]).post("/admin/semaine/relances/")
    assert (denied.status_code, denied.url) == (302, "/admin/") and len(mail.outbox) == 2


def test_the_manual_reminders_ask_only_this_school_years_bilans_unless_a_year_is_named(setting):
    """The command reminded the missing bilans of every year, where the scheduled job keeps to this one."""
    from plugins import periods

    this_year = periods.school_year(periods.school_year_of(dt.date.today()))
    setting["week"].end_date = this_year.start - dt.timedelta(days=60)
    setting["week"].save()
    PerseveranceWeekAction.objects.create(week=setting["week"], establishment=setting["lycee"], title="Ancienne",
                                          declared_by=setting["editor"])
    out = io.StringIO()
    call_command("send_week_reminders", stdout=out)
    assert len(mail.outbox) == 0 and "0 relance envoyée." in out.getvalue()

    last_year = periods.school_year_of(this_year.start - dt.timedelta(days=1))
    call_command("send_week_reminders", "--annee", last_year, stdout=io.StringIO())
    assert len(mail.outbox) == 1 and "Ancienne" in mail.outbox[0].subject
    with pytest.raises(CommandError, match="n'est pas une année scolaire"):
        call_command("send_week_reminders", "--annee", "2024")
