"""Every read and change of a student record is written to the audit log."""
from django.urls import reverse

from plugins.builtin.sas.models import AuditLog

from .conftest import PASSWORD, advance


def test_reading_a_file_is_audited(client, team, pp_case):
    client.login(username=team["cpe"].username, password=PASSWORD)
    client.get(reverse("sas:case", args=[pp_case.public_id]))
    entry = AuditLog.objects.filter(action=AuditLog.Action.READ).get()
    assert (entry.user, entry.actor, entry.student, entry.student_ref) == (team["cpe"], "sas-cpe", pp_case.student, "500001")
    assert entry.establishment == pp_case.campaign.establishment and entry.at


def test_changes_are_audited(client, team, pp_case):
    assert AuditLog.objects.filter(action=AuditLog.Action.CREATE, student=pp_case.student).exists()
    client.login(username=team["coordination"].username, password=PASSWORD)
    client.post(reverse("sas:case_step", args=[pp_case.public_id, "analyse"]), {"analyse-summary": "Vu en GPDS."})
    client.post(reverse("sas:case_message", args=[pp_case.public_id]), {"body": "Premier échange."})
    details = list(AuditLog.objects.filter(action=AuditLog.Action.UPDATE, student=pp_case.student).values_list("detail", flat=True))
    assert sorted(details) == ["analyse du besoin", "message de suivi"]


def test_a_refused_step_is_shown_with_its_reason(client, team, pp_case):
    client.login(username=team["coordination"].username, password=PASSWORD)
    response = client.post(reverse("sas:case_step", args=[pp_case.public_id, "close"]), follow=True)
    assert "Impossible de « clore le dossier »" in response.content.decode()


def test_a_file_shown_again_after_a_refused_form_is_audited_as_a_read(client, team, pp_case, session):
    """A form sent empty (a message, a step) shows the whole file again with its errors: that is a read too,
    or anyone could read a file without leaving a trace by posting nothing."""
    advance(pp_case, team, session, "interviewed")
    client.login(username=team["pp"].username, password=PASSWORD)
    reads = AuditLog.objects.filter(action=AuditLog.Action.READ, user=team["pp"], student=pp_case.student)
    for url in (reverse("sas:case_message", args=[pp_case.public_id]),
                reverse("sas:case_step", args=[pp_case.public_id, "plan"])):
        before = reads.count()
        response = client.post(url, {})
        assert response.status_code == 200 and "Absences le lundi." in response.content.decode(), url
        assert reads.count() == before + 1, url
