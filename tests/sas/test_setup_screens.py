"""The coordination's setup screens: campaign, workshops, sessions (in the campaign's time zone), team, step 5."""
import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from plugins.builtin.sas import PLUGIN_NAME
from plugins.builtin.sas.models import (
    Attendance, Campaign, InformationMeeting, SasMembership, ThreadMessage, Workshop, WorkshopSession,
)
from plugins.models import PluginActivation
from tests import factories

from .conftest import PASSWORD, advance, login

UTC = dt.timezone.utc
Role = SasMembership.Role

CAMPAIGN_DATA = {
    "name": "SAS MILY", "school_year": "2024-2025", "time_zone": "Indian/Reunion",
    "referral_deadline": "2024-11-08", "interviews_start": "2024-11-12", "interviews_end": "2024-11-22",
    "information_meeting_date": "2024-11-22", "programme_start": "2024-11-25", "programme_end": "2024-12-20",
    "evaluation_date": "2025-01-17", "retention_months": "12",
}


@pytest.fixture
def coordination(client, team):
    return login(client, team["coordination"])


@pytest.fixture
def reunion(campaign):
    campaign.time_zone = "Indian/Reunion"
    campaign.save()
    return campaign


@pytest.fixture
def elsewhere(db):
    """Another establishment running the SAS, with its own coordinator."""
    other = factories.establishment("Lycée Bellevue", "bordeaux", commune="Agen")
    PluginActivation.objects.create(establishment=other, plugin_name=PLUGIN_NAME, enabled=True)
    user = get_user_model().objects.create_user("coord-bellevue", password=PASSWORD)
    SasMembership.objects.create(user=user, establishment=other, role=Role.COORDINATION)
    return other, user


# Campaign

def test_coordinator_creates_a_campaign(coordination, establishment, team):
    assert coordination.get(reverse("sas:campaign_create")).status_code == 200
    response = coordination.post(reverse("sas:campaign_create"), {**CAMPAIGN_DATA, "establishment": establishment.pk})
    campaign = Campaign.objects.get(school_year="2024-2025")
    assert response.status_code == 302 and response["Location"] == reverse("sas:workshops", args=[campaign.pk])
    assert (campaign.establishment, campaign.time_zone, campaign.programme_end) == (
        establishment, "Indian/Reunion", dt.date(2024, 12, 20))


@pytest.mark.parametrize(("changes", "error"), [
    ({"interviews_end": "2024-11-01"}, "Les entretiens finissent avant de commencer."),
    ({"programme_end": "2024-11-01", "evaluation_date": "2025-01-17"}, "Le programme finit avant de commencer."),
    ({"evaluation_date": "2024-12-01"}, "L&#x27;évaluation a lieu après la fin du programme."),
    ({"school_year": "2024"}, "Écrivez l&#x27;année scolaire sous la forme 2023-2024."),
])
def test_dates_out_of_order_are_form_errors(coordination, establishment, team, changes, error):
    response = coordination.post(reverse("sas:campaign_create"), {**CAMPAIGN_DATA, "establishment": establishment.pk, **changes})
    assert response.status_code == 200 and error in response.content.decode()
    assert not Campaign.objects.exists()


def test_no_campaign_for_an_establishment_one_does_not_coordinate(coordination, team, elsewhere):
    other, _user = elsewhere
    response = coordination.post(reverse("sas:campaign_create"), {**CAMPAIGN_DATA, "establishment": other.pk})
    assert response.status_code == 200 and "establishment" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_coordinator_edits_the_dates(coordination, campaign):
    url = reverse("sas:campaign_edit", args=[campaign.pk])
    data = {**CAMPAIGN_DATA, "name": "SAS MILY 2"}
    response = coordination.post(url, {**data, "interviews_end": "2024-11-01"})
    assert "Les entretiens finissent avant de commencer." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "SAS MILY"
    assert coordination.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.programme_start) == ("SAS MILY 2", dt.date(2024, 11, 25))


