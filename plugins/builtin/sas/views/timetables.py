"""Timetables: the campaign's by week, workshop or student, a student's own with the classes they are excused
from, the weekly lists of teachers to tell (printable, e-mailed once), and calendars per workshop and facilitator."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext

from .. import audit, teacher_notices
from ..calendars import facilitator_calendar, workshop_calendar
from ..models import AuditLog, ClassTeacher, Workshop
from ..permissions import PLAN_CAMPAIGN
from ..timetables import by_day, by_workshop, campaign_sessions, chosen_week, programme_weeks, student_timetables
from .access import campaign_access, case_access
from .calendars import download

VIEWS = {"semaine": gettext_lazy("par semaine"), "atelier": gettext_lazy("par atelier"), "eleve": gettext_lazy("par élève")}
ALL_WEEKS = "tout"


def _week(request, campaign):
    """The week asked for (``None`` for the whole programme, on the views that allow it)."""
    raw = request.GET.get("semaine")
    return None if raw == ALL_WEEKS else chosen_week(campaign, raw)


@login_required
def campaign_timetable(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    view = request.GET.get("vue") if request.GET.get("vue") in VIEWS else "semaine"
    week = _week(request, campaign)
    if week is None and view == "semaine":
        week = programme_weeks(campaign)[0]
    context = {"title": _("Emplois du temps du SAS"), "campaign": campaign, "access": access, "view": view,
               "views": VIEWS, "view_label": VIEWS[view], "week": week, "weeks": programme_weeks(campaign), "all_weeks": ALL_WEEKS}
    if view == "eleve":
        context["timetables"] = student_timetables(campaign, access.cases(campaign), week)
        students = [timetable.case.student for timetable in context["timetables"]]
    else:
        sessions = list(campaign_sessions(campaign, week))
        context["groups"] = by_day(sessions, campaign) if view == "semaine" else by_workshop(sessions)
        students = {p.case.student for session in sessions for p in session.parcours.all()}
    for student in students:
        audit.record(request.user, AuditLog.Action.READ, student, "emploi du temps de la campagne")
    return render(request, "sas/timetables.html", context)


@login_required
def case_timetable(request, case_ref):
    case, access = case_access(request, case_ref)
    audit.record(request.user, AuditLog.Action.READ, case.student, "emploi du temps")
    timetables = student_timetables(case.campaign, [case])
    return render(request, "sas/case_timetable.html", {
        "title": _("Emploi du temps de %(name)s") % {"name": f"{case.student.first_name} {case.student.last_name.upper()}"},
        "case": case, "campaign": case.campaign, "access": access, "timetable": timetables[0] if timetables else None,
    })


def _save_addresses(request, lists) -> list[str]:
    """Store the e-mail addresses typed for the listed teachers; the French errors."""
    errors = []
    for entry in lists:
        if entry.teacher is None:
            continue
        field = f"email-{entry.teacher.pk}"
        value = request.POST.get(field, "").strip()
        if field not in request.POST or value == entry.teacher.email:
            continue
        try:
            if value:
                validate_email(value)
        except ValidationError:
            errors.append(_("Adresse « %(value)s » de %(teacher)s illisible.") % {"value": value, "teacher": entry.teacher})
            continue
        ClassTeacher.objects.filter(pk=entry.teacher.pk).update(email=value)
        entry.teacher.email = value
    return errors


@login_required
def teacher_notices_view(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    week = chosen_week(campaign, request.GET.get("semaine") or request.POST.get("semaine"))
    lists = teacher_notices.week_lists(campaign, week)
    if request.method == "POST":
        errors = _save_addresses(request, lists)
        for error in errors:
            messages.error(request, error)
        if "envoyer" in request.POST and not errors:
            queued = teacher_notices.queue(campaign, week, lists, request.user)
            messages.success(request, ngettext("%(n)d enseignant prévenu par courriel.", "%(n)d enseignants prévenus par courriel.",
                                               len(queued)) % {"n": len(queued)})
        elif not errors:
            messages.success(request, _("Adresses enregistrées."))
        return redirect(f"{reverse('sas:teacher_notices', args=[campaign.pk])}?semaine={week:%Y-%m-%d}")
    for student in teacher_notices.pupils(lists):
        audit.record(request.user, AuditLog.Action.READ, student, "enseignants à prévenir")
    return render(request, "sas/teacher_notices.html", {
        "title": _("Enseignants à prévenir"), "campaign": campaign, "access": access, "week": week,
        "weeks": programme_weeks(campaign), "lists": lists,
    })


@login_required
def workshop_ics(request, workshop_id):
    """A workshop's sessions: for the coordination and the workshop's facilitators."""
    workshop = get_object_or_404(Workshop, pk=workshop_id)
    campaign, access = campaign_access(request, workshop.campaign_id)
    if not access.can(PLAN_CAMPAIGN) and not workshop.facilitators.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    name = _("%(campaign)s — atelier %(workshop)s") % {"campaign": campaign.name, "workshop": workshop.name}
    return download(workshop_calendar(workshop, name), f"sas-atelier-{workshop.pk}.ics")


@login_required
def facilitator_ics(request, campaign_id, user_id):
    """A facilitator's sessions in the campaign: for the coordination and the facilitator themself."""
    campaign, access = campaign_access(request, campaign_id)
    if not access.can(PLAN_CAMPAIGN) and request.user.pk != user_id:
        raise PermissionDenied
    facilitator = get_object_or_404(get_user_model().objects.filter(sas_workshops__campaign=campaign).distinct(), pk=user_id)
    name = _("%(campaign)s — séances de %(name)s") % {
        "campaign": campaign.name, "name": facilitator.get_full_name() or facilitator.get_username()}
    return download(facilitator_calendar(campaign, facilitator, name), f"sas-intervenant-{facilitator.pk}.ics")
