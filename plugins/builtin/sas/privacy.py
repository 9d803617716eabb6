"""Retention, purge and right of access for the student data of the SAS module (DESIGN.md §8)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _, ngettext

from fiches.models import Establishment

from plugins.node_reports import protected_report
from plugins.reports import PeriodKind, ReportingPeriod

from . import audit
from .command_actor import CommandActor
from .indicator_table import compute_table
from .models import (
    AppliedPlan, AuditLog, Campaign, ClassTeacher, InformationMeeting, PurgedCampaignSummary, QuestionnaireResponse, Student,
    StudentCase, TeacherNotice,
)
from .questionnaires import QUESTIONS


def pseudonym(value: str) -> str:
    """A stable pseudonym for ``value``; without the secret key it cannot be reversed by guessing."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"pseudo-{digest[:16]}"


def expired_campaigns(today: dt.date, establishment):
    campaigns = Campaign.objects.filter(establishment=establishment).exclude(cases=None).select_related("establishment")
    return [c for c in campaigns if c.expires_on <= today]


@dataclasses.dataclass
class PurgePlan:
    campaigns: list[Campaign]
    cases: int
    students: int
    teachers: int = 0
    notices: int = 0
    traces: int = 0  # campaign-level records naming pupils: comptes rendus, applied plans, signed or commented answers

    @property
    def anything(self) -> bool:
        return bool(self.cases or self.students or self.teachers or self.notices or self.traces)

    def deleted_text(self) -> str:
        """« 1 dossier, 2 élèves, 1 enseignant des classes, 3 avis aux enseignants »."""
        return ", ".join((
            ngettext("%(n)s dossier", "%(n)s dossiers", self.cases) % {"n": self.cases},
            ngettext("%(n)s élève", "%(n)s élèves", self.students) % {"n": self.students},
            ngettext("%(n)s enseignant des classes", "%(n)s enseignants des classes", self.teachers) % {"n": self.teachers},
            _("%(n)s avis aux enseignants") % {"n": self.notices},
        ))

    def erased_text(self) -> str:
        """« 3 comptes rendus, plans appliqués ou réponses signées ou commentées »."""
        return ngettext("%(n)s compte rendu, plan appliqué ou réponse signée ou commentée",
                        "%(n)s comptes rendus, plans appliqués ou réponses signées ou commentées", self.traces) % {
            "n": self.traces}


@dataclasses.dataclass
class EstablishmentPurge:
    """What the purge did (or would do) for one establishment, or why it could not."""

    establishment: object
    plan: PurgePlan | None
    error: str = ""


def plan_purge(today: dt.date, establishment) -> PurgePlan:
    campaigns = expired_campaigns(today, establishment)
    cases = StudentCase.objects.filter(campaign__in=campaigns)
    past = _past_retention(today, establishment)
    traces = (_meetings_with_notes(past).count() + AppliedPlan.objects.filter(campaign__in=past).count()
              + len(_answers_naming_someone(past)))
    return PurgePlan(campaigns, cases.count(), len(students_to_delete(today, establishment, campaigns)),
                     teachers_to_delete(today, establishment).count(), notices_to_delete(today, establishment).count(),
                     traces)


def _past_retention(today: dt.date, establishment) -> list[int]:
    """Ids of ``establishment``'s campaigns whose retention period is over, their cases purged or not."""
    return [c.pk for c in Campaign.objects.filter(establishment=establishment) if c.expires_on <= today]


def notices_to_delete(today: dt.date, establishment):
    """The notices sent to class teachers for campaigns past their retention period: they name pupils."""
    return TeacherNotice.objects.filter(campaign__in=_past_retention(today, establishment))


def _meetings_with_notes(campaign_ids):
    """The information collectives of those campaigns whose compte rendu is kept: it presents the pupils' profiles."""
    return InformationMeeting.objects.filter(campaign__in=campaign_ids).exclude(notes="")


def _free_text(response: QuestionnaireResponse) -> dict:
    """The response's answers other than the 1-4 scale ones (anonymous, read by the satisfaction indicator): its
    suggestion."""
    scale = {code for code, _label in QUESTIONS.get(response.audience, [])}
    return {code: value for code, value in response.answers.items() if code not in scale}


def _answers_naming_someone(campaign_ids) -> list[QuestionnaireResponse]:
    """The questionnaire responses of those campaigns still signed or holding free text (a suggestion may name anyone)."""
    return [response for response in QuestionnaireResponse.objects.filter(campaign__in=campaign_ids)
            if response.signed_as or any(_free_text(response).values())]


def _erase_campaign_traces(campaign_ids) -> None:
    """What those campaigns still say about pupils once their cases are gone; run for every campaign past its retention
    period, so that a later run also clears what an earlier purge left (before applied plans, comptes rendus and
    answers were purged) or what was written after it."""
    AppliedPlan.objects.filter(campaign__in=campaign_ids).delete()  # which case went to which group
    _meetings_with_notes(campaign_ids).update(notes="")  # the meeting's date and mode stay
    for response in _answers_naming_someone(campaign_ids):
        free_text = _free_text(response)
        response.answers = {code: value for code, value in response.answers.items() if code not in free_text}
        response.signed_as = ""
        response.save(update_fields=["answers", "signed_as"])


def teachers_to_delete(today: dt.date, establishment):
    """``establishment``'s class teachers no campaign within its retention period names in its class timetable.

    A teacher is kept exactly as long as a live campaign's timetable needs them (to list the classes a pupil
    misses and tell the teacher); their name and address go with that campaign's data.
    """
    expired = _past_retention(today, establishment)
    live = Campaign.objects.filter(establishment=establishment).exclude(pk__in=expired)
    return ClassTeacher.objects.filter(establishment=establishment).exclude(class_slots__campaign__in=live)


