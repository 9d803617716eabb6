"""Retention and purge (dry run vs real), right of access export, backup."""
import datetime as dt
import html
import json
import os
import pwd
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plugins.builtin.sas.models import (
    AbsenceRecord, AppliedPlan, AuditLog, ClassSlot, ClassTeacher, InformationMeeting, PurgedCampaignSummary,
    QuestionnaireResponse, Student, StudentCase, TeacherNotice,
)
from plugins.builtin.sas.privacy import export_student, pseudonym

from tests import factories

from .conftest import PASSWORD, advance, make_student

AFTER_RETENTION = "2025-02-01"  # evaluation 2024-01-19 + 12 months
SAMPLES = Path(__file__).resolve().parents[2] / "plugins" / "builtin" / "sas" / "samples"


def test_expiry_follows_the_evaluation_date_and_retention(campaign):
    assert campaign.expires_on == dt.date(2025, 1, 19)


def test_purge_dry_run_deletes_nothing(pp_case, capsys):
    call_command("sas_purge", "--dry-run", "--today", AFTER_RETENTION)
    assert "Simulation : seraient supprimés 1 dossier, 1 élève" in capsys.readouterr().out
    assert StudentCase.objects.count() == 1 and Student.objects.count() == 1


def test_purge_before_expiry_keeps_everything(pp_case):
    call_command("sas_purge", "--yes", "--today", "2024-06-01")
    assert StudentCase.objects.count() == 1


def test_purge_deletes_records_pseudonymises_the_log_and_keeps_aggregates(pp_case, team, session):
    advance(pp_case, team, session, "closed")
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert not StudentCase.objects.exists() and not Student.objects.exists()
    entries = AuditLog.objects.exclude(action=AuditLog.Action.PURGE)
    assert entries and all(e.student is None and e.student_ref == pseudonym("500001") for e in entries)
    purge_entry = AuditLog.objects.get(action=AuditLog.Action.PURGE)
    assert purge_entry.establishment == pp_case.campaign.establishment and "supprimés : 1 dossier, 1 élève" in purge_entry.detail
    assert all(e.actor.startswith("pseudo-") for e in entries)
    summary = PurgedCampaignSummary.objects.get(campaign=pp_case.campaign)
    assert summary.values and all("500001" not in json.dumps(v) for v in summary.values)


def test_export_gives_the_whole_file_and_is_audited(pp_case, team, session, tmp_path):
    advance(pp_case, team, session, "evaluated")
    output = tmp_path / "eleve.json"
    call_command("sas_export_student", "500001", "--output", str(output))
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["student"]["local_id"] == "500001"
    case = data["cases"][0]
    assert case["referral"]["absences"] is True and case["interview"]["objectives"] == "o"
    assert case["evaluation"]["outcome"] == "back_to_class" and case["parcours"]["sessions"]
    assert data["access_log"]
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, student=pp_case.student).exists()


def test_export_of_an_unknown_student_fails_clearly(db):
    with pytest.raises(CommandError, match="Aucun élève"):
        call_command("sas_export_student", "999999")


def test_backup_writes_the_sas_data(pp_case, tmp_path):
    output = tmp_path / "sas.json"
    call_command("sas_backup", str(output))
    models = {row["model"] for row in json.loads(output.read_text())}
    assert {"sas.student", "sas.studentcase", "sas.referral", "sas.campaign"} <= models


def absence(student):
    return AbsenceRecord.objects.create(student=student, period_start=dt.date(2023, 9, 4), period_end=dt.date(2023, 11, 24),
                                        half_days_absent=12, half_days_open=104)


def test_export_includes_the_absence_records(pp_case):
    absence(pp_case.student)
    data = export_student(pp_case.student)
    assert data["absences"] == [{"period_start": dt.date(2023, 9, 4), "period_end": dt.date(2023, 11, 24),
                                 "half_days_absent": 12, "half_days_open": 104}]


def test_purge_removes_the_absence_records_with_the_student(pp_case, team, session):
    advance(pp_case, team, session, "closed")
    absence(pp_case.student)
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert not AbsenceRecord.objects.exists()


