"""Writing the audit log: every read and change of a student record (DESIGN.md §8), refusals, purges, backups."""
import datetime as dt

from django.db.models import F
from django.utils import timezone

from .models import AuditLog, Student

# Refused attempts of one account on one student (or, from outside the team, on any student) within
# this window are counted on one entry instead of each adding a row.
REFUSALS_GROUPED_OVER = dt.timedelta(hours=24)


def _actor(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else "système"


def record(user, action: str, student: Student, detail: str = "") -> AuditLog:
    return AuditLog.objects.create(
        establishment_id=student.establishment_id,
        user=user if user is not None and user.is_authenticated else None,
        actor=_actor(user),
        action=action,
        student=student,
        student_ref=student.local_id,
        detail=detail[:255],
    )


def record_refusal(user, student: Student, detail: str, *, member: bool) -> None:
    """A refused access of an authenticated ``user``, counted on the entry of the last 24 hours when there is one.

    A team member's refusals are grouped per student: the coordination sees which file they tried.
    Someone outside the team is grouped per establishment and never named against a student, so
    neither a flood of attempts nor the log itself says anything about which files exist.
    """
    now = timezone.now()
    same = AuditLog.objects.filter(
        establishment_id=student.establishment_id, user=user, action=AuditLog.Action.DENIED,
        student=student if member else None, at__gte=now - REFUSALS_GROUPED_OVER,
    )
    if same.update(repeats=F("repeats") + 1, at=now, detail=detail[:255]):
        return
    AuditLog.objects.create(
        establishment_id=student.establishment_id, user=user, actor=_actor(user), action=AuditLog.Action.DENIED,
        student=student if member else None, student_ref=student.local_id if member else "", detail=detail[:255],
        first_at=now,
    )


def record_for_every_student(establishment, action: str, detail: str) -> AuditLog:
    """A command's work on all of the establishment's student data (``sas_purge``, ``sas_backup``), naming none."""
    return AuditLog.objects.create(
        establishment=establishment, user=None, actor=_actor(None), action=action, student=None,
        student_ref="", detail=detail[:255],
    )
