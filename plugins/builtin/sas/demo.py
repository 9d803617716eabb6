"""Demo SAS campaign: LP Antoine Lomet's SAS MILY 2023-2024 (seed 000), with fictitious people.

Loading twice changes nothing: the campaign is found again by establishment and school year.
"""
from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from fiches.models import Academie, Establishment
from plugins.models import PluginActivation

from . import PLUGIN_NAME, workflow
from .imports.runner import run
from .models import (
    AbsenceRecord, Campaign, FacilitatorSlot, NeedsAnalysis, PlanningRoom, Referral, SasMembership, Student,
    StudentCase, ThreadMessage, Weekday, Workshop, WorkshopSession,
)
from .scheduling.problem import classes_under, excused_text
from .states import State

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SAMPLES = Path(__file__).resolve().parent / "samples"
TIMETABLE = "emploi_du_temps_pronote.csv"
PP_DIVISION = "2 MRC"

# username, first name, last name, password (demo only, printed), role, facilitated workshops
ACCOUNTS = [
    ("sas.coordination", "Inès", "Lacroix", "Sas-Coordination-2024", SasMembership.Role.COORDINATION, ()),
    ("sas.direction", "Bernard", "Pujols", "Sas-Direction-2024", SasMembership.Role.DIRECTION, ()),
    ("sas.pp", "Sylvie", "Castagné", "Sas-ProfPrincipal-2024", SasMembership.Role.PP, ()),
    ("sas.cpe", "Karim", "Benali", "Sas-Cpe-2024", SasMembership.Role.CPE, ()),
    ("sas.rds", "Hélène", "Marty", "Sas-Referent-2024", SasMembership.Role.RDS, ()),
    ("sas.atelier", "Julien", "Fabre", "Sas-Atelier-2024", SasMembership.Role.WORKSHOP_TEACHER,
     ("Soutien math", "Méthodologie, organisation du travail", "Arts appliqués", "FLE")),
]
# What the coordination declares for « placer les groupes » (seed 000: HSE, « espace propice à l'accueil de
# plusieurs ateliers concomitants »): the workshop teacher's available slots, and the rooms.
AVAILABILITY = [(Weekday.TUESDAY, 10), (Weekday.FRIDAY, 14)]
ROOMS = [("Micro-lycée", 2), ("Micro-lycée, salle 2", 1)]

# name, discipline, group min, group max (seed 000: 4-5, CPS 8-9)
WORKSHOPS = [
    ("Soutien math", "Mathématiques", 4, 5),
    ("Soutien français", "Français", 4, 5),
    ("Méthodologie, organisation du travail", "Transversal", 4, 5),
    ("CPS : connaissance de soi et gestion des émotions", "Compétences psychosociales", 8, 9),
    ("FLE", "Français langue étrangère", 4, 5),
    ("Posture et compétences professionnelles : CV et lettres de motivation", "Enseignement professionnel", 4, 5),
    ("EPS", "Éducation physique et sportive", 4, 5),
    ("Arts appliqués", "Arts appliqués", 4, 5),
]
# A second weekly group of some workshops: day (0 = Monday), hour.
SECOND_GROUPS = {"Soutien math": (3, 14), "Soutien français": (2, 10), "Méthodologie, organisation du travail": (3, 8)}

