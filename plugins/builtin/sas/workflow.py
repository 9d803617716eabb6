"""The eight steps of seed 000 as operations: each writes its record, moves the case, audits.

Every function runs in one transaction, so a refused move leaves nothing behind.
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .models import (
    Attendance, AuditLog, Evaluation, Interview, NeedsAnalysis, Parcours, Referral, Student, StudentCase, ThreadMessage,
    WorkshopSession,
)
from .states import Action, State, TransitionRefused


def _lock(model, pk) -> None:
    """Lock one row until the transaction ends: a second identical request waits, then sees the first one's result."""
    model.objects.select_for_update().values_list("pk", flat=True).get(pk=pk)


@transaction.atomic
def refer(user, campaign, student, **referral_fields) -> StudentCase:
    """Step 1: a fiche repérage (or a spontaneous application) opens the student's case.

    The student's row is locked first, so two identical referrals at once open one case and refuse the other.
    Without a ``referred_on``, the referral is dated as its form proposes (a day of the repérage's dates).
    """
    _lock(Student, student.pk)
    if StudentCase.objects.filter(campaign=campaign, student=student).exists():
        raise TransitionRefused(_("Cet élève a déjà un dossier dans cette campagne."))
    case = StudentCase.objects.create(campaign=campaign, student=student)
    referral_fields.setdefault("referred_on", campaign.proposed_day("referral"))
    Referral.objects.create(case=case, referred_by=user, **referral_fields)
    audit.record(user, AuditLog.Action.CREATE, student, "repérage")
    return case


@transaction.atomic
def analyse_needs(user, case: StudentCase, summary: str) -> None:
    case.transition(Action.ANALYSE)
    NeedsAnalysis.objects.create(case=case, summary=summary, analysed_by=user)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "analyse du besoin")


@transaction.atomic
def record_interview(user, case: StudentCase, workshops_needed=(), **fields) -> None:
    case.transition(Action.INTERVIEW)
    interview = Interview.objects.create(case=case, interviewer=user, **fields)
    interview.workshops_needed.set(workshops_needed)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "entretien")


@transaction.atomic
def change_workshops_needed(user, case: StudentCase, workshops_needed) -> None:
    """Correct the interview's proposed workshops, as long as the parcours is not planned."""
    _lock(StudentCase, case.pk)
    case.refresh_from_db(fields=["state"])
    if case.state != State.INTERVIEWED:
        raise TransitionRefused(_("Les ateliers proposés se modifient entre l'entretien et l'aménagement du parcours."))
    case.interview.workshops_needed.set(workshops_needed)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "ateliers proposés")


@transaction.atomic
def inform_parents(user, case: StudentCase, informed_on) -> None:
    """The direction records that it informed the parents (after the interview)."""
    _lock(StudentCase, case.pk)
    interview = getattr(case, "interview", None)
    if interview is None:
        raise TransitionRefused(_("Les parents sont informés à l'issue de l'entretien, qui n'a pas encore eu lieu."))
    interview.parents_informed_by, interview.parents_informed_on = user, informed_on
    interview.save(update_fields=["parents_informed_by", "parents_informed_on"])
    audit.record(user, AuditLog.Action.UPDATE, case.student, "information des parents")


@transaction.atomic
def plan_parcours(user, case: StudentCase, sessions, excused_classes: str) -> None:
    if not sessions:
        raise TransitionRefused(_("Un parcours aménagé comporte au moins une séance d'atelier."))
    case.transition(Action.PLAN)
    parcours = Parcours.objects.create(case=case, excused_classes=excused_classes, planned_by=user)
    parcours.sessions.set(sessions)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "parcours aménagé")


@transaction.atomic
def start_programme(user, case: StudentCase) -> None:
    interview = getattr(case, "interview", None)
    if interview is not None and interview.parents_informed_on is None:
        raise TransitionRefused(_("Les parents doivent avoir été informés par la direction avant le début du programme."))
    case.transition(Action.START)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "début du programme")


@transaction.atomic
def evaluate(user, case: StudentCase, **fields) -> None:
    case.transition(Action.EVALUATE)
    Evaluation.objects.create(case=case, evaluated_by=user, **fields)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "bilan")


@transaction.atomic
def close(user, case: StudentCase) -> None:
    case.transition(Action.CLOSE)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "clôture")


@transaction.atomic
def withdraw(user, case: StudentCase, reason: str) -> None:
    case.transition(Action.WITHDRAW)
    case.withdrawal_reason = reason
    case.save(update_fields=["withdrawal_reason"])
    audit.record(user, AuditLog.Action.UPDATE, case.student, "sortie du dispositif")


@transaction.atomic
def post_message(user, case: StudentCase, body: str, creation_token=None) -> ThreadMessage:
    """Step 7: a message of the case's thread. The same form sent again (a double click: its ``creation_token``
    already stored for this case) posts nothing more; the case's row is locked so that two at once see each other."""
    _lock(StudentCase, case.pk)
    earlier = ThreadMessage.objects.filter(creation_token=creation_token).first() if creation_token else None
    if earlier is not None and earlier.case_id == case.pk:
        return earlier
    message = ThreadMessage.objects.create(case=case, author=user, body=body,
                                           creation_token=None if earlier else creation_token)
    audit.record(user, AuditLog.Action.UPDATE, case.student, "message de suivi")
    return message


@transaction.atomic
def take_attendance(user, session, marks: dict[StudentCase, str]) -> None:
    """Record the marks; the session's row is locked so that two sheets sent at once do not collide."""
    _lock(WorkshopSession, session.pk)
    for case, status in marks.items():
        Attendance.objects.update_or_create(session=session, case=case, defaults={"status": status, "recorded_by": user})
        audit.record(user, AuditLog.Action.UPDATE, case.student, f"présence {session.pk}")
