"""The demo networks (networks_load_demo): a visitor sees upcoming events on each network."""
import datetime as dt

from django.utils import timezone

from portal.networks.demo import EVENTS, FOQUALE, RIPPS, NetworkDemoLoader
from portal.networks.models import Event


def test_each_demo_network_announces_upcoming_events_and_the_seeds_stay_in_the_past(db, client):
    loader = NetworkDemoLoader(say=lambda line: None)
    for spec in [RIPPS, *FOQUALE]:
        loader._network(spec)
    loader.load_events()
    for spec in [RIPPS, *FOQUALE]:
        page = client.get(f"/reseaux/{spec['slug']}/").content.decode()  # as an anonymous visitor
        assert "Aucun événement à venir" not in page, spec["slug"]
    now = timezone.now()
    past = Event.objects.filter(ends_at__lt=now).values_list("title", flat=True)
    assert sorted(past) == sorted(spec[1] for spec in EVENTS)
    upcoming = Event.objects.filter(starts_at__gt=now)
    assert all(now < event.starts_at < now + dt.timedelta(weeks=7) for event in upcoming)
    assert all(event.local_start.weekday() < 5 for event in upcoming)
