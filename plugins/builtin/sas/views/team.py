"""The coordination manages its establishment's SAS team: who has which role (and a PP's class)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import team as team_members
from ..models import SasMembership
from ..permissions import MANAGE_TEAM
from ..setup_forms import MemberForm, display_name
from .access import establishment_access


@login_required
def team(request, establishment_id):
    establishment, access = establishment_access(request, establishment_id, MANAGE_TEAM)
    form = MemberForm(request.POST or None, establishment=establishment)
    if request.method == "POST" and form.is_valid() and (membership := _added(request, establishment, form)):
        data = form.cleaned_data
        if data["user"] is None:
            messages.success(request, _(
                "Compte créé pour %(email)s ; le lien pour choisir le mot de passe lui est envoyé."
            ) % {"email": data["email"]})
        else:
            messages.success(request, _("%(user)s ajouté·e à l'équipe (%(role)s).")
                             % {"user": display_name(membership.user), "role": membership.get_role_display()})
        return redirect("sas:team", establishment_id=establishment.pk)
    members = establishment.sas_memberships.select_related("user").order_by("role", "user__last_name", "user__username")
    return render(request, "sas/team.html", {
        "title": _("Équipe SAS"), "establishment": establishment, "access": access, "form": form, "members": members,
        "campaign": establishment.sas_campaigns.first(),
    })


def _added(request, establishment, form) -> SasMembership | None:
    """The membership of the valid ``form``; None, with the form's « déjà ce rôle » error, when the same person
    sent at the same moment (a double click) was added first and the database refuses the second account or role."""
    data = form.cleaned_data
    try:
        return team_members.add_member(
            inviter=request.user, establishment=establishment, role=data["role"], division=data["division"],
            user=data["user"], email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
        )
    except IntegrityError:  # add_member's transaction is rolled back: no account, no invitation sent
        who = display_name(data["user"]) if data["user"] else data["email"]
        form.add_error(None, form.already_there % {"user": who})
        return None


@login_required
@require_POST
def remove_member(request, establishment_id, membership_id):
    """Nobody removes their own coordination role: the establishment always keeps a coordinator."""
    establishment, _access = establishment_access(request, establishment_id, MANAGE_TEAM)
    membership = get_object_or_404(SasMembership, pk=membership_id, establishment=establishment)
    if membership.user_id == request.user.pk and membership.role == SasMembership.Role.COORDINATION:
        messages.error(request, _("Vous ne pouvez pas retirer votre propre rôle de coordination : "
                                  "demandez-le à un autre membre de la coordination."))
    else:
        team_members.remove_member(membership)
        messages.success(request, _("%(user)s n'a plus le rôle %(role)s.")
                         % {"user": display_name(membership.user), "role": membership.get_role_display()})
    return redirect("sas:team", establishment_id=establishment.pk)