def test_the_time_zones_offered_are_frances_named_by_their_place(coordination, establishment, team):
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>',
                         coordination.get(reverse("sas:campaign_create")).content.decode())
    zones = dict(options)
    assert zones["Indian/Reunion"] == "La Réunion (Indian/Reunion)"
    assert zones["Europe/Paris"] == "Métropole et Corse (Europe/Paris)"
    assert len([zone for zone in zones if "/" in zone]) == 12 and "Asia/Tokyo" not in zones
    response = coordination.post(reverse("sas:campaign_create"),
                                 {**CAMPAIGN_DATA, "establishment": establishment.pk, "time_zone": "Asia/Tokyo"})
    assert response.status_code == 200 and "time_zone" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_a_new_campaign_starts_in_its_establishments_zone(coordination, establishment, team):
    establishment.departement = "974"
    establishment.save(update_fields=["departement"])
    form = coordination.get(reverse("sas:campaign_create")).context["form"]
    assert form["time_zone"].value() == "Indian/Reunion"


def test_a_campaign_saved_in_another_zone_is_not_moved_silently(coordination, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(time_zone="Europe/Brussels")
    page = coordination.get(reverse("sas:campaign_edit", args=[campaign.pk])).content.decode()
    assert re.search(r'<option value="Europe/Brussels"[^>]*selected', page)


def test_new_campaign_is_reachable_for_coordinators_only(client, team, campaign):
    assert reverse("sas:campaign_create") in login(client, team["coordination"]).get(
        reverse("sas:board", args=[campaign.pk])).content.decode()
    Campaign.objects.create(**{**CAMPAIGN_DATA, "establishment": campaign.establishment, "time_zone": "Europe/Paris",
                               "retention_months": 12})
    assert reverse("sas:campaign_create") in client.get(reverse("sas:campaigns")).content.decode()
    assert reverse("sas:campaign_create") not in login(client, team["pp"]).get(reverse("sas:campaigns")).content.decode()


# Workshops and sessions

def test_workshop_with_facilitators_of_the_team(coordination, campaign, team, elsewhere):
    _other, outsider = elsewhere
    url = reverse("sas:workshop_create", args=[campaign.pk])
    data = {"name": "CPS", "discipline": "Compétences psychosociales", "group_size_min": 8, "group_size_max": 9}
    response = coordination.post(url, {**data, "facilitators": [outsider.pk]})
    assert "facilitators" in response.context["form"].errors
    response = coordination.post(url, {**data, "group_size_min": 10})
    assert "La taille minimale du groupe dépasse la taille maximale." in response.content.decode()
    response = coordination.post(url, {**data, "facilitators": [team["workshop_teacher"].pk]})
    workshop = Workshop.objects.get(name="CPS")
    assert response["Location"] == reverse("sas:workshop", args=[workshop.pk])
    assert list(workshop.facilitators.all()) == [team["workshop_teacher"]] and workshop.group_size_max == 9
    assert "CPS" in coordination.get(reverse("sas:workshops", args=[campaign.pk])).content.decode()
    response = coordination.post(reverse("sas:workshop", args=[workshop.pk]), {**data, "name": "CPS — émotions"})
    workshop.refresh_from_db()
    assert response.status_code == 302 and workshop.name == "CPS — émotions" and not workshop.facilitators.exists()


def test_weekly_sessions_are_stored_at_the_right_instant_in_an_overseas_zone(coordination, reunion, workshop):
    url = reverse("sas:weekly_sessions", args=[workshop.pk])
    data = {"weekly-weekday": "1", "weekly-starts": "08:00", "weekly-ends": "10:00", "weekly-room": "Micro-lycée",
            "weekly-first_day": "2023-11-27", "weekly-last_day": "2023-12-22"}
    assert coordination.post(url, data).status_code == 302
    sessions = list(workshop.sessions.all())
    assert [s.starts_at for s in sessions] == [dt.datetime(2023, m, d, 4, tzinfo=UTC) for m, d in
                                               ((11, 27), (12, 4), (12, 11), (12, 18))]
    assert all(s.ends_at - s.starts_at == dt.timedelta(hours=2) and s.room == "Micro-lycée" for s in sessions)
    html = coordination.get(reverse("sas:workshop", args=[workshop.pk])).content.decode()
    assert "lundi 27 novembre 2023" in html and "08:00–10:00" in html
    coordination.post(url, data)
    assert workshop.sessions.count() == 4


def test_weekly_sessions_follow_daylight_saving_time(coordination, campaign, workshop):
    Campaign.objects.filter(pk=campaign.pk).update(programme_start=dt.date(2024, 3, 18), programme_end=dt.date(2024, 4, 5))
    coordination.post(reverse("sas:weekly_sessions", args=[workshop.pk]), {
        "weekly-weekday": "1", "weekly-starts": "08:00", "weekly-ends": "09:00",
        "weekly-first_day": "2024-03-18", "weekly-last_day": "2024-04-05",
    })
    assert [s.starts_at.astimezone(UTC).hour for s in workshop.sessions.all()] == [7, 7, 6]


@pytest.mark.parametrize(("data", "error"), [
    ({"session-day": "2024-01-08", "session-starts": "08:00", "session-ends": "10:00"}, "Choisissez une date du programme"),
    ({"session-day": "2023-11-28", "session-starts": "10:00", "session-ends": "08:00"}, "La séance finit avant de commencer."),
])
def test_one_session_is_checked(coordination, workshop, data, error):
    response = coordination.post(reverse("sas:session_add", args=[workshop.pk]), data)
    assert error in response.content.decode() and not workshop.sessions.exists()


def test_one_session_in_the_campaign_zone(coordination, reunion, workshop):
    coordination.post(reverse("sas:session_add", args=[workshop.pk]),
                      {"session-day": "2023-11-28", "session-starts": "14:00", "session-ends": "16:00"})
    assert workshop.sessions.get().starts_at == dt.datetime(2023, 11, 28, 10, tzinfo=UTC)


def test_a_session_with_attendance_is_never_deleted(coordination, team, pp_case, session):
    url = reverse("sas:session_delete", args=[session.pk])
    advance(pp_case, team, session, "in_programme")
    page = coordination.get(url).content.decode()
    assert "il en sera retiré" in page
    Attendance.objects.create(session=session, case=pp_case, status="present")
    response = coordination.post(url)
    assert response.status_code == 200 and "Suppression impossible" in response.content.decode()
    assert coordination.post(reverse("sas:workshop_delete", args=[session.workshop_id])).status_code == 200
    assert WorkshopSession.objects.filter(pk=session.pk).exists() and Attendance.objects.exists()


def test_sessions_and_workshops_without_attendance_are_deleted(coordination, campaign, session):
    assert coordination.post(reverse("sas:session_delete", args=[session.pk])).status_code == 302
    assert not WorkshopSession.objects.exists()
    response = coordination.post(reverse("sas:workshop_delete", args=[session.workshop_id]))
    assert response["Location"] == reverse("sas:workshops", args=[campaign.pk]) and not Workshop.objects.exists()


# Team

def test_add_an_existing_account_by_username_or_email(coordination, establishment, team, django_user_model):
    colleague = django_user_model.objects.create_user("m.durand", email="marie.durand@ac-bordeaux.fr")
    url = reverse("sas:team", args=[establishment.pk])
    coordination.post(url, {"identifier": "m.durand", "role": "workshop_teacher"})
    coordination.post(url, {"identifier": "Marie.Durand@ac-bordeaux.fr", "role": "pp", "division": "1 AGORA"})
    assert set(colleague.sas_memberships.values_list("role", "division")) == {("workshop_teacher", ""), ("pp", "1 AGORA")}
    response = coordination.post(url, {"identifier": "m.durand", "role": "pp", "division": "2 MRC"})
    assert "a déjà ce rôle" in response.content.decode()
    assert mail.outbox == []


def test_pp_without_class_and_unknown_username_are_refused(coordination, establishment, team):
    url = reverse("sas:team", args=[establishment.pk])
    response = coordination.post(url, {"identifier": "sas-cpe", "role": "pp"})
    assert "Indiquez la classe du professeur principal." in response.content.decode()
    response = coordination.post(url, {"identifier": "inconnu", "role": "cpe"})
    assert "saisissez une adresse électronique" in response.content.decode()
    assert not SasMembership.objects.filter(role="pp", user=team["cpe"]).exists()


def test_new_account_gets_a_working_password_link(client, establishment, team, django_capture_on_commit_callbacks):
    login(client, team["coordination"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sas:team", args=[establishment.pk]), {
            "identifier": "Nadia.Benali@ac-bordeaux.fr", "first_name": "Nadia", "last_name": "Benali",
            "role": "pp", "division": "2 MRC",
        })
    assert response.status_code == 302
    invited = get_user_model().objects.get(email="nadia.benali@ac-bordeaux.fr")
    assert not invited.has_usable_password()
    assert invited.sas_memberships.get().division == "2 MRC"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nadia.benali@ac-bordeaux.fr"]
    assert "professeur principal" in mail.outbox[0].body and "LP Antoine Lomet" in mail.outbox[0].subject

    client.logout()
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0).replace("http://127.0.0.1:8000", "")
    page = client.get(link, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(target, {"new_password1": "Persévérance-2026!", "new_password2": "Persévérance-2026!"})
    assert response.status_code == 302
    assert client.login(username="nadia.benali@ac-bordeaux.fr", password="Persévérance-2026!")


def test_remove_a_member_but_never_ones_own_coordination(coordination, establishment, team, elsewhere):
    pp = SasMembership.objects.get(user=team["pp"])
    own = SasMembership.objects.get(user=team["coordination"])
    url = lambda m: reverse("sas:team_remove", args=[establishment.pk, m.pk])  # noqa: E731
    assert coordination.post(url(pp)).status_code == 302 and not SasMembership.objects.filter(pk=pp.pk).exists()
    response = coordination.post(url(own), follow=True)
    assert "Vous ne pouvez pas retirer votre propre rôle de coordination" in response.content.decode()
    assert SasMembership.objects.filter(pk=own.pk).exists()
    _other, outsider = elsewhere
    foreign = SasMembership.objects.get(user=outsider)
    assert coordination.post(reverse("sas:team_remove", args=[establishment.pk, foreign.pk])).status_code == 404


def test_a_removed_workshop_teacher_no_longer_facilitates(coordination, establishment, team, workshop):
    teacher = SasMembership.objects.get(user=team["workshop_teacher"])
    assert coordination.post(reverse("sas:team_remove", args=[establishment.pk, teacher.pk])).status_code == 302
    assert not workshop.facilitators.filter(pk=team["workshop_teacher"].pk).exists()


# A creation form sent twice (a double click, or « Envoyer » again after going back) creates one object

def _shown_token(client, url) -> str:
    """The creation token the form at ``url`` carries (portal/create_once.py), as the browser sends it back."""
    return re.search(r'name="creation_token" value="([^"]+)"', client.get(url).content.decode()).group(1)


@pytest.mark.parametrize("screen", ["campaign", "workshop", "meeting", "message"])
def test_a_creation_form_sent_twice_creates_once(coordination, establishment, campaign, pp_case, screen):
    """Two campaigns, workshops, meetings or thread messages were created by one double click."""
    form_page, url, data, model = {
        "campaign": (reverse("sas:campaign_create"), reverse("sas:campaign_create"),
                     {**CAMPAIGN_DATA, "establishment": establishment.pk}, Campaign),
        "workshop": (reverse("sas:workshop_create", args=[campaign.pk]), reverse("sas:workshop_create", args=[campaign.pk]),
                     {"name": "CPS", "group_size_min": 8, "group_size_max": 9}, Workshop),
        "meeting": (reverse("sas:meetings", args=[campaign.pk]), reverse("sas:meetings", args=[campaign.pk]),
                    {"day": "2023-11-23", "time": "17:30", "mode": "video"}, InformationMeeting),
        "message": (reverse("sas:case", args=[pp_case.public_id]), reverse("sas:case_message", args=[pp_case.public_id]),
                    {"body": "Vu en entretien."}, ThreadMessage),
    }[screen]
    data = {**data, "creation_token": _shown_token(coordination, form_page)}
    before = model.objects.count()
    first, second = coordination.post(url, data), coordination.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert model.objects.count() == before + 1


# Step 5, information collective

@pytest.mark.parametrize("role", ["coordination", "direction"])
def test_information_meeting_in_the_campaign_zone(client, team, reunion, role):
    login(client, team[role])
    response = client.post(reverse("sas:meetings", args=[reunion.pk]),
                           {"day": "2023-11-23", "time": "17:30", "mode": "video", "notes": "Profils présentés."})
    assert response.status_code == 302
    meeting = InformationMeeting.objects.get()
    assert (meeting.starts_at, meeting.mode) == (dt.datetime(2023, 11, 23, 13, 30, tzinfo=UTC), "video")
    assert "17:30" in client.get(reverse("sas:board", args=[reunion.pk])).content.decode()
    response = client.post(reverse("sas:meeting", args=[meeting.pk]),
                           {"day": "2023-11-23", "time": "17:30", "mode": "video", "notes": "Compte rendu complet."})
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.notes == "Compte rendu complet."
    form = client.get(reverse("sas:meeting", args=[meeting.pk])).context["form"]
    assert (form["day"].value(), form["time"].value()) == (dt.date(2023, 11, 23), dt.time(17, 30))


def test_the_board_lists_meetings_without_their_notes_for_other_roles(client, team, campaign):
    InformationMeeting.objects.create(campaign=campaign, starts_at=dt.datetime(2023, 11, 23, 16, tzinfo=UTC),
                                      notes="Confidentiel")
    html = login(client, team["pp"]).get(reverse("sas:board", args=[campaign.pk])).content.decode()
    assert "jeudi 23 novembre 2023, 17:00" in html and "Confidentiel" not in html


# Refusals

SCREENS = {
    "campaign_edit": lambda o: reverse("sas:campaign_edit", args=[o["campaign"].pk]),
    "workshops": lambda o: reverse("sas:workshops", args=[o["campaign"].pk]),
    "workshop_create": lambda o: reverse("sas:workshop_create", args=[o["campaign"].pk]),
    "workshop": lambda o: reverse("sas:workshop", args=[o["workshop"].pk]),
    "workshop_delete": lambda o: reverse("sas:workshop_delete", args=[o["workshop"].pk]),
    "session_add": lambda o: reverse("sas:session_add", args=[o["workshop"].pk]),
    "weekly_sessions": lambda o: reverse("sas:weekly_sessions", args=[o["workshop"].pk]),
    "session_delete": lambda o: reverse("sas:session_delete", args=[o["session"].pk]),
    "team": lambda o: reverse("sas:team", args=[o["campaign"].establishment_id]),
    "team_remove": lambda o: reverse("sas:team_remove", args=[o["campaign"].establishment_id, o["membership"].pk]),
    "meetings": lambda o: reverse("sas:meetings", args=[o["campaign"].pk]),
    "meeting": lambda o: reverse("sas:meeting", args=[o["meeting"].pk]),
}
MEETING_SCREENS = {"meetings", "meeting"}


@pytest.fixture
def objects(campaign, team, session):
    meeting = InformationMeeting.objects.create(campaign=campaign, starts_at=dt.datetime(2023, 11, 23, 16, tzinfo=UTC))
    return {"campaign": campaign, "workshop": session.workshop, "session": session, "meeting": meeting,
            "membership": SasMembership.objects.get(user=team["rds"])}


def test_every_screen_renders_for_the_coordination(coordination, objects):
    for name, url in SCREENS.items():
        assert coordination.get(url(objects)).status_code in (200, 405), name
    html = coordination.get(reverse("sas:campaign_edit", args=[objects["campaign"].pk])).content.decode()
    assert 'value="27/11/2023"' in html and "Europe/Paris" in html
    html = coordination.get(reverse("sas:team", args=[objects["campaign"].establishment_id])).content.decode()
    assert "professeur principal" in html and "2 MRC" in html


@pytest.mark.parametrize("role", ["direction", "pp", "cpe", "rds", "workshop_teacher"])
def test_other_roles_are_refused(client, team, objects, role):
    login(client, team[role])
    for name, url in SCREENS.items():
        if role == "direction" and name in MEETING_SCREENS:
            continue
        assert client.post(url(objects)).status_code == 403, name
    assert client.get(reverse("sas:campaign_create")).status_code == 403
    assert Workshop.objects.exists() and WorkshopSession.objects.exists() and SasMembership.objects.count() == 6


def test_strangers_and_other_establishments_get_404(client, objects, elsewhere, django_user_model):
    _other, outsider = elsewhere
    stranger = django_user_model.objects.create_user("stranger", password=PASSWORD)
    for user in (outsider, stranger):
        login(client, user)
        for name, url in SCREENS.items():
            assert client.get(url(objects)).status_code in (404, 405), name
            assert client.post(url(objects)).status_code == 404, name
    assert client.get(reverse("sas:campaign_create")).status_code == 404
    assert InformationMeeting.objects.exists() and SasMembership.objects.filter(pk=objects["membership"].pk).exists()


def test_nothing_is_reachable_where_the_plugin_is_disabled(client, team, objects):
    PluginActivation.objects.filter(establishment=objects["campaign"].establishment).update(enabled=False)
    login(client, team["coordination"])
    for name, url in SCREENS.items():
        assert client.post(url(objects)).status_code == 404, name
    assert client.get(reverse("sas:campaign_create")).status_code == 404


def test_login_is_required(client, objects):
    for url in (*(url(objects) for url in SCREENS.values()), reverse("sas:campaign_create")):
        response = client.post(url)
        assert response.status_code == 302 and "login" in response["Location"]
