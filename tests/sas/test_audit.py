"""Every read and change of a student record is written to the audit log."""
from django.contrib.messages import get_messages
from django.urls import reverse

from fiches.models import Establishment
from plugins.builtin.sas.models import AuditLog, Student

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


def test_deleting_the_establishment_in_the_admin_keeps_its_pupils_and_its_log(client, pp_case, django_user_model):
    """A superuser deleting the establishment (snippet, alone or in bulk) took its whole audit log and every pupil's
    record with it, with no trace; the deletion is now refused in French, naming no pupil, and nothing goes."""
    client.force_login(django_user_model.objects.create_superuser("racine", "racine@example.org", "mdp-racine-123456"))
    establishment = pp_case.campaign.establishment
    entries = AuditLog.objects.count()
    for url in (reverse("wagtailsnippets_fiches_establishment:delete", args=[establishment.pk]),
                f"/admin/bulk/fiches/establishment/delete/?id={establishment.pk}"):
        response = client.post(url, follow=True)
        assert response.status_code == 200, url
        said = " ".join(str(message) for message in get_messages(response.wsgi_request)) or response.content.decode()
        assert "Rien n'a été supprimé" in said and "Journal des accès" in said, url
        assert "ÉLÈVE500001" not in said.upper() and "500001" not in said, url
        assert Establishment.objects.filter(pk=establishment.pk).exists(), url
        assert AuditLog.objects.count() == entries and Student.objects.filter(pk=pp_case.student_id).exists(), url


def test_an_attendance_sheet_shown_is_a_read_of_each_pupil_on_it(client, team, pp_case, session):
    """The sheet names the session's pupils and their marks; like the campaign's timetables, each pupil shown is a read."""
    advance(pp_case, team, session, "in_programme")
    client.login(username=team["workshop_teacher"].username, password=PASSWORD)
    response = client.get(reverse("sas:attendance", args=[session.pk]))
    assert response.status_code == 200 and pp_case.student.last_name.upper() in response.content.decode().upper()
    entry = AuditLog.objects.get(action=AuditLog.Action.READ, user=team["workshop_teacher"])
    assert (entry.student, entry.detail) == (pp_case.student, "feuille de présence")


def test_the_board_is_a_read_of_each_pupil_it_lists(client, team, pp_case, other_case):
    """The board names every pupil the user may see with their step; like the timetables, each one listed is a read."""
    client.login(username=team["pp"].username, password=PASSWORD)
    response = client.get(reverse("sas:board", args=[pp_case.campaign_id]))
    assert response.status_code == 200 and pp_case.student.last_name.upper() in response.content.decode().upper()
    entry = AuditLog.objects.get(action=AuditLog.Action.READ, user=team["pp"])
    assert (entry.student, entry.detail) == (pp_case.student, "tableau de la campagne"), "only the pupil shown to the PP"
    response = client.post(reverse("sas:board", args=[pp_case.campaign_id]), {})  # a refused fiche repérage: the board again
    assert response.status_code == 200
    assert AuditLog.objects.filter(action=AuditLog.Action.READ, user=team["pp"], student=pp_case.student).count() == 2
