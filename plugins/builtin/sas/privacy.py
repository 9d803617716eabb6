"""Retention, purge and right of access for the student data of the SAS module (DESIGN.md §8)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.forms.models import model_to_dict

from plugins.node_reports import protected_report
from plugins.reports import PeriodKind, ReportingPeriod

from . import audit
from .indicator_table import compute_table
from .models import AuditLog, Campaign, PurgedCampaignSummary, Student, StudentCase


def pseudonym(value: str) -> str:
    """A stable pseudonym for ``value``; without the secret key it cannot be reversed by guessing."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"pseudo-{digest[:16]}"


def expired_campaigns(today: dt.date):
    return [c for c in Campaign.objects.exclude(cases=None).select_related("establishment") if c.expires_on <= today]


@dataclasses.dataclass
class PurgePlan:
    campaigns: list[Campaign]
    cases: int
    students: int


def plan_purge(today: dt.date) -> PurgePlan:
    campaigns = expired_campaigns(today)
    cases = StudentCase.objects.filter(campaign__in=campaigns)
    return PurgePlan(campaigns, cases.count(), len(students_to_delete(today, campaigns)))


def students_to_delete(today: dt.date, expired: list[Campaign]) -> list[int]:
    """Ids of the students that nothing justifies keeping once the ``expired`` campaigns' cases are gone.

    A student is kept while they have a case in a campaign that has not expired, or while a live
    campaign of their establishment covers the school year they were last listed in (imported from
    the school software or referred since its 1 August): the roster of the current year.
    """
    keep_from: dict[int, dt.date] = {}
    for campaign in Campaign.objects.exclude(pk__in=[c.pk for c in expired]):
        if campaign.expires_on > today:
            start = campaign.school_year_start
            keep_from[campaign.establishment_id] = min(start, keep_from.get(campaign.establishment_id, start))
    live_cases = StudentCase.objects.exclude(campaign__in=expired)
    candidates = Student.objects.exclude(pk__in=live_cases.values("student_id"))
    return [
        pk for pk, establishment_id, listed_on in candidates.values_list("pk", "establishment_id", "listed_on")
        if establishment_id not in keep_from or listed_on < keep_from[establishment_id]
    ]


@transaction.atomic
def purge(today: dt.date) -> PurgePlan:
    """Delete expired cases and the students nothing justifies keeping any more; keep anonymous aggregates.

    The audit entries about a deleted student keep their date and action, but the student and
    the actor are replaced by pseudonyms.
    """
    plan = plan_purge(today)
    for campaign in plan.campaigns:
        period = ReportingPeriod(PeriodKind.CAMPAIGN, f"sas-campaign-{campaign.pk}", campaign.name,
                                 campaign.programme_start, campaign.programme_end)
        table = compute_table(campaign.establishment, period)
        values = protected_report(campaign.establishment, period, list(table.cells), table.definitions
                                  ).report.to_wire()["cells"] if table else []
        PurgedCampaignSummary.objects.update_or_create(campaign=campaign, defaults={"values": values})
        StudentCase.objects.filter(campaign=campaign).delete()
    orphans = Student.objects.filter(pk__in=students_to_delete(today, plan.campaigns))
    for entry in AuditLog.objects.filter(student__in=orphans):
        entry.student_ref, entry.actor = pseudonym(entry.student_ref), pseudonym(entry.actor)
        entry.student = None
        entry.save(update_fields=["student_ref", "actor", "student"])
    orphans.delete()
    return plan


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
