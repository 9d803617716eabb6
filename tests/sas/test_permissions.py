"""Each role sees and does only what it needs; URL attempts on another student's record are refused and audited."""
import pytest
from django.urls import reverse

from plugins.builtin.sas import workflow
from plugins.builtin.sas.models import AuditLog
from plugins.models import PluginActivation

from .conftest import PASSWORD, advance, login


def case_link(case):
    return reverse("sas:case", args=[case.public_id])


def test_login_is_required(client, pp_case):
    for url in (reverse("sas:campaigns"), reverse("sas:board", args=[pp_case.campaign_id]), reverse("sas:case", args=[pp_case.public_id])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_pp_sees_only_their_class_on_the_board(client, team, pp_case, other_case):
    html = login(client, team["pp"]).get(reverse("sas:board", args=[pp_case.campaign_id])).content.decode()
    assert case_link(pp_case) in html and case_link(other_case) not in html


@pytest.mark.parametrize("role", ["coordination", "direction", "cpe", "rds"])
def test_establishment_wide_roles_see_every_case(client, team, pp_case, other_case, role):
    html = login(client, team[role]).get(reverse("sas:board", args=[pp_case.campaign_id])).content.decode()
    assert case_link(pp_case) in html and case_link(other_case) in html


def test_pp_reaching_another_class_by_url_is_refused_and_audited(client, team, other_case):
    response = login(client, team["pp"]).get(reverse("sas:case", args=[other_case.public_id]))
    assert response.status_code == 403
    entry = AuditLog.objects.get(action=AuditLog.Action.DENIED)
    assert (entry.user, entry.student) == (team["pp"], other_case.student)


def test_workshop_teacher_sees_only_their_groups_and_no_file(client, team, pp_case, other_case, session):
    advance(pp_case, team, session, "in_programme")
    client = login(client, team["workshop_teacher"])
    assert client.get(reverse("sas:case", args=[other_case.public_id])).status_code == 403
    html = client.get(reverse("sas:case", args=[pp_case.public_id])).content.decode()
    assert "Soutien math" in html and "Absences le lundi" not in html and "fil de discussion" not in html


def test_user_of_another_establishment_gets_404_and_is_audited(client, pp_case, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password=PASSWORD)
    assert login(client, stranger).get(reverse("sas:case", args=[pp_case.public_id])).status_code == 404
    assert client.get(reverse("sas:board", args=[pp_case.campaign_id])).status_code == 404
    assert AuditLog.objects.filter(action=AuditLog.Action.DENIED, user=stranger).exists()


def test_nothing_is_reachable_when_the_plugin_is_disabled(client, team, pp_case):
    PluginActivation.objects.filter(establishment=pp_case.campaign.establishment).update(enabled=False)
    client = login(client, team["coordination"])
    assert client.get(reverse("sas:case", args=[pp_case.public_id])).status_code == 404
    assert client.get(reverse("sas:campaigns")).status_code == 200


@pytest.mark.parametrize(("role", "step", "allowed"), [
    ("coordination", "analyse", True), ("pp", "analyse", True), ("cpe", "analyse", True),
    ("direction", "analyse", False), ("rds", "analyse", False), ("workshop_teacher", "analyse", False),
])
def test_step_rights_per_role(client, team, pp_case, session, role, step, allowed):
    if role == "workshop_teacher":
        advance(pp_case, team, session, "in_programme")
    response = login(client, team[role]).post(reverse("sas:case_step", args=[pp_case.public_id, step]), {f"{step}-summary": "Vu en GPDS."})
    assert (response.status_code == 302) is allowed
    if not allowed:
        assert response.status_code == 403


def test_only_the_direction_informs_the_parents(client, team, pp_case, session):
    advance(pp_case, team, session, "interviewed")
    url = reverse("sas:case_step", args=[pp_case.public_id, "parents"])
    assert login(client, team["coordination"]).post(url, {"parents-informed_on": "2023-11-20"}).status_code == 403
    assert login(client, team["direction"]).post(url, {"parents-informed_on": "2023-11-20"}).status_code == 302
    pp_case.interview.refresh_from_db()
    assert pp_case.interview.parents_informed_by == team["direction"]


def test_attendance_sheet_is_for_facilitators_and_coordination(client, team, pp_case, session):
    advance(pp_case, team, session, "in_programme")
    url = reverse("sas:attendance", args=[session.pk])
    assert login(client, team["pp"]).get(url).status_code == 403
    response = login(client, team["workshop_teacher"]).post(url, {f"case_{pp_case.pk}": "absent"})
    assert response.status_code == 302
    assert pp_case.attendances.get().status == "absent"


def test_audit_log_is_for_the_coordination(client, team, campaign):
    url = reverse("sas:audit_log", args=[campaign.pk])
    assert login(client, team["pp"]).get(url).status_code == 403
    assert login(client, team["coordination"]).get(url).status_code == 200


def test_a_withdrawal_reason_is_part_of_the_file_a_workshop_teacher_does_not_see(client, team, pp_case, session):
    """The reason a pupil left the programme is free text about their life: shown with the file, not to whoever
    only takes the attendance of their group."""
    advance(pp_case, team, session, "in_programme")
    workflow.withdraw(team["coordination"], pp_case, "Placement en foyer")
    url = reverse("sas:case", args=[pp_case.public_id])
    assert "Placement en foyer" in login(client, team["coordination"]).get(url).content.decode()
    html = login(client, team["workshop_teacher"]).get(url).content.decode()
    assert "sorti du dispositif" in html.casefold()  # the state stays visible
    assert "Placement en foyer" not in html
