"""Screens where a network's coordination manages its members and tagged fiches.

Every view checks :func:`permissions.can_manage` and answers 403 otherwise; changes are POSTs.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fiches.visibility import audience_of

from ..forms import EstablishmentChoiceForm, FicheTagForm, PersonForm
from ..models import Network, NetworkEstablishment, NetworkFiche, NetworkPerson
from ..permissions import can_manage


def _managed(request, slug) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not can_manage(request.user, network):
        raise PermissionDenied(_("Seule la coordination du réseau gère ses membres."))
    return network


def _page(request, network, **forms):
    context = {
        "network": network,
        "establishment_links": network.establishment_links.select_related("establishment"),
        "people": network.people.select_related("user", "establishment"),
        "tags": network.fiche_tags.select_related("fiche"),
        "establishment_form": forms.get("establishment_form") or EstablishmentChoiceForm(),
        "person_form": forms.get("person_form") or PersonForm(),
        "tag_form": forms.get("tag_form") or FicheTagForm(),
    }
    return render(request, "networks/manage.html", context, status=400 if forms else 200)


@login_required
def manage(request, slug):
    return _page(request, _managed(request, slug))


@login_required
@require_POST
def add_establishment(request, slug):
    network = _managed(request, slug)
    form = EstablishmentChoiceForm(request.POST)
    if not form.is_valid():
        return _page(request, network, establishment_form=form)
    establishment = form.cleaned_data["establishment"]
    _link, created = NetworkEstablishment.objects.get_or_create(network=network, establishment=establishment)
    messages.success(request, (_("%(name)s rejoint le réseau.") if created else _("%(name)s est déjà membre."))
                     % {"name": establishment.name})
    return redirect("networks:manage", slug=slug)


@login_required
@require_POST
def remove_establishment(request, slug, pk):
    network = _managed(request, slug)
    link = get_object_or_404(NetworkEstablishment, network=network, pk=pk)
    link.delete()
    messages.success(request, _("%(name)s ne fait plus partie du réseau.") % {"name": link.establishment.name})
    return redirect("networks:manage", slug=slug)


@login_required
@require_POST
def add_person(request, slug):
    network = _managed(request, slug)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _page(request, network, person_form=form)
    user = form.cleaned_data["email"]
    NetworkPerson.objects.update_or_create(
        network=network, user=user,
        defaults={"role": form.cleaned_data["role"], "function": form.cleaned_data["function"]},
    )
    messages.success(request, _("%(name)s est inscrit(e) au réseau.") % {"name": user.get_full_name() or user.email})
    return redirect("networks:manage", slug=slug)


@login_required
@require_POST
def remove_person(request, slug, pk):
    network = _managed(request, slug)
    person = get_object_or_404(NetworkPerson, network=network, pk=pk)
    person.delete()
    messages.success(request, _("La personne ne fait plus partie du réseau."))
    return redirect("networks:manage", slug=slug)


@login_required
@require_POST
def tag_fiche(request, slug):
    network = _managed(request, slug)
    form = FicheTagForm(request.POST, audience=audience_of(request))
    if not form.is_valid():
        return _page(request, network, tag_form=form)
    NetworkFiche.objects.get_or_create(network=network, fiche=form.cleaned_data["fiche"],
                                       defaults={"tagged_by": request.user})
    messages.success(request, _("La fiche est signalée au réseau."))
    return redirect("networks:manage", slug=slug)


@login_required
@require_POST
def untag_fiche(request, slug, pk):
    network = _managed(request, slug)
    get_object_or_404(NetworkFiche, network=network, pk=pk).delete()
    messages.success(request, _("La fiche n'est plus signalée au réseau."))
    return redirect("networks:manage", slug=slug)
