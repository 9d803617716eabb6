"""Dates at the edges of the calendar, typed in forms that turn a local date and time into an instant: the instant
of 1 January of year 1 early in the morning (Paris was then on its local mean time, 9 minutes ahead of UTC) or of
31 December 9999 in the evening overseas falls outside what PostgreSQL stores (years 1 to 9999 in UTC); a SAS
campaign is dated within its school year. Each is refused with a French sentence, never a 500, and nothing is
stored."""
import datetime as dt
import html

import pytest
from django.urls import reverse

from portal.networks.models import Event
from tests.networks.conftest import event_form, ripps  # noqa: F401
from tests.sas.conftest import campaign, establishment, login, team  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("commune, departement, date, start, end", [
    ("Poitiers", "", "01/01/0001", "00:00", "00:30"),
    ("Saint-Denis", "974", "01/01/0001", "01:00", "02:00"),
    ("Cayenne", "", "31/12/9999", "22:00", "23:00"),
])
def test_an_event_whose_instant_is_outside_the_calendar_is_refused_in_french(ripps, client,  # noqa: F811
                                                                              commune, departement, date, start, end):
    client.force_login(ripps.coordinator)
    response = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(
        commune=commune, departement=departement, date=date, start_time=start, end_time=end))
    assert response.status_code == 400
    assert "sort du calendrier enregistrable" in response.content.decode()
    assert not Event.objects.filter(network=ripps).exists()


def test_the_last_evening_of_9999_in_paris_is_still_an_event(ripps, client):  # noqa: F811
    client.force_login(ripps.coordinator)
    response = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(
        date="31/12/9999", start_time="22:00", end_time="22:30"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


CAMPAIGN = {"name": "SAS MILY", "school_year": "2023-2024", "time_zone": "Europe/Paris", "retention_months": "12",
            "referral_deadline": "10/11/2023", "interviews_start": "13/11/2023", "interviews_end": "23/11/2023",
            "information_meeting_date": "23/11/2023", "programme_start": "27/11/2023", "programme_end": "22/12/2023",
            "evaluation_date": "19/01/2024"}


@pytest.mark.parametrize("changes, error", [
    # A programme from year 1 to 9999: a weekly series then made thousands of sessions, and a session on
    # 1 January of year 1 at midnight broke every screen showing the campaign's sessions (500).
    ({"referral_deadline": "01/01/0001", "interviews_start": "01/01/0001", "interviews_end": "01/01/0001",
      "information_meeting_date": "01/01/0001", "programme_start": "01/01/0001", "programme_end": "31/12/9999",
      "evaluation_date": "31/12/9999"}, "du 01/08/2023 au 31/07/2024 ; ne le sont pas : fin du repérage"),
    ({"evaluation_date": "01/09/2024"}, "ne le sont pas : évaluation."),
    # Year 0 does not exist: the campaign's first day of repérage (1 August of year 0) broke its board (500).
    ({"school_year": "0000-0001"}, "sous la forme 2023-2024"),
])
def test_a_campaign_is_dated_within_its_school_year(client, campaign, team, changes, error):  # noqa: F811
    login(client, team["coordination"])
    response = client.post(reverse("sas:campaign_edit", args=[campaign.pk]), {**CAMPAIGN, "name": "Changée", **changes})
    assert response.status_code == 200 and error in html.unescape(response.content.decode())
    campaign.refresh_from_db()
    assert campaign.name == "SAS MILY" and campaign.programme_end == dt.date(2023, 12, 22)
    assert client.get(reverse("sas:board", args=[campaign.pk])).status_code == 200


def test_a_campaign_within_its_school_year_is_saved(client, campaign, team):  # noqa: F811
    login(client, team["coordination"])
    response = client.post(reverse("sas:campaign_edit", args=[campaign.pk]), {
        **CAMPAIGN, "referral_deadline": "01/08/2023", "evaluation_date": "31/07/2024"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.referral_deadline, campaign.evaluation_date) == (dt.date(2023, 8, 1), dt.date(2024, 7, 31))
