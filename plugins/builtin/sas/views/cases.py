"""The per-student file: each step's record, the next steps the user may take, the thread."""
from dataclasses import dataclass
from typing import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import audit, permissions, workflow
from ..forms import (
    CampaignStepForm, EmptyForm, EvaluationForm, InterviewForm, MessageForm, NeedsAnalysisForm, ParcoursForm,
    ParentsInformedForm, WithdrawForm, WorkshopsNeededForm,
)
from ..models import AuditLog
from ..states import OPEN_STATES, Action, State, TransitionRefused, next_actions
from .access import case_access


@dataclass(frozen=True)
class Step:
    capability: str
    form_class: type
    run: Callable
    label: str


def _plan(user, case, sessions, excused_classes):
    workflow.plan_parcours(user, case, list(sessions), excused_classes)


def _parents(user, case, informed_on):
    workflow.inform_parents(user, case, informed_on)


STEPS: dict[str, Step] = {
    Action.ANALYSE: Step(permissions.ANALYSE, NeedsAnalysisForm, workflow.analyse_needs, Action.ANALYSE.label),
    Action.INTERVIEW: Step(permissions.INTERVIEW, InterviewForm, workflow.record_interview, Action.INTERVIEW.label),
    "parents": Step(permissions.INFORM_PARENTS, ParentsInformedForm, _parents, gettext_lazy("informer les parents")),
    "needs": Step(permissions.INTERVIEW, WorkshopsNeededForm, workflow.change_workshops_needed,
                  gettext_lazy("modifier les ateliers proposés")),
    Action.PLAN: Step(permissions.PLAN, ParcoursForm, _plan, Action.PLAN.label),
    Action.START: Step(permissions.START, EmptyForm, workflow.start_programme, Action.START.label),
    Action.EVALUATE: Step(permissions.EVALUATE, EvaluationForm, workflow.evaluate, Action.EVALUATE.label),
    Action.CLOSE: Step(permissions.CLOSE, EmptyForm, workflow.close, Action.CLOSE.label),
    Action.WITHDRAW: Step(permissions.WITHDRAW, WithdrawForm, workflow.withdraw, Action.WITHDRAW.label),
}


def _form(step_name, case, data=None):
    form_class = STEPS[step_name].form_class
    kwargs = {"campaign": case.campaign} if issubclass(form_class, (CampaignStepForm, ParcoursForm)) else {}
    if step_name == Action.PLAN:
        kwargs["division"] = case.student.division
    if step_name == "needs":
        kwargs["initial"] = {"workshops_needed": list(case.interview.workshops_needed.all())}
    return form_class(data, prefix=step_name, **kwargs)


def _available_steps(case, access) -> list[str]:
    names = list(next_actions(case.state))
    interview = getattr(case, "interview", None)
    if interview is not None and interview.parents_informed_on is None and case.state in OPEN_STATES:
        names.insert(0, "parents")
    if case.state == State.INTERVIEWED:
        names.insert(0, "needs")
    return [name for name in names if access.can(STEPS[name].capability)]


def _render(request, case, access, forms=None, message_form=None):
    """The file page, audited as a read each time it is shown (a refused form shows it again too)."""
    audit.record(request.user, AuditLog.Action.READ, case.student, "dossier")
    forms = forms or {}
    steps = [(name, STEPS[name].label, forms.get(name) or _form(name, case)) for name in _available_steps(case, access)]
    return render(request, "sas/case.html", {
        "title": str(case.student), "case": case, "campaign": case.campaign, "access": access, "steps": steps,
        "can_view_file": access.can(permissions.VIEW_FILE), "can_view_thread": access.can(permissions.VIEW_THREAD),
        "message_form": message_form or (MessageForm() if access.can(permissions.POST_THREAD) else None),
        "attendances": case.attendances.select_related("session__workshop").order_by("session__starts_at"),
    })


@login_required
def case_detail(request, case_ref):
    case, access = case_access(request, case_ref)
    return _render(request, case, access)


@login_required
@require_POST
def case_step(request, case_ref, step):
    if step not in STEPS:
        raise Http404
    case, access = case_access(request, case_ref, STEPS[step].capability)
    form = _form(step, case, request.POST)
    if form.is_valid():
        try:
            STEPS[step].run(request.user, case, **form.cleaned_data)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Étape enregistrée : %(step)s.") % {"step": STEPS[step].label})
        return redirect("sas:case", case_ref=case.public_id)
    case.refresh_from_db()
    return _render(request, case, access, forms={step: form})


@login_required
@require_POST
def case_message(request, case_ref):
    case, access = case_access(request, case_ref, permissions.POST_THREAD)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render(request, case, access, message_form=form)
    workflow.post_message(request.user, case, form.cleaned_data["body"], form.cleaned_data["creation_token"])
    return redirect(reverse("sas:case", args=[case.public_id]) + "#fil")
