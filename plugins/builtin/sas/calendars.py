"""Workshop sessions as iCalendar (RFC 5545) files: a student's parcours, a workshop's, a facilitator's sessions.

Times carry the campaign's time zone (with its VTIMEZONE), so a calendar application shows them at
the establishment's local hour, overseas too. Events name the workshop and the room only: no
student is named, since such files end up synchronised with third-party calendar services.
"""
from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Campaign, StudentCase, Workshop, WorkshopSession

PRODID = "-//Accroche//Module SAS//FR"


def _calendar(campaign: Campaign, name: str, sessions, uid_scope: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", campaign.time_zone)
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"sas-seance-{session.pk}-{uid_scope}@accroche")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(campaign.zone))
        event.add("dtend", session.ends_at.astimezone(campaign.zone))
        event.add("summary", session.workshop.name)
        if session.room:
            event.add("location", session.room)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def student_calendar(case: StudentCase, name: str) -> bytes:
    """The sessions of ``case``'s parcours (none before it is planned)."""
    parcours = getattr(case, "parcours", None)
    sessions = parcours.sessions.select_related("workshop").order_by("starts_at") if parcours else []
    return _calendar(case.campaign, name, sessions, f"dossier-{case.pk}")


def facilitator_calendar(campaign: Campaign, user, name: str) -> bytes:
    """The sessions of ``campaign``'s workshops that ``user`` facilitates."""
    sessions = (WorkshopSession.objects.filter(workshop__campaign=campaign, workshop__facilitators=user)
                .select_related("workshop").order_by("starts_at").distinct())
    return _calendar(campaign, name, sessions, f"intervenant-{user.pk}")


def workshop_calendar(workshop: Workshop, name: str) -> bytes:
    """Every session of ``workshop``."""
    sessions = workshop.sessions.select_related("workshop").order_by("starts_at")
    return _calendar(workshop.campaign, name, sessions, f"atelier-{workshop.pk}")
