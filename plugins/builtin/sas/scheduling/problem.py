"""A campaign's scheduling input, read from the database: groups, students to place, class timetables.

A group is the sessions of one workshop that recur at the same weekly slot (weekday and local start
time in the campaign's zone, and room): the student joins it for the whole programme. Students to
place are the cases at the « entretien réalisé » step whose interview recorded workshops needed.
In placement mode (``PLACE``) each slot a facilitator of a workshop declared available is also a
candidate group of that workshop, which the solver may open; the rooms give the space's capacity.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import (
    ClassSlot, FacilitatorSlot, Parcours, PlanningPin, PlanningRoom, SlotPin, StudentCase, Weekday, Workshop,
    WorkshopSession,
)
from ..states import State
from . import solver

# Cases whose parcours already takes seats in the groups.
SEATED_STATES = (State.PARCOURS_PLANNED, State.IN_PROGRAMME)
ASSIGN, PLACE = "affecter", "placer"     # the two modes of the Planification screen


@dataclass
class GroupInfo:
    """What the screens need about a solver group: its workshop, sessions and weekly slot."""

    group: solver.Group
    workshop: Workshop
    sessions: list[WorkshopSession]
    room: str
    slot: FacilitatorSlot | None = None      # placement candidates: the facilitator's slot it would take

    @property
    def label(self) -> str:
        return span_label(self.group.span, self.room)

    @property
    def facilitator(self):
        return self.slot.facilitator if self.slot else None


def span_label(span: solver.Span, room: str = "") -> str:
    text = f"{Weekday(span.weekday).label} {_clock(span.start)}-{_clock(span.end)}"
    return f"{text}, {room}" if room else text


@dataclass
class Planning:
    campaign: object
    problem: solver.Problem
    cases: dict[int, StudentCase]           # the cases to place, by id
    without_needs: list[StudentCase]        # interviewed, but no workshop recorded as needed
    groups: dict[str, GroupInfo]
    class_slots: dict[int, ClassSlot]
    mode: str = ASSIGN
    rooms: list[PlanningRoom] = ()

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the solver reads changes (cases, needs, sessions, seats, timetables)."""
        return hashlib.sha256(repr(self.problem).encode()).hexdigest()

    def excused_slots(self, case: StudentCase, keys) -> list[ClassSlot]:
        """The non-protected classes of the case's division that its groups ``keys`` overlap."""
        periods = self.problem.timetables.get(case.student.division, ())
        refs = {period.ref for key in keys for period in solver.excused(self.groups[key].group.span, periods)}
        return sorted((self.class_slots[ref] for ref in refs), key=lambda slot: (slot.weekday, slot.starts))


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def excused_text(slots: list[ClassSlot]) -> str:
    """The excused classes as the parcours records them (« Anglais (lundi 10:00-12:00) ; … »)."""
    return " ; ".join(
        _("%(subject)s (%(day)s %(start)s-%(end)s)") % {
            "subject": slot.subject, "day": slot.get_weekday_display(),
            "start": f"{slot.starts:%H:%M}", "end": f"{slot.ends:%H:%M}",
        } for slot in slots
    )


def session_span(session: WorkshopSession, zone) -> solver.Span:
    """The weekly slot of ``session`` in the campaign's time zone."""
    start = session.starts_at.astimezone(zone)
    return solver.Span(start.isoweekday(), _minutes(start.time()), _local_end(session, zone))


def slot_span(slot: ClassSlot) -> solver.Span:
    return solver.Span(slot.weekday, _minutes(slot.starts), _minutes(slot.ends))


def classes_under(campaign, division: str, sessions) -> list[ClassSlot]:
    """The classes of ``division`` that the weekly slots of ``sessions`` overlap (hand planning's check)."""
    spans = {session_span(session, campaign.zone) for session in sessions}
    slots = ClassSlot.objects.filter(campaign=campaign, division=division).order_by("weekday", "starts")
    return [slot for slot in slots if any(span.overlaps(slot_span(slot)) for span in spans)]


def _sessions_by_group(campaign) -> dict[tuple, list[WorkshopSession]]:
    """Sessions keyed by (workshop id, local weekday, local start in minutes, room)."""
    zone = campaign.zone
    slots = defaultdict(list)
    sessions = WorkshopSession.objects.filter(workshop__campaign=campaign).select_related("workshop").order_by(
        "starts_at", "pk")
    for session in sessions:
        span = session_span(session, zone)
        slots[session.workshop_id, span.weekday, span.start, session.room].append(session)
    return slots