def students_to_delete(today: dt.date, establishment, expired: list[Campaign]) -> list[int]:
    """Ids of ``establishment``'s students that nothing justifies keeping once the ``expired`` campaigns' cases are gone.

    A student is kept while they have a case in a campaign that has not expired, or while a live
    campaign of their establishment covers the school year they were last listed in (imported from
    the school software or referred since its 1 August): the roster of the current year.
    """
    keep_from = None
    for campaign in Campaign.objects.filter(establishment=establishment).exclude(pk__in=[c.pk for c in expired]):
        if campaign.expires_on > today:
            keep_from = min(campaign.school_year_start, keep_from or campaign.school_year_start)
    live_cases = StudentCase.objects.exclude(campaign__in=expired)
    candidates = Student.objects.filter(establishment=establishment).exclude(pk__in=live_cases.values("student_id"))
    return [pk for pk, listed_on in candidates.values_list("pk", "listed_on") if keep_from is None or listed_on < keep_from]


@transaction.atomic
def purge(today: dt.date, establishment, actor: CommandActor | None = None) -> PurgePlan:
    """Delete ``establishment``'s expired cases, the students nothing justifies keeping, the notices to class teachers
    of expired campaigns and the teachers no live campaign names; erase what campaigns past their retention period still
    say about pupils (applied plans, comptes rendus, signatures and free text of answers); keep anonymous aggregates.

    The audit entries about a deleted student keep their date and action, but the student and
    the actor are replaced by pseudonyms; the purge itself is written to the log under ``actor``.
    """
    plan = plan_purge(today, establishment)
    for campaign in plan.campaigns:
        period = ReportingPeriod(PeriodKind.CAMPAIGN, f"sas-campaign-{campaign.pk}", campaign.name,
                                 campaign.programme_start, campaign.programme_end)
        table = compute_table(campaign.establishment, period)
        values = protected_report(campaign.establishment, period, list(table.cells), table.definitions
                                  ).report.to_wire()["cells"] if table else []
        PurgedCampaignSummary.objects.update_or_create(campaign=campaign, defaults={"values": values})
        StudentCase.objects.filter(campaign=campaign).delete()
    _erase_campaign_traces(_past_retention(today, establishment))
    orphans = Student.objects.filter(pk__in=students_to_delete(today, establishment, plan.campaigns))
    for entry in AuditLog.objects.filter(student__in=orphans):
        entry.student_ref, entry.actor = pseudonym(entry.student_ref), pseudonym(entry.actor)
        entry.student = None
        entry.save(update_fields=["student_ref", "actor", "student"])
    orphans.delete()
    notices_to_delete(today, establishment).delete()
    teachers_to_delete(today, establishment).delete()  # their class slots lose the name (SET_NULL)
    if plan.anything:
        audit.record_for_every_student(establishment, AuditLog.Action.PURGE, _(
            "sas_purge, conservation échue — supprimés : %(deleted)s ; effacés : %(erased)s ; journal pseudonymisé"
        ) % {"deleted": plan.deleted_text(), "erased": plan.erased_text()}, actor)
    return plan


def establishments_with_student_data():
    """Establishments holding SAS campaigns, students or class teachers, whatever their plugin setting: retention applies to all."""
    return Establishment.objects.filter(Q(sas_campaigns__isnull=False) | Q(sas_students__isnull=False)
                                        | Q(sas_class_teachers__isnull=False)).distinct().order_by("pk")


def purge_all(today: dt.date, *, dry_run: bool, actor: CommandActor | None = None) -> list[EstablishmentPurge]:
    """Plan or run the purge establishment by establishment: one establishment's failure never stops the others'."""
    outcomes = []
    for establishment in establishments_with_student_data():
        try:
            with transaction.atomic():
                plan = plan_purge(today, establishment) if dry_run else purge(today, establishment, actor)
        except Exception as error:  # noqa: BLE001 - reported per establishment, the purge goes on for the others
            outcomes.append(EstablishmentPurge(establishment, None, f"{type(error).__name__}: {error}"))
        else:
            outcomes.append(EstablishmentPurge(establishment, plan))
    return outcomes


def export_student(student: Student, user=None) -> dict:
    """Everything the module holds about ``student`` (a family's right of access), as JSON-ready data."""
    cases = []
    for case in student.cases.select_related("campaign"):
        record = {"campaign": str(case.campaign), "state": case.get_state_display(), "withdrawal_reason": case.withdrawal_reason}
        for name in ("referral", "needs_analysis", "interview", "evaluation"):
            related = getattr(case, name, None)
            record[name] = _plain(related) if related is not None else None
        parcours = getattr(case, "parcours", None)
        record["parcours"] = None if parcours is None else {
            "excused_classes": parcours.excused_classes, "sessions": [str(s) for s in parcours.sessions.all()],
        }
        record["attendance"] = [{"session": str(a.session), "status": a.get_status_display()} for a in case.attendances.all()]
        record["messages"] = [{"at": m.created_at, "author": str(m.author or ""), "body": m.body} for m in case.messages.all()]
        cases.append(record)
    audit.record(user, AuditLog.Action.EXPORT, student, "droit d'accès")
    entries = student.audit_entries.order_by("at")
    return {
        "student": _plain(student, exclude=("id", "establishment")),
        "establishment": str(student.establishment),
        "cases": cases,
        "absences": [
            {"period_start": r.period_start, "period_end": r.period_end, "half_days_absent": r.half_days_absent,
             "half_days_open": r.half_days_open} for r in student.absence_records.order_by("period_start")
        ],
        "access_log": [{"at": e.at, "who": e.actor, "action": e.get_action_display(), "detail": e.detail} for e in entries],
    }


def _plain(obj, exclude=("id", "case")) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in exclude}