def _next_campaign(campaign):
    """The establishment's 2024-2025 campaign, live until 2026-01-16."""
    return type(campaign).objects.create(
        establishment=campaign.establishment, name="SAS 2024-2025", school_year="2024-2025",
        referral_deadline=dt.date(2024, 11, 8), interviews_start=dt.date(2024, 11, 12),
        interviews_end=dt.date(2024, 11, 22), information_meeting_date=dt.date(2024, 11, 22),
        programme_start=dt.date(2024, 11, 25), programme_end=dt.date(2024, 12, 20), evaluation_date=dt.date(2025, 1, 16),
    )


def test_purge_keeps_this_years_roster_while_its_campaign_is_live(campaign, establishment):
    this_year = make_student(establishment, "600001", listed_on=dt.date(2024, 9, 5))
    last_year = make_student(establishment, "600002", listed_on=dt.date(2023, 9, 4))
    _next_campaign(campaign)
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert list(Student.objects.all()) == [this_year]
    assert not Student.objects.filter(pk=last_year.pk).exists()


def test_purge_deletes_the_roster_once_no_campaign_is_live(campaign, establishment):
    make_student(establishment, "600001", listed_on=dt.date(2023, 9, 4))
    call_command("sas_purge", "--yes", "--today", "2024-06-01")
    assert Student.objects.count() == 1, "the 2023-2024 campaign is still within its retention period"
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert not Student.objects.exists()


def test_a_referred_student_relisted_this_year_keeps_their_roster_entry_not_their_old_case(pp_case, team, session, capsys):
    advance(pp_case, team, session, "closed")
    _next_campaign(pp_case.campaign)
    Student.objects.filter(pk=pp_case.student_id).update(listed_on=dt.date(2024, 9, 2))
    call_command("sas_purge", "--dry-run", "--today", AFTER_RETENTION)
    assert "seraient supprimés 1 dossier, 0 élève," in capsys.readouterr().out
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert not StudentCase.objects.exists() and Student.objects.filter(pk=pp_case.student_id).exists()


def test_processing_documents_are_generated_from_the_campaign(client, campaign, team):
    client.login(username=team["direction"].username, password=PASSWORD)
    url = lambda name: reverse("sas:document", args=[campaign.pk, name])  # noqa: E731
    registre = html.unescape(client.get(url("registre")).content.decode())
    assert "SAS MILY (2023-2024)" in registre and "19 janvier 2025" in registre
    assert "jamais l'INE" in registre and "demi-journées d'absence" in registre
    notice = html.unescape(client.get(url("notice-parents")).content.decode())
    assert "du 27 novembre au 22 décembre 2023" in notice and "19 janvier 2025" in notice
    assert client.get(url("aipd")).status_code == 200
    assert client.get(url("inconnu")).status_code == 404
    client.login(username=team["pp"].username, password=PASSWORD)
    assert client.get(url("registre")).status_code == 403


def test_purge_removes_class_teachers_and_their_notices_and_logs_them_without_names(pp_case, team, session, capsys):
    advance(pp_case, team, session, "closed")
    campaign, establishment = pp_case.campaign, pp_case.campaign.establishment
    told = ClassTeacher.objects.create(establishment=establishment, local_id="sts:1", last_name="DUPONT",
                                       email="anne.dupont@example.org")
    still_teaching = ClassTeacher.objects.create(establishment=establishment, local_id="sts:2", last_name="MOREAU")
    slot = ClassSlot.objects.create(campaign=campaign, division="2 MRC", weekday=1, starts=dt.time(8), ends=dt.time(9),
                                    subject="Anglais", teacher=told)
    TeacherNotice.objects.create(campaign=campaign, teacher=told, week=dt.date(2023, 11, 27))
    ClassSlot.objects.create(campaign=_next_campaign(campaign), division="2 MRC", weekday=2, starts=dt.time(8),
                             ends=dt.time(9), subject="Maths", teacher=still_teaching)
    call_command("sas_purge", "--yes", "--today", "2024-06-01")
    assert ClassTeacher.objects.count() == 2 and TeacherNotice.objects.count() == 1, "within the retention period"
    call_command("sas_purge", "--dry-run", "--today", AFTER_RETENTION)
    assert "1 enseignant des classes, 1 avis aux enseignants" in capsys.readouterr().out
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert list(ClassTeacher.objects.all()) == [still_teaching] and not TeacherNotice.objects.exists()
    slot.refresh_from_db()
    assert slot.teacher is None and slot.subject == "Anglais"
    detail = AuditLog.objects.get(action=AuditLog.Action.PURGE).detail
    assert "1 enseignant des classes, 1 avis aux enseignants ;" in detail
    assert not any(name in detail.upper() for name in ("DUPONT", "MOREAU", "ANNE.DUPONT"))