def _local_end(session: WorkshopSession, zone) -> int:
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    return _minutes(end.time()) if end.date() == start.date() else solver.MINUTES_PER_DAY


def _seated(campaign, group_of: dict[int, tuple]) -> dict[tuple, list[tuple[str, str]]]:
    """(division, level) of the students whose parcours already uses each group."""
    members = defaultdict(list)
    parcours_list = Parcours.objects.filter(case__campaign=campaign, case__state__in=SEATED_STATES).select_related(
        "case__student").prefetch_related("sessions")
    for parcours in parcours_list:
        student = parcours.case.student
        for slot in {group_of[s.pk] for s in parcours.sessions.all() if s.pk in group_of}:
            members[slot].append((student.division, student.level))
    return members


def _groups(campaign) -> dict[str, GroupInfo]:
    slots = _sessions_by_group(campaign)
    members = _seated(campaign, {session.pk: slot for slot, sessions in slots.items() for session in sessions})
    groups = {}
    for slot, sessions in sorted(slots.items()):
        workshop_id, weekday, start, room = slot
        workshop = sessions[0].workshop
        key = f"{workshop_id}:{weekday}:{_clock(start)}:{room}"
        span = solver.Span(weekday, start, max(_local_end(session, campaign.zone) for session in sessions))
        group = solver.Group(key, workshop_id, span, workshop.group_size_min, workshop.group_size_max,
                             tuple(sorted(members[slot])))
        groups[key] = GroupInfo(group, workshop, sessions, room)
    return groups


def _candidates(campaign) -> dict[str, GroupInfo]:
    """Placement mode: one optional group per workshop and slot one of its facilitators declared available."""
    slots = defaultdict(list)
    for slot in FacilitatorSlot.objects.filter(campaign=campaign).select_related("facilitator").order_by("pk"):
        slots[slot.facilitator_id].append(slot)
    candidates = {}
    workshops = Workshop.objects.filter(campaign=campaign).prefetch_related("facilitators").order_by("pk")
    for workshop in workshops:
        for facilitator in sorted(workshop.facilitators.all(), key=lambda user: user.pk):
            for slot in slots[facilitator.pk]:
                key = candidate_key(workshop.pk, slot.pk)
                span = solver.Span(slot.weekday, _minutes(slot.starts), _minutes(slot.ends))
                group = solver.Group(key, workshop.pk, span, workshop.group_size_min, workshop.group_size_max,
                                     facilitator=facilitator.pk, optional=True)
                candidates[key] = GroupInfo(group, workshop, [], "", slot)
    return candidates


def candidate_key(workshop_id: int, slot_id: int) -> str:
    return f"creneau{slot_id}:{workshop_id}"


def build_planning(campaign, mode: str = ASSIGN) -> Planning:
    groups = _groups(campaign)
    rooms = list(PlanningRoom.objects.filter(campaign=campaign).order_by("name", "pk"))
    if mode == PLACE:
        groups.update(_candidates(campaign))
    cases, without_needs, students = {}, [], []
    interviewed = StudentCase.objects.filter(campaign=campaign, state=State.INTERVIEWED).select_related(
        "student", "interview").prefetch_related("interview__workshops_needed").order_by("pk")
    for case in interviewed:
        interview = getattr(case, "interview", None)
        needs = tuple(sorted(w.pk for w in interview.workshops_needed.all())) if interview else ()
        if not needs:
            without_needs.append(case)
            continue
        cases[case.pk] = case
        students.append(solver.Student(case.pk, case.student.division, case.student.level, needs))

    class_slots = {slot.pk: slot for slot in ClassSlot.objects.filter(campaign=campaign).order_by("pk")}
    timetables = defaultdict(list)
    for slot in class_slots.values():
        timetables[slot.division].append(solver.ClassPeriod(slot_span(slot), slot.protected, slot.pk))
    pins = PlanningPin.objects.filter(case__in=list(cases)).order_by("case", "group_key")
    problem = solver.Problem(
        students=tuple(students), groups=tuple(info.group for info in groups.values()),
        timetables={division: tuple(periods) for division, periods in sorted(timetables.items())},
        pins=tuple((pin.case_id, pin.group_key) for pin in pins),
    )
    if mode == PLACE:
        slot_pins = SlotPin.objects.filter(workshop__campaign=campaign).order_by("pk")
        problem = dataclasses.replace(
            problem, tracks=sum(room.concurrent_workshops for room in rooms),
            slot_pins=tuple(sorted(candidate_key(pin.workshop_id, pin.slot_id) for pin in slot_pins)))
    return Planning(campaign, problem, cases, without_needs, groups, class_slots, mode, rooms)
