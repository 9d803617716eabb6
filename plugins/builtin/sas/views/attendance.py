from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import audit, workflow
from ..forms import AttendanceForm
from ..models import AuditLog, WorkshopSession
from ..permissions import TAKE_ATTENDANCE
from ..attendance_sheets import ON_SHEET
from .access import campaign_access


@login_required
def attendance_sheet(request, session_id):
    """The attendance sheet of one session: its facilitators and the coordination only; each pupil shown is audited."""
    session = get_object_or_404(WorkshopSession.objects.select_related("workshop__campaign"), pk=session_id)
    campaign, access = campaign_access(request, session.workshop.campaign_id, TAKE_ATTENDANCE)
    if not access.sessions(campaign).filter(pk=session.pk).exists():
        raise Http404
    cases = list(access.cases(campaign).filter(parcours__sessions=session, state__in=ON_SHEET))
    marks = dict(session.attendances.values_list("case_id", "status"))
    form = AttendanceForm(request.POST or None, cases=cases, marks=marks)
    if request.method == "POST" and form.is_valid():
        workflow.take_attendance(request.user, session, form.marks())
        messages.success(request, _("Présences enregistrées."))
        return redirect("sas:attendance", session_id=session.pk)
    for case in cases:
        audit.record(request.user, AuditLog.Action.READ, case.student, "feuille de présence")
    marked = sum(1 for case in cases if case.pk in marks)
    return render(request, "sas/attendance.html", {
        "title": str(session), "session": session, "campaign": campaign, "form": form, "access": access,
        "marked": marked, "partly_saved": 0 < marked < len(cases),
    })