# ELEVE_ID, first name, last name, sex, level, division, target state (all fictitious)
STUDENTS = [
    ("100201", "Léa", "Arnaud", "F", "2pro", PP_DIVISION, State.IDENTIFIED),
    ("100202", "Yanis", "Bories", "M", "cap1", "CAP1 EPC", State.IDENTIFIED),
    ("100203", "Manon", "Cazal", "F", "2pro", PP_DIVISION, State.NEEDS_ANALYSED),
    ("100204", "Inaya", "Delmas", "F", "1pro", "1 AGORA", State.INTERVIEWED),
    ("100205", "Tom", "Escande", "M", "2pro", PP_DIVISION, State.PARCOURS_PLANNED),
    ("100206", "Chloé", "Faure", "F", "cap2", "CAP2 EPC", State.IN_PROGRAMME),
    ("100207", "Sarah", "Gineste", "F", "2pro", PP_DIVISION, State.IN_PROGRAMME),
    ("100208", "Noah", "Hébrard", "M", "1pro", "1 MELEC", State.IN_PROGRAMME),
    ("100209", "Jade", "Izard", "F", "tpro", "T AGORA", State.EVALUATED),
    ("100210", "Emma", "Jouany", "F", "2pro", PP_DIVISION, State.CLOSED),
    ("100211", "Lucas", "Labarthe", "M", "cap1", "CAP1 EPC", State.CLOSED),
    ("100212", "Camille", "Moulis", "F", "1pro", "1 AGORA", State.WITHDRAWN),
    ("100213", "Rayan", "Naudy", "M", "2pro", PP_DIVISION, State.INTERVIEWED),
    ("100214", "Lina", "Olivier", "F", "cap1", "CAP1 EPC", State.INTERVIEWED),
    ("100215", "Enzo", "Pagès", "M", "1pro", "1 MELEC", State.INTERVIEWED),
    ("100216", "Zoé", "Quintard", "F", "2pro", PP_DIVISION, State.INTERVIEWED),
    ("100217", "Adam", "Roques", "M", "cap2", "CAP2 EPC", State.INTERVIEWED),
    ("100218", "Louna", "Sabatier", "F", "tpro", "T AGORA", State.INTERVIEWED),
    ("100219", "Nathan", "Teulière", "M", "2pro", PP_DIVISION, State.INTERVIEWED),
    ("100220", "Maëlys", "Vidal", "F", "cap1", "CAP1 EPC", State.INTERVIEWED),
]
# Workshops proposed at the interview to the students the Planification screen places.
NEEDS = {
    "100204": ("Soutien math", "CPS"), "100213": ("Soutien math", "Soutien français", "CPS"),
    "100214": ("Méthodologie", "CPS"), "100215": ("Soutien français", "Méthodologie"), "100216": ("Soutien math", "CPS"),
    "100217": ("Soutien français", "CPS", "Arts appliqués"), "100218": ("Méthodologie", "Posture"),
    "100219": ("Soutien math", "Méthodologie"), "100220": ("FLE",),
}
ORDER = [State.IDENTIFIED, State.NEEDS_ANALYSED, State.INTERVIEWED, State.PARCOURS_PLANNED, State.IN_PROGRAMME,
         State.EVALUATED, State.CLOSED]


DEMO_UAI = "0470018L"


def lomet() -> Establishment:
    establishment, _created = Establishment.objects.get_or_create(
        name="LP Antoine Lomet", academie=Academie.objects.get(code="bordeaux"),
        defaults={"kind": Establishment.Kind.LYCEE_PRO, "commune": "Agen", "departement": "47"},
    )
    if not establishment.uai:  # its indicator reports name it by UAI (the demo's, as in the tests)
        establishment.uai = DEMO_UAI
        establishment.save(update_fields=["uai"])
    return establishment


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


@transaction.atomic
def load_sas_demo() -> dict:
    """Create the demo campaign; returns the accounts (username, password, role label, created)."""
    establishment = lomet()
    PluginActivation.objects.update_or_create(establishment=establishment, plugin_name=PLUGIN_NAME, defaults={"enabled": True})
    users, accounts = {}, []
    for username, first, last, password, role, _facilitated in ACCOUNTS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(password)
            user.save()
        SasMembership.objects.get_or_create(
            user=user, establishment=establishment, role=role,
            defaults={"division": PP_DIVISION if role == SasMembership.Role.PP else ""},
        )
        users[role] = user
        accounts.append((username, password, role.label, created))
    campaign, created = Campaign.objects.get_or_create(
        establishment=establishment, school_year="2023-2024",
        defaults=dict(
            name="SAS MILY", referral_deadline=dt.date(2023, 11, 10), interviews_start=dt.date(2023, 11, 13),
            interviews_end=dt.date(2023, 11, 23), information_meeting_date=dt.date(2023, 11, 23),
            programme_start=dt.date(2023, 11, 27), programme_end=dt.date(2023, 12, 22),
            evaluation_date=dt.date(2024, 1, 19),
        ),
    )
    if created:
        _workshops(campaign, users)
        _placement(campaign, users[SasMembership.Role.WORKSHOP_TEACHER])
        _import("timetable", TIMETABLE, campaign)
        _students(campaign, establishment, users)
        _dated_inside(campaign)
    _samples(campaign)
    return {"campaign": campaign, "accounts": accounts}


def _workshops(campaign: Campaign, users) -> None:
    for index, (name, discipline, low, high) in enumerate(WORKSHOPS):
        workshop = Workshop.objects.create(
            campaign=campaign, name=name, discipline=discipline, group_size_min=low, group_size_max=high
        )
        if any(name in facilitated for *_rest, facilitated in ACCOUNTS):
            workshop.facilitators.add(users[SasMembership.Role.WORKSHOP_TEACHER])
        for week in range(4):
            day = campaign.programme_start + dt.timedelta(weeks=week, days=index % 5)
            hour = 8 if index < 5 else 14
            WorkshopSession.objects.create(workshop=workshop, starts_at=_at(day, hour), ends_at=_at(day, hour + 2),
                                           room="Micro-lycée")
            if name in SECOND_GROUPS:
                weekday, hour = SECOND_GROUPS[name]
                day = campaign.programme_start + dt.timedelta(weeks=week, days=weekday)
                WorkshopSession.objects.create(workshop=workshop, starts_at=_at(day, hour),
                                               ends_at=_at(day, hour + 2), room="Micro-lycée, salle 2")


