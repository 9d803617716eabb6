"""ICS calendars of events (RFC 5545, through icalendar): one event, a network, a person.

Times are written in the place's time zone (``DTSTART;TZID=Indian/Reunion:…``) with the
matching VTIMEZONE, so a calendar shows 14:00 in Saint-Denis de La Réunion as 11:00 in Paris.
"""
from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODID = "-//Accroche//Réseaux et événements//FR"


def calendar_bytes(events, *, name: str, absolute_url) -> bytes:
    """An ICS file holding ``events``; ``absolute_url(path)`` makes the events' links absolute."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event, absolute_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _component(event, absolute_url) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", f"{event.uid}@accroche")
    component.add("dtstamp", timezone.now())
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", event.title)
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    component.add("description", "\n\n".join(part for part in (event.description, url) if part))
    place = ", ".join(part for part in (event.place_name, event.address, event.commune) if part)
    if place:
        component.add("location", place)
    if event.has_position:
        component.add("geo", (event.latitude, event.longitude))
    component.add("categories", [event.get_kind_display()])
    component.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    return component
