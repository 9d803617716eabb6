"""Per programme week, the class teachers whose pupils are away at a SAS workshop during their class.

The list and the e-mail say only what a teacher needs to know (least privilege): which pupil of their
class is away, on which day and at which hour of their course. Neither the workshop nor anything of the
student's file is named. Each teacher is e-mailed at most once per campaign and week (``TeacherNotice``),
unless the plan changes what they were told: the notice is then outdated (« à renvoyer ») and the corrected
list is sent once, never the same list twice. A teacher none of whose pupils is away any more is told so.
The mails leave from a django-tasks task, so the coordination's page does not wait for the mail server.
Each mail is written to the log of every pupil it names, as sent by whoever asked for it (``AuditLog.Action.NOTIFY``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import audit
from .models import AuditLog, Campaign, ClassTeacher, Student, TeacherNotice
from .timetables import Missed, student_timetables


@dataclass(frozen=True)
class Absence:
    """A pupil away from a class: what the teacher is told."""

    day: dt.date
    starts: dt.time
    ends: dt.time
    division: str
    subject: str
    pupil: str
    student: Student


@dataclass
class TeacherList:
    teacher: ClassTeacher | None          # None: classes the timetable export names no teacher for
    absences: list[Absence] = field(default_factory=list)
    notice: TeacherNotice | None = None

    @property
    def digest(self) -> str:
        """Fingerprint of what the e-mail would list now (the absences, in their order)."""
        return absences_digest(self.absences)

    @property
    def outdated(self) -> bool:
        """Sent, but the plan changed what the teacher should be told since."""
        return bool(self.notice and self.notice.sent_at and self.notice.digest != self.digest)


def absences_digest(absences: list[Absence]) -> str:
    text = "\n".join(f"{a.day}|{a.starts}|{a.ends}|{a.division}|{a.subject}|{a.pupil}" for a in absences)
    return hashlib.sha256(text.encode()).hexdigest()


NOTHING = absences_digest([])  # the digest of a notice telling the teacher that no pupil is away any more
# The log entry of each pupil a mail names; the teacher is not named (the log outlives the class teachers' data).
NOTIFIED = "absence signalée par courriel à un enseignant de ses cours (semaine du %(week)s)"


def _absence(missed: Missed, student) -> Absence:
    slot = missed.slot
    return Absence(missed.day, slot.starts, slot.ends, slot.division, slot.subject,
                   f"{student.last_name.upper()} {student.first_name}", student)


def pupils(entries: list[TeacherList]) -> list[Student]:
    """The pupils ``entries`` name, once each."""
    return list({absence.student.pk: absence.student for entry in entries for absence in entry.absences}.values())


def week_lists(campaign: Campaign, week: dt.date) -> list[TeacherList]:
    """One list per teacher with pupils away that week, or told of pupils who are no longer away (teachers by
    name; unnamed teachers last)."""
    lists: dict[ClassTeacher | None, TeacherList] = {}
    for timetable in student_timetables(campaign, campaign.cases.all(), week):
        for missed in timetable.missed:
            teacher = missed.slot.teacher
            lists.setdefault(teacher, TeacherList(teacher)).absences.append(_absence(missed, timetable.case.student))
    notices = {n.teacher_id: n for n in TeacherNotice.objects.filter(campaign=campaign, week=week).select_related("teacher")}
    for notice in notices.values():  # told of absences the plan has removed since: to be told none remain
        if notice.digest not in ("", NOTHING) and notice.teacher not in lists:
            lists[notice.teacher] = TeacherList(notice.teacher)
    for entry in lists.values():
        entry.absences.sort(key=lambda a: (a.day, a.starts, a.division, a.pupil))
        entry.notice = notices.get(entry.teacher.pk) if entry.teacher else None
    return sorted(lists.values(), key=lambda e: (e.teacher is None, str(e.teacher or "")))


def message(campaign: Campaign, week: dt.date, entry: TeacherList) -> tuple[str, str]:
    """Subject and body of ``entry``'s e-mail, in French."""
    subject = _("Élèves absents de vos cours pour un atelier SAS — semaine du %(week)s") % {"week": f"{week:%d/%m/%Y}"}
    if entry.notice and entry.notice.digest:  # a list was sent before: this one corrects it
        subject = _("Rectificatif : %(subject)s") % {"subject": subject}
    if not entry.absences:
        return subject, _("Bonjour,\n\nDans le cadre du SAS « %(campaign)s », le planning a changé : plus aucun élève "
                          "n'est dispensé de votre cours la semaine du %(week)s. Le message précédent est annulé.\n\n"
                          "Pour toute question, adressez-vous à la coordination du SAS.\n"
                          ) % {"campaign": campaign.name, "week": f"{week:%d/%m/%Y}"}
    lines = [
        _("%(day)s, %(start)s-%(end)s, %(division)s (%(subject)s) : %(pupil)s") % {
            "day": date_format(absence.day, "l j F"), "start": f"{absence.starts:%H:%M}", "end": f"{absence.ends:%H:%M}",
            "division": absence.division, "subject": absence.subject, "pupil": absence.pupil,
        } for absence in entry.absences
    ]
    body = _("Bonjour,\n\nDans le cadre du SAS « %(campaign)s », les élèves suivants sont dispensés de votre cours aux "
             "heures indiquées, semaine du %(week)s :\n\n%(lines)s\n\nPour toute question, adressez-vous à la "
             "coordination du SAS.\n") % {"campaign": campaign.name, "week": f"{week:%d/%m/%Y}",
                                          "lines": "\n".join(f"- {line}" for line in lines)}
    return subject, body


