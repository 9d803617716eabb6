"""A campaign's timetables as people read them: by week, by workshop, by student, with the classes missed.

A student misses a regular class on a given day when one of the sessions of their parcours overlaps,
in the campaign's time zone, a class of their division on that weekday (``scheduling.problem``'s spans).
Weeks start on Monday; the programme's weeks run from the week of ``programme_start`` to that of
``programme_end``.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Campaign, ClassSlot, Parcours, StudentCase, WorkshopSession
from .scheduling.problem import session_span, slot_span
from .states import State

# Cases whose parcours is (or was) followed: a withdrawn student is away from no class.
FOLLOWED_STATES = (State.PARCOURS_PLANNED, State.IN_PROGRAMME, State.EVALUATED, State.CLOSED)
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Missed:
    """One regular class a student misses on ``day`` because of ``session``."""

    day: dt.date
    slot: ClassSlot
    session: WorkshopSession


@dataclass
class StudentTimetable:
    case: StudentCase
    sessions: list[WorkshopSession] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def programme_weeks(campaign: Campaign) -> list[dt.date]:
    """The Mondays of the programme's weeks."""
    first, last = monday(campaign.programme_start), monday(campaign.programme_end)
    return [first + n * WEEK for n in range((last - first).days // 7 + 1)] if first <= last else [first]


def chosen_week(campaign: Campaign, raw: str | None) -> dt.date:
    """The programme week ``raw`` (an ISO date within it) names, or the first one for anything else."""
    weeks = programme_weeks(campaign)
    try:
        wanted = monday(dt.date.fromisoformat(raw or ""))
    except ValueError:
        return weeks[0]
    return wanted if wanted in weeks else weeks[0]


def local_day(session: WorkshopSession, campaign: Campaign) -> dt.date:
    return session.starts_at.astimezone(campaign.zone).date()


def week_bounds(campaign: Campaign, week: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The week's first and last instants in the campaign's time zone (DST changes included)."""
    start = dt.datetime.combine(week, dt.time.min, tzinfo=campaign.zone)
    return start, dt.datetime.combine(week + WEEK, dt.time.min, tzinfo=campaign.zone)


def in_week(sessions, campaign: Campaign, week: dt.date | None):
    if week is None:
        return sessions
    start, end = week_bounds(campaign, week)
    return sessions.filter(starts_at__gte=start, starts_at__lt=end)


def campaign_sessions(campaign: Campaign, week: dt.date | None = None):
    """The campaign's sessions (of ``week`` only, if given) with their workshop, facilitators and students."""
    sessions = WorkshopSession.objects.filter(workshop__campaign=campaign).select_related("workshop").prefetch_related(
        "workshop__facilitators", "parcours__case__student").order_by("starts_at", "workshop__name")
    return in_week(sessions, campaign, week)


def missed_classes(campaign: Campaign, sessions, slots: list[ClassSlot]) -> list[Missed]:
    """The classes among ``slots`` (one division's) that ``sessions`` overlap, day by day."""
    missed = []
    for session in sessions:
        span = session_span(session, campaign.zone)
        day = local_day(session, campaign)
        missed += [Missed(day, slot, session) for slot in slots if span.overlaps(slot_span(slot))]
    return sorted(missed, key=lambda m: (m.day, m.slot.starts, m.slot.division))


def student_timetables(campaign: Campaign, cases, week: dt.date | None = None) -> list[StudentTimetable]:
    """For each of ``cases`` with a followed parcours: its sessions (of ``week``, if given) and the classes missed."""
    sessions_in_order = WorkshopSession.objects.select_related("workshop").order_by("starts_at")
    parcours_list = (Parcours.objects.filter(case__in=cases, case__state__in=FOLLOWED_STATES)
                     .select_related("case__student").prefetch_related(Prefetch("sessions", queryset=sessions_in_order))
                     .order_by("case__student__last_name", "case__student__first_name"))
    start, end = week_bounds(campaign, week) if week else (None, None)
    divisions = {p.case.student.division for p in parcours_list}
    slots = defaultdict(list)
    for slot in ClassSlot.objects.filter(campaign=campaign, division__in=divisions).select_related("teacher"):
        slots[slot.division].append(slot)
    timetables = []
    for parcours in parcours_list:
        sessions = [session for session in parcours.sessions.all() if week is None or start <= session.starts_at < end]
        timetables.append(StudentTimetable(parcours.case, sessions,
                                           missed_classes(campaign, sessions, slots[parcours.case.student.division])))
    return timetables


def by_day(sessions, campaign: Campaign) -> list[tuple[dt.date, list[WorkshopSession]]]:
    """``sessions`` grouped by local day, in order."""
    days = defaultdict(list)
    for session in sessions:
        days[local_day(session, campaign)].append(session)
    return sorted(days.items())


def by_workshop(sessions) -> list[tuple[object, list[WorkshopSession]]]:
    """``sessions`` grouped by workshop, workshops by name."""
    workshops = defaultdict(list)
    for session in sessions:
        workshops[session.workshop].append(session)
    return sorted(workshops.items(), key=lambda item: item[0].name)
