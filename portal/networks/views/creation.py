"""An académie's administrators and moderators create its networks and name their coordinators."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.create_once import warn_if_resent_with_changes

from ..forms import NetworkCreationForm
from ..permissions import can_create, creatable_academies


@login_required
def network_create(request):
    if not can_create(request.user):
        return render(request, "networks/network_create.html", {"refused": _(
            "Seuls les administrateurs et les modérateurs d'une académie créent un réseau, pour leur académie. "
            "Pour un réseau existant, adressez-vous à sa coordination.")}, status=403)
    form = NetworkCreationForm(request.POST or None, academies=creatable_academies(request.user),
                               national=request.user.is_superuser)
    if request.method == "POST" and form.is_valid():
        network = form.save_once()
        warn_if_resent_with_changes(request, form)
        messages.success(request, _("Le réseau « %(name)s » est créé ; sa coordination peut y inscrire ses membres.")
                         % {"name": network.name})
        return redirect("networks:manage", slug=network.slug)
    return render(request, "networks/network_create.html", {"form": form}, status=400 if form.errors else 200)