def test_the_backup_and_a_students_export_are_readable_by_their_owner_only(pp_case, tmp_path):
    """Both files hold pupils' records: whatever the umask, and over an older file, nobody else on the server reads them."""
    backup, export = tmp_path / "sas.json", tmp_path / "eleve.json"
    export.write_text("ancien")
    export.chmod(0o644)
    previous = os.umask(0o022)
    try:
        call_command("sas_backup", str(backup))
        call_command("sas_export_student", "500001", "--output", str(export))
    finally:
        os.umask(previous)
    for written in (backup, export):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written
    assert json.loads(export.read_text(encoding="utf-8"))["student"]["local_id"] == "500001"
    assert "sas.student" in {row["model"] for row in json.loads(backup.read_text(encoding="utf-8"))}


def test_purge_deletes_the_applied_plans_that_say_where_each_purged_case_went(pp_case, team, session):
    AppliedPlan.objects.create(campaign=pp_case.campaign, mode="affecter", groups={"g1": "Soutien math, lundi 8:00"},
                               assignment={str(pp_case.pk): ["g1"]})
    call_command("sas_purge", "--yes", "--today", "2024-06-01")  # before expiry: kept
    assert AppliedPlan.objects.count() == 1
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert not AppliedPlan.objects.exists()


def test_a_backup_is_written_to_the_log_of_every_establishment_it_copies(pp_case, tmp_path):
    """A backup copies every pupil's record: the coordination and the DPO see when, and where the copy went."""
    second_establishment = factories.establishment("LP Jean Monnet", "bordeaux", commune="Foix", uai="0090011Z")
    make_student(second_establishment, "600001")
    factories.establishment("Collège sans SAS", "bordeaux", commune="Foix")  # nothing copied: nothing written
    output = tmp_path / "sas.json"
    call_command("sas_backup", str(output))
    entries = AuditLog.objects.filter(action="backup")
    assert sorted(e.establishment_id for e in entries) == sorted([pp_case.campaign.establishment_id, second_establishment.pk])
    assert all(e.student is None and e.student_ref == "" and str(output) in e.detail for e in entries)


def _meeting_and_answers(campaign):
    """A compte rendu naming a pupil, a signed answer with a suggestion and a pupil's anonymous one with a suggestion."""
    meeting = InformationMeeting.objects.create(campaign=campaign, starts_at=dt.datetime(2023, 11, 23, 16, tzinfo=dt.timezone.utc),
                                                notes="Léa ÉLÈVE500001 : décrochage depuis la rentrée, famille prévenue.")
    signed = QuestionnaireResponse.objects.create(
        campaign=campaign, audience="community", signed_as="Anne Dupont, PP de 2 MRC",
        answers={"return": 4, "information": 3, "resource": 2, "suggestion": "Léa a beaucoup progressé."})
    pupil = QuestionnaireResponse.objects.create(
        campaign=campaign, audience="students", answers={"confidence": 3, "motivation": 4, "methods": 2, "listened": 4,
                                                         "suggestion": "Merci à Mme Dupont"})
    return meeting, signed, pupil


