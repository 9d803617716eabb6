"""Writing the audit log: every read and change of a student record (DESIGN.md §8), refusals, purges, backups."""
import datetime as dt

from django.db.models import F
from django.utils import timezone

from .command_actor import CommandActor
from .models import AuditLog, Student

# Refused attempts of one account on one student (or, from outside the team, on any student) within
# this window are counted on one entry instead of each adding a row.
REFUSALS_GROUPED_OVER = dt.timedelta(hours=24)


def _account(user):
    """The portal account behind ``user``: None for a command (``CommandActor``) or nobody."""
    return user if user is not None and not isinstance(user, CommandActor) and user.is_authenticated else None


def _actor(user) -> str:
    """The name the log shows: the account's username, who ran a command, or « système » for neither."""
    if isinstance(user, CommandActor):
        return str(user)[:150]
    return user.get_username() if _account(user) is not None else "système"


def record(user, action: str, student: Student, detail: str = "") -> AuditLog:
    """``user`` (an account, or a ``CommandActor`` for a management command) did ``action`` on ``student``'s record."""
    return AuditLog.objects.create(
        establishment_id=student.establishment_id,
        user=_account(user),
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


def record_for_every_student(establishment, action: str, detail: str, actor: CommandActor | None) -> AuditLog:
    """A command's work on all of the establishment's student data (``sas_purge``, ``sas_backup``), naming none."""
    return AuditLog.objects.create(
        establishment=establishment, user=None, actor=_actor(actor), action=action, student=None,
        student_ref="", detail=detail[:255],
    )