def _placement(campaign: Campaign, facilitator) -> None:
    for weekday, hour in AVAILABILITY:
        FacilitatorSlot.objects.create(campaign=campaign, facilitator=facilitator, weekday=weekday,
                                       starts=dt.time(hour), ends=dt.time(hour + 2))
    for name, concurrent in ROOMS:
        PlanningRoom.objects.create(campaign=campaign, name=name, concurrent_workshops=concurrent)


def _students(campaign: Campaign, establishment, users) -> None:
    coordination = users[SasMembership.Role.COORDINATION]
    direction = users[SasMembership.Role.DIRECTION]
    # Wednesday afternoon and Thursday morning: no protected class of the imported timetable.
    sessions = list(WorkshopSession.objects.filter(workshop__campaign=campaign, room="Micro-lycée", workshop__name__in=(
        "Arts appliqués", "CPS : connaissance de soi et gestion des émotions")))
    workshops = list(campaign.workshops.all())
    for number, (local_id, first, last, sex, level, division, target) in enumerate(STUDENTS):
        student = Student.objects.create(establishment=establishment, local_id=local_id, first_name=first,
                                         last_name=last, sex=sex, level=level, division=division)
        spontaneous = number == 8
        case = workflow.refer(
            users[SasMembership.Role.PP] if division == PP_DIVISION else coordination, campaign, student,
            origin="spontaneous" if spontaneous else ("pp" if division == PP_DIVISION else "gpds"),
            absences=not spontaneous, results=number % 2 == 0, behaviour=number % 3 == 0,
            peripheral_barriers=number % 4 == 0, comment="",
        )
        reached = ORDER.index(target) if target in ORDER else ORDER.index(State.INTERVIEWED)
        if reached >= 1:
            workflow.analyse_needs(coordination, case, "Absences répétées le lundi ; perte de confiance en maths.")
        if reached >= 2:
            workflow.record_interview(coordination, case, held_on=dt.date(2023, 11, 14), profile="Élève discret, motivé par le métier.",
                                      needs="Méthodes de travail, confiance en soi.", objectives="Revenir en classe sans absences.",
                                      workshops_needed=[w for w in workshops
                                                        if any(w.name.startswith(n) for n in NEEDS.get(local_id, ()))])
        if reached >= 3:
            workflow.inform_parents(direction, case, dt.date(2023, 11, 20))
            workflow.plan_parcours(coordination, case, sessions,
                                   excused_text(classes_under(campaign, division, sessions)))
        if reached >= 4:
            workflow.start_programme(coordination, case)
        if reached >= 5:
            workflow.take_attendance(users[SasMembership.Role.WORKSHOP_TEACHER], sessions[0], {case: "present"})
            workflow.post_message(coordination, case, "Bonne participation en atelier, à encourager en classe.")
            workflow.evaluate(coordination, case, held_on=dt.date(2024, 1, 15), summary="Objectifs atteints.",
                              outcome="pafi" if number == 10 else "back_to_class")
        if reached >= 6:
            workflow.close(coordination, case)
        if target == State.WITHDRAWN:
            workflow.withdraw(coordination, case, "Déménagement de la famille.")


def _dated_inside(campaign: Campaign) -> None:
    """The workflow dates what it records « now »; the demo's steps happened during the 2023-2024 campaign."""
    referred = _at(campaign.referral_deadline - dt.timedelta(days=7), 10)
    Student.objects.filter(cases__campaign=campaign).update(listed_on=referred.date())
    StudentCase.objects.filter(campaign=campaign).update(created_at=referred)
    Referral.objects.filter(case__campaign=campaign).update(created_at=referred, referred_on=referred.date())
    NeedsAnalysis.objects.filter(case__campaign=campaign).update(created_at=_at(campaign.referral_deadline, 14))
    ThreadMessage.objects.filter(case__campaign=campaign).update(
        created_at=_at(campaign.programme_start + dt.timedelta(days=10), 16))


def _samples(campaign: Campaign) -> None:
    """The classes' timetables and the students' absences before and after the programme, imported from
    the sample exports like a coordinator would; skipped once there, or once the demo students are purged."""
    if not campaign.class_slots.exists():
        _import("timetable", TIMETABLE, campaign)
    students = Student.objects.filter(establishment=campaign.establishment, local_id__in=[s[0] for s in STUDENTS])
    if students.count() == len(STUDENTS) and not AbsenceRecord.objects.filter(student__in=students).exists():
        _import("absences", "absences_vie_scolaire.csv", campaign)


def _import(kind: str, filename: str, campaign: Campaign) -> None:
    report = run(kind, (SAMPLES / filename).read_bytes(), campaign=campaign)
    if not report.written:
        raise RuntimeError(f"{filename}: " + "; ".join(report.lines()))
