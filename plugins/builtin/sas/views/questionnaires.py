from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, ngettext

from ..forms import QuestionnaireForm, QuestionnaireLinksForm
from ..models import QuestionnaireInvitation
from ..permissions import MANAGE
from ..questionnaires import LinkAlreadyUsed, answer, issue_links
from .access import campaign_access


@login_required
def questionnaire_links(request, campaign_id):
    """The coordination or the direction issues one-time links to hand out."""
    campaign, _access = campaign_access(request, campaign_id, MANAGE)
    form = QuestionnaireLinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        links = issue_links(campaign, form.cleaned_data["audience"], form.cleaned_data["count"],
                            form.cleaned_data["creation_token"])
        messages.success(request, ngettext("%(n)s lien créé.", "%(n)s liens créés.", len(links)) % {"n": len(links)})
        return redirect("sas:questionnaire_links", campaign_id=campaign.pk)
    invitations = campaign.questionnaire_invitations.order_by("-created_at")
    return render(request, "sas/questionnaire_links.html", {
        "title": _("Questionnaires de satisfaction"), "campaign": campaign, "invitations": invitations,
        "form": form,
        "responses": campaign.questionnaire_responses.values("audience").order_by("audience"),
    })


def questionnaire(request, token):
    """The questionnaire behind a one-time link: no account, no name for a student."""
    invitation = get_object_or_404(QuestionnaireInvitation.objects.select_related("campaign"), token=token)
    context = {"title": _("Questionnaire de satisfaction"), "invitation": invitation}
    if invitation.used_at is not None:
        return render(request, "sas/questionnaire_used.html", context, status=410)
    form = QuestionnaireForm(request.POST or None, audience=invitation.audience)
    if request.method == "POST" and form.is_valid():
        try:
            answer(token, form.cleaned_data)
        except LinkAlreadyUsed:
            return render(request, "sas/questionnaire_used.html", context, status=410)
        return render(request, "sas/questionnaire_thanks.html", context)
    return render(request, "sas/questionnaire.html", {**context, "form": form})
