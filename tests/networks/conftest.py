import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal.networks.models import Event, Network, NetworkEstablishment, NetworkPerson
from tests import factories


@pytest.fixture
def ripps(db):
    """A RIPPS in Poitiers with one member establishment, a coordinator and a member."""
    network = Network.objects.create(slug="ripps-test", name="RIPPS test", kind=Network.Kind.RIPPS,
                                     academie=factories.academie("poitiers"))
    school = factories.establishment("Collège Test", "poitiers", commune="Poitiers", departement="86")
    NetworkEstablishment.objects.create(network=network, establishment=school)
    coordinator = factories.user("coord")
    member = factories.user("membre")
    NetworkPerson.objects.create(network=network, user=coordinator, role=NetworkPerson.Role.COORDINATOR)
    NetworkPerson.objects.create(network=network, user=member, role=NetworkPerson.Role.MEMBER)
    network.school, network.coordinator, network.member = school, coordinator, member
    return network


def event_form(**overrides):
    """The event form's fields, valid (a meeting in Poitiers on 12 March 2026, 14:00–16:30), with ``overrides``."""
    data = {"title": "Réunion d'échange", "kind": "meeting", "description": "Partage des pratiques",
            "place_name": "Lycée", "address": "", "commune": "Poitiers", "departement": "",
            "audience": "public", "registration_open": "on", "capacity": "",
            "date": "2026-03-12", "start_time": "14:00", "end_time": "16:30"}
    data.update(overrides)
    return data


def make_event(network, title="Réunion", *, audience=Event.Audience.PUBLIC, zone="Europe/Paris", start=None, **fields):
    start = start or (timezone.now() + dt.timedelta(days=10)).astimezone(ZoneInfo(zone)).replace(
        hour=14, minute=0, second=0, microsecond=0)
    return Event.objects.create(network=network, title=title, audience=audience, time_zone=zone, starts_at=start,
                                ends_at=start + dt.timedelta(hours=2), commune="Poitiers", departement="86",
                                **fields)