def queue(campaign: Campaign, week: dt.date, lists: list[TeacherList], user) -> list[ClassTeacher]:
    """Record a notice for every listed teacher with an address not yet told about ``week``, or told a list
    the plan has changed since, and send them from the task once the transaction commits; the teachers queued.
    ``user`` asked for them: the log names them as the sender.

    The notice row is locked, so two clicks at once queue one e-mail."""
    queued = []
    with transaction.atomic():
        for entry in lists:
            if entry.teacher is None or not entry.teacher.email:
                continue
            notice, created = TeacherNotice.objects.select_for_update().get_or_create(
                campaign=campaign, teacher=entry.teacher, week=week)
            entry.notice = notice
            if not created and not entry.outdated:
                continue
            notice.sent_at, notice.queued_by = None, user  # new, or outdated: the task sends the list of now
            notice.save(update_fields=["sent_at", "queued_by"])
            queued.append(entry.teacher)
        ids = [entry.notice.pk for entry in lists if entry.teacher in queued]
        if ids:
            transaction.on_commit(lambda: send_teacher_notices.enqueue(ids))
    return queued


@task()
def send_teacher_notices(notice_ids: list[int]) -> int:
    """Send each notice not sent yet (the list and hours computed now); returns how many e-mails left."""
    notices = (TeacherNotice.objects.filter(pk__in=notice_ids, sent_at__isnull=True)
               .select_related("campaign", "teacher", "queued_by"))
    weeks = defaultdict(list)
    for notice in notices:
        weeks[notice.campaign_id, notice.week].append(notice)
    sent = 0
    with get_connection() as connection:
        for group in weeks.values():
            campaign, week = group[0].campaign, group[0].week
            lists = {entry.teacher: entry for entry in week_lists(campaign, week) if entry.teacher}
            for notice in group:
                entry = lists.get(notice.teacher)
                if entry is None:  # the plan changed since: nothing to say any more
                    continue
                subject, body = message(campaign, week, entry)
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.teacher.email], connection=connection).send()
                TeacherNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now(), digest=entry.digest)
                for student in pupils([entry]):
                    audit.record(notice.queued_by, AuditLog.Action.NOTIFY, student, NOTIFIED % {"week": f"{week:%d/%m/%Y}"})
                sent += 1
    return sent
