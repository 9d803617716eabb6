"""Every SAS URL with an id, as every role, an account of another establishment and an anonymous visitor,
by GET and by an empty POST: never a 5xx, never the name of a pupil the visitor may not see.

The URLs are read from the module's URL patterns, so a new screen is covered as soon as it exists.
"""
import datetime as dt

import pytest
from django.urls import URLPattern, reverse

from plugins.builtin.sas import PLUGIN_NAME
from plugins.builtin.sas import urls as sas_urls
from plugins.builtin.sas.models import (
    InformationMeeting, PlanningPin, PlanningRoom, QuestionnaireInvitation, SasMembership, Student,
)
from plugins.models import PluginActivation
from tests import factories

from .conftest import PASSWORD, advance, login

VISIBLE, HIDDEN = "Visiblenom", "Discretnom"  # the PP's pupil (in the workshop group), a pupil of another class
EVERYONE_IN_THE_ESTABLISHMENT = {"coordination", "direction", "cpe", "rds"}
FORBIDDEN_NAMES = {
    "pp": {HIDDEN}, "workshop_teacher": {HIDDEN}, "outsider": {VISIBLE, HIDDEN}, "anonymous": {VISIBLE, HIDDEN},
    **{role: set() for role in EVERYONE_IN_THE_ESTABLISHMENT},
}


@pytest.fixture
def objects(campaign, team, pp_case, other_case, session):
    Student.objects.filter(pk=pp_case.student_id).update(last_name=VISIBLE)
    Student.objects.filter(pk=other_case.student_id).update(last_name=HIDDEN)
    advance(pp_case, team, session, "in_programme")
    return {
        "campaign_id": campaign.pk, "establishment_id": campaign.establishment_id, "workshop_id": session.workshop_id,
        "session_id": session.pk, "membership_id": SasMembership.objects.get(user=team["rds"]).pk,
        "user_id": team["workshop_teacher"].pk,
        "meeting_id": InformationMeeting.objects.create(campaign=campaign, starts_at=dt.datetime(2023, 11, 23, 16, tzinfo=dt.UTC)).pk,
        "token": QuestionnaireInvitation.objects.create(campaign=campaign, audience="students").token,
        "pin_id": PlanningPin.objects.create(case=other_case, group_key="pinned-group").pk,
        "kind": "salle", "item_id": PlanningRoom.objects.create(campaign=campaign, name="Salle B").pk,
        "document": "registre", "step": "analyse", "period_code": "2023-2024", "cases": (pp_case.public_id, other_case.public_id),
    }


def urls(objects) -> list[str]:
    """Every SAS URL with parameters, filled with the fixture's objects (each case URL for both cases)."""
    found = []
    for pattern in sas_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.converters)
        if not names:
            continue
        unknown = set(names) - set(objects) - {"case_ref"}
        assert not unknown, f"{pattern.name}: add {unknown} to the fixture"
        refs = objects["cases"] if "case_ref" in names else (None,)
        for ref in refs:
            kwargs = {name: ref if name == "case_ref" else objects[name] for name in names}
            found.append(reverse(f"sas:{pattern.name}", kwargs=kwargs))
    return found


@pytest.fixture
def visitor(client, team, django_user_model):
    def log_in(role):
        if role == "anonymous":
            return client
        if role == "outsider":
            elsewhere = factories.establishment("LP Ailleurs", "bordeaux", commune="Nérac")
            PluginActivation.objects.create(establishment=elsewhere, plugin_name=PLUGIN_NAME, enabled=True)
            user = django_user_model.objects.create_user("coordination-ailleurs", password=PASSWORD)
            SasMembership.objects.create(user=user, establishment=elsewhere, role=SasMembership.Role.COORDINATION)
            return login(client, user)
        return login(client, team[role])
    return log_in


@pytest.mark.parametrize("role", sorted(FORBIDDEN_NAMES))
def test_no_screen_fails_or_leaks_a_name(visitor, objects, role):
    client = visitor(role)
    for url in urls(objects):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code < 500, (role, method.__name__, url)
            body = response.content.decode(errors="replace").casefold()
            leaked = {name for name in FORBIDDEN_NAMES[role] if name.casefold() in body}
            assert not leaked, (role, method.__name__, url, leaked)


def test_the_url_list_covers_the_case_and_setup_screens(objects):
    found = urls(objects)
    assert len(found) >= 25
    assert any("/dossiers/" in url and str(objects["cases"][1]) in url for url in found)


def test_ids_beyond_64_bits_and_malformed_case_ids_are_404(client, team, objects):
    client = login(client, team["coordination"])
    huge = "9" * 20
    for url in urls(objects):
        for value in (str(objects["campaign_id"]), str(objects["session_id"]), str(objects["workshop_id"])):
            if f"/{value}/" in url:
                assert client.get(url.replace(f"/{value}/", f"/{huge}/", 1)).status_code == 404, url
    for case_ref in ("1", "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert client.get(f"/sas/dossiers/{case_ref}/").status_code == 404


def test_the_questionnaire_links_form_refuses_a_non_number(client, team, campaign):
    url = reverse("sas:questionnaire_links", args=[campaign.pk])
    response = login(client, team["coordination"]).post(url, {"audience": "students", "count": "abc"})
    assert response.status_code == 200 and "Saisissez un nombre entier" in response.content.decode()
    assert not QuestionnaireInvitation.objects.exists()
    assert login(client, team["coordination"]).post(url, {"audience": "students", "count": "3"}).status_code == 302
    assert QuestionnaireInvitation.objects.count() == 3


def test_no_screen_is_kept_by_the_browser_or_a_proxy(visitor, objects):
    """Every SAS page names pupils: on a shared staff-room computer, the back button after logging out must not show
    a file again from the browser's cache, nor a school proxy keep a copy."""
    client = visitor("coordination")
    shown = []
    for url in [reverse("sas:campaigns"), *urls(objects)]:
        response = client.get(url)
        if response.status_code == 200:
            shown.append(url)
            assert "no-store" in response.get("Cache-Control", ""), url
    assert len(shown) >= 15
