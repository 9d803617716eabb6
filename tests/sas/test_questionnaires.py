"""Satisfaction questionnaires through one-time links: no account, second use refused."""
import re

from django.urls import reverse

from plugins.builtin.sas.models import QuestionnaireResponse
from plugins.builtin.sas.questionnaires import issue_links

from .conftest import PASSWORD

STUDENT_ANSWERS = {"confidence": "4", "motivation": "3", "methods": "3", "listened": "4", "suggestion": "Aide aux devoirs"}


def test_student_link_works_once_without_an_account(client, campaign):
    link = issue_links(campaign, "students", 1)[0]
    url = reverse("sas:questionnaire", args=[link.token])
    assert client.get(url).status_code == 200
    assert "Merci" in client.post(url, STUDENT_ANSWERS).content.decode()
    response = QuestionnaireResponse.objects.get()
    assert response.answers["confidence"] == 4 and response.signed_as == ""
    second = client.post(url, STUDENT_ANSWERS)
    assert second.status_code == 410 and "déjà servi" in second.content.decode()
    assert QuestionnaireResponse.objects.count() == 1


def test_students_cannot_sign_but_teachers_may(client, campaign):
    student_link, teacher_link = issue_links(campaign, "students", 1)[0], issue_links(campaign, "teachers", 1)[0]
    assert "signed_as" not in client.get(reverse("sas:questionnaire", args=[student_link.token])).content.decode()
    client.post(reverse("sas:questionnaire", args=[teacher_link.token]),
                {"content": "4", "group_size": "3", "coordination": "4", "signed_as": "J. Fabre"})
    assert QuestionnaireResponse.objects.get(audience="teachers").signed_as == "J. Fabre"


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("sas:questionnaire", args=["nope"])).status_code == 404


def test_coordination_issues_links(client, team, campaign):
    client.login(username=team["coordination"].username, password=PASSWORD)
    client.post(reverse("sas:questionnaire_links", args=[campaign.pk]), {"audience": "community", "count": "3"})
    assert campaign.questionnaire_invitations.filter(audience="community").count() == 3
    client.login(username=team["pp"].username, password=PASSWORD)
    assert client.get(reverse("sas:questionnaire_links", args=[campaign.pk])).status_code == 403


def _shown_token(client, url) -> str:
    """The creation token the form at ``url`` carries (portal/create_once.py), as the browser sends it back."""
    return re.search(r'name="creation_token" value="([^"]+)"', client.get(url).content.decode()).group(1)


def test_a_double_click_on_create_the_links_creates_them_once(client, team, campaign):
    """« Créer les liens » sent twice (a double click) created twice the links asked for."""
    client.login(username=team["coordination"].username, password=PASSWORD)
    url = reverse("sas:questionnaire_links", args=[campaign.pk])
    data = {"audience": "students", "count": "4", "creation_token": _shown_token(client, url)}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert campaign.questionnaire_invitations.count() == 4
    client.post(url, {**data, "creation_token": _shown_token(client, url)})  # the form shown again: a new batch
    assert campaign.questionnaire_invitations.count() == 8
