"""ICS calendars of events (RFC 5545, through icalendar): one event, a network, a person.

Times are written in the place's time zone (``DTSTART;TZID=Indian/Reunion:…``) with the
matching VTIMEZONE, so a calendar shows 14:00 in Saint-Denis de La Réunion as 11:00 in Paris.
RFC 5545 forbids control characters in a text: an event's title, description and place lose those stored before
the forms refused them (:mod:`fiches.control_characters`); Word's line break becomes a space in a one-line text
(a title, a place) and a line break in the description. A cancelled event keeps its place with
``STATUS:CANCELLED`` (RFC 5545 §3.8.1.11) and « Annulé : » before its title, for the calendars that ignore the status.
"""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from fiches.control_characters import without_control_characters

PRODID = "-//Accroche//Réseaux et événements//FR"


def calendar_bytes(events, *, name: str, absolute_url) -> bytes:
    """An ICS file holding ``events``; ``absolute_url(path)`` makes the events' links absolute."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _line(name))
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
    summary = _("Annulé : %(title)s") % {"title": event.title} if event.is_cancelled else event.title
    component.add("summary", _line(summary))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    description = without_control_characters(event.description)
    cancellation = event.is_cancelled and without_control_characters(event.cancellation_message)
    component.add("description", "\n\n".join(part for part in (cancellation, description, url) if part))
    place = _line(", ".join(part for part in (event.place_name, event.address, event.commune) if part))
    if place:
        component.add("location", place)
    if event.has_position:
        component.add("geo", (event.latitude, event.longitude))
    component.add("categories", [event.get_kind_display()])
    component.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    return component


def _line(text: str) -> str:
    return without_control_characters(text, single_line=True)
