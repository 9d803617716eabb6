from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from fiches.roles import administered_academie_ids

from .forms import ACCOUNT_EXISTS, InvitationForm
from .invitations import invite


def can_invite(user) -> bool:
    return user.is_active and (user.is_superuser or bool(administered_academie_ids(user)))


def invitation_view(request):
    if not can_invite(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invite(inviter=request.user, **data)
        except IntegrityError:  # the account was made meanwhile by a simultaneous post (a double click)
            form.add_error("email", ACCOUNT_EXISTS)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": user.email})
            return redirect("accounts_invite")
    return TemplateResponse(request, "accounts/invite.html", {"form": form, "page_title": _("Inviter un utilisateur")})
