"""Admin views: declaring Semaine actions and bilans (establishments), following them and
reminding (académies), and publishing a synthesis version."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from fiches.models import SchoolYear
from fiches.models.semaine import PerseveranceWeekAction

from .declarations import (
    REMIND_AGAIN_AFTER, draft_fiche, editable_establishments, missing_bilans, overseen_academie_ids,
    remind_missing_bilans,
)
from .forms import ActionDeclarationForm, BilanForm
from .models import SynthesisVersion
from .publishing import publish, years_with_synthesis


def _visible_actions(user):
    academies = overseen_academie_ids(user)
    actions = PerseveranceWeekAction.objects.select_related("week__academie", "week__school_year", "establishment", "fiche")
    if academies is None:
        return actions
    return actions.filter(Q(establishment__in=editable_establishments(user)) | Q(week__academie_id__in=academies))


def week_actions(request):
    user = request.user
    academies = overseen_academie_ids(user)
    context = {
        "actions": _visible_actions(user),
        "can_declare": editable_establishments(user).exists(),
        "oversees": academies is None or bool(academies),
        "missing": missing_bilans(academies) if academies is None or academies else [],
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "synthesis/admin/week_actions.html", context)


def declare_action(request):
    form = ActionDeclarationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.declared_by = request.user
        if action.fiche is None and form.cleaned_data["create_draft_fiche"]:
            action.save()
            action.fiche = draft_fiche(action, request.user)
        action.save()
        messages.success(request, _("Action « %(title)s » déclarée.") % {"title": action.title})
        return redirect("synthesis_week_actions")
    return TemplateResponse(request, "synthesis/admin/form.html", {"form": form, "heading": _("Déclarer une action")})


def file_bilan(request, pk: int):
    action = get_object_or_404(PerseveranceWeekAction, pk=pk)
    if not editable_establishments(request.user).filter(pk=action.establishment_id).exists():
        raise PermissionDenied
    form = BilanForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.bilan_filed_at, action.bilan_by = timezone.now(), request.user
        action.save()
        messages.success(request, _("Bilan de « %(title)s » déposé.") % {"title": action.title})
        return redirect("synthesis_week_actions")
    heading = _("Bilan de l'action « %(title)s »") % {"title": action.title}
    return TemplateResponse(request, "synthesis/admin/form.html", {"form": form, "heading": heading})


@require_POST
def remind(request):
    academies = overseen_academie_ids(request.user)
    if academies is not None and not academies:
        raise PermissionDenied
    sent, recent = remind_missing_bilans(academies)
    if sent or not recent:
        messages.success(request, ngettext("%(n)s relance envoyée.", "%(n)s relances envoyées.", sent) % {"n": sent})
    if recent:
        messages.info(request, ngettext("%(n)s action déjà relancée il y a moins de %(minutes)s minutes : pas de nouvelle relance.",
                                        "%(n)s actions déjà relancées il y a moins de %(minutes)s minutes : pas de nouvelle relance.",
                                        recent) % {"n": recent, "minutes": REMIND_AGAIN_AFTER.seconds // 60})
    return redirect("synthesis_week_actions")


def syntheses(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    versions = SynthesisVersion.objects.select_related("synthesis__school_year", "computed_by").order_by("-computed_at")
    return TemplateResponse(request, "synthesis/admin/syntheses.html", {"years": years_with_synthesis(), "versions": versions})


@require_POST
def publish_version(request, annee: str):
    if not request.user.is_superuser:
        raise PermissionDenied
    get_object_or_404(SchoolYear, code=annee)  # a year removed meanwhile, or typed: publish() raised (500)
    version = publish(annee, request.user)
    messages.success(request, _("Synthèse %(year)s : version %(n)s publiée.") % {"year": annee, "n": version.number})
    return redirect("synthesis_admin")
