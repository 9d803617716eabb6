"""Downloading timetables as .ics: a student's (whoever may see the case, audited) and one's own sessions."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import audit
from ..calendars import facilitator_calendar, student_calendar
from ..models import AuditLog
from .access import campaign_access, case_access

CONTENT_TYPE = "text/calendar; charset=utf-8"


def download(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_calendar(request, case_ref):
    case, _access = case_access(request, case_ref)
    audit.record(request.user, AuditLog.Action.READ, case.student, "emploi du temps (ICS)")
    name = _("%(campaign)s — emploi du temps") % {"campaign": case.campaign.name}
    return download(student_calendar(case, name), f"sas-emploi-du-temps-{slugify(case.student.local_id)}.ics")


@login_required
def my_sessions_calendar(request, campaign_id):
    campaign, _access = campaign_access(request, campaign_id)
    name = _("%(campaign)s — mes séances d'atelier") % {"campaign": campaign.name}
    return download(facilitator_calendar(campaign, request.user, name), f"sas-mes-seances-{campaign.pk}.ics")