def test_purge_leaves_no_meeting_report_signature_nor_free_text_answer(pp_case, team, session):
    """The compte rendu of the information collective and the questionnaires' signatures and suggestions may name a
    pupil or a family: they go with the files; the date of the meeting and the scale answers (anonymous) stay."""
    advance(pp_case, team, session, "closed")
    meeting, signed, pupil = _meeting_and_answers(pp_case.campaign)
    call_command("sas_purge", "--yes", "--today", "2024-06-01")  # before expiry: kept
    meeting.refresh_from_db()
    assert meeting.notes
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    meeting.refresh_from_db(), signed.refresh_from_db(), pupil.refresh_from_db()
    assert meeting.notes == "" and meeting.starts_at
    assert (signed.signed_as, signed.answers) == ("", {"return": 4, "information": 3, "resource": 2})
    assert pupil.answers == {"confidence": 3, "motivation": 4, "methods": 2, "listened": 4}
    assert "effacés : 3 comptes rendus, plans appliqués ou réponses signées ou commentées" in AuditLog.objects.get(
        action=AuditLog.Action.PURGE).detail


def test_the_next_purge_removes_what_an_earlier_purge_left(pp_case, team, session, capsys):
    """Purges made before the applied plans (080c2a8), the compte rendu and the answers were purged left them in the
    database; the purge now goes through every campaign past its retention period, its files already purged or not."""
    advance(pp_case, team, session, "closed")
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    summary = PurgedCampaignSummary.objects.get(campaign=pp_case.campaign).values
    AppliedPlan.objects.create(campaign=pp_case.campaign, mode="affecter", groups={"g1": "Soutien math, lundi 8:00"},
                               assignment={str(pp_case.pk): ["g1"]})
    meeting, signed, _pupil = _meeting_and_answers(pp_case.campaign)
    capsys.readouterr()
    call_command("sas_purge", "--dry-run", "--today", AFTER_RETENTION)
    assert "0 dossier, 0 élève, 0 enseignant des classes, 0 avis aux enseignants, 4 comptes rendus" in (
        capsys.readouterr().out)
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    meeting.refresh_from_db(), signed.refresh_from_db()
    assert not AppliedPlan.objects.exists() and meeting.notes == "" and signed.signed_as == ""
    assert PurgedCampaignSummary.objects.get(campaign=pp_case.campaign).values == summary, "the summary is not redone"
    assert AuditLog.objects.filter(action=AuditLog.Action.PURGE).count() == 2
    call_command("sas_purge", "--yes", "--today", AFTER_RETENTION)
    assert AuditLog.objects.filter(action=AuditLog.Action.PURGE).count() == 2, "nothing left: nothing written"


def test_commands_write_who_ran_them_to_the_log(pp_case, tmp_path):
    """A command has no portal account: the log names the server's account that ran it and the person given by --by."""
    account = pwd.getpwuid(os.geteuid()).pw_name
    call_command("sas_export_student", "500001", "--output", str(tmp_path / "eleve.json"))
    assert AuditLog.objects.get(action=AuditLog.Action.EXPORT).actor == f"compte serveur {account}"
    call_command("sas_import", "students", str(SAMPLES / "eleves_siecle.csv"), "--establishment", "0470018L",
                 "--by", "Paul Martin")
    imported = AuditLog.objects.filter(detail__startswith="import CSV des élèves").values_list("actor", flat=True)
    assert imported and set(imported) == {f"Paul Martin — compte serveur {account}"}
    call_command("sas_backup", str(tmp_path / "sas.json"), "--by", "Marie Curie (DPO)")
    call_command("sas_purge", "--yes", "--today", "2099-01-01", "--by", "Marie Curie (DPO)")
    for action in (AuditLog.Action.BACKUP, AuditLog.Action.PURGE):
        assert AuditLog.objects.get(action=action).actor == f"Marie Curie (DPO) — compte serveur {account}", action
    assert not AuditLog.objects.filter(actor="système").exists()
    with pytest.raises(CommandError, match="100 caractères au plus"):
        call_command("sas_backup", str(tmp_path / "sas.json"), "--by", "x" * 101)
