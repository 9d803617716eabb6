"""The SAS coordination's side of the indicator reports: what will leave, sending it, what left.

The report is built by ``plugins.node_reports`` against every report already in the node's
outbox (queued or acknowledged: the portal has or will have them), and put in the outbox by
``portal.outbox``'s ``enqueue_report`` only if it is still exactly the report the coordination
was shown (same digest). Each transmission is recorded with who sent it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plugins.models import ReportTransmission
from plugins.node_reports import PreparedReport, build_report, reporting_periods
from plugins.reports import IndicatorReport, ReportingPeriod

from .models import Evaluation, Student
from .models.questionnaires import Audience

BREAKDOWN_VALUES = {
    "level": dict(Student.Level.choices), "sex": dict(Student.Sex.choices), "outcome": dict(Evaluation.Outcome.choices),
    "audience": dict(Audience.choices), "period": {"before": _("avant le programme"), "after": _("après le programme")},
}
BREAKDOWN_NAMES = {"level": _("niveau"), "sex": _("sexe"), "outcome": _("issue"), "audience": _("public"),
                   "period": _("moment")}


class ReportChanged(Exception):
    """The records changed between the preview and the click: the coordination must look again."""


def outbox_entries(establishment):
    from portal.outbox.models import OutboxReport

    return OutboxReport.objects.filter(establishment_uai=establishment.uai or "").order_by("-sequence")


def period_of(establishment, code: str) -> ReportingPeriod | None:
    return next((period for period in reporting_periods(establishment) if period.code == code), None)


def prepare(establishment, period: ReportingPeriod) -> PreparedReport | None:
    """The report as it would leave now, against the reports the portal has or will have."""
    from portal.outbox.queue import sent_reports

    return build_report(establishment, period, sent_reports(establishment.uai or ""))


def digest(report: IndicatorReport) -> str:
    return hashlib.sha256(json.dumps(report.to_wire(), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Row:
    """One cell as the coordination reads it."""

    label: str
    breakdown: str
    value: float | None
    unit: str
    status: str
    secret: bool


def rows(report: IndicatorReport) -> list[Row]:
    definitions = {d.code: d for d in report.definitions}
    statuses = {"published": _("publiée"), "primary_secret": _("secret primaire"),
                "secondary_secret": _("secret secondaire")}
    found = []
    for value in report.values:
        definition = definitions.get(value.code)
        breakdown = ", ".join(f"{BREAKDOWN_NAMES.get(k, k)} : {BREAKDOWN_VALUES.get(k, {}).get(v, v)}"
                              for k, v in sorted(value.breakdown.items()))
        found.append(Row(str(definition.label) if definition else value.code, breakdown or str(_("total")), value.value,
                         str(definition.unit) if definition else "", str(statuses[value.status.value]), value.suppressed))
    return found


@transaction.atomic
def transmit(user, establishment, period: ReportingPeriod, shown_digest: str):
    """Put the report in the outbox if it is the one shown; record who sent it."""
    from portal.outbox.queue import enqueue_report

    prepared = prepare(establishment, period)
    if prepared is None or digest(prepared.report) != shown_digest:
        raise ReportChanged
    entry = enqueue_report(prepared.report)
    secret = sum(value.suppressed for value in prepared.report.values)
    ReportTransmission.objects.create(
        establishment=establishment, period_code=period.code, idempotency_key=entry.idempotency_key, user=user,
        actor=user.get_username(), published=len(prepared.report.values) - secret, secret=secret,
    )
    return entry
