"""Dates at the edges of the calendar, typed in forms that turn a local date and time into an instant: the instant
of 1 January of year 1 early in the morning (Paris was then on its local mean time, 9 minutes ahead of UTC) or of
31 December 9999 in the evening overseas falls outside what PostgreSQL stores (years 1 to 9999 in UTC). Each is
refused with a French sentence, never a 500, and nothing is stored."""
import pytest

from portal.networks.models import Event
from tests.networks.conftest import event_form, ripps  # noqa: F401

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
