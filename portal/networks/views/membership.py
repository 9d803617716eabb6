"""Screens where a network's coordination manages its members and tagged fiches.

Every view checks :func:`permissions.can_manage` and answers 403 otherwise; changes are POSTs.

A network always keeps one person at its coordination: removing a coordinator, making one a member, or a
coordinator leaving is refused when nobody else coordinates. Two coordinators who remove each other at the
same moment would each see the other still there, so these changes hold the network's row (:func:`_managed`
with ``locked``) and read its coordinators again under the lock: the second waits for the first and is refused.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fiches.visibility import audience_of

from ..forms import EstablishmentChoiceForm, FicheTagForm, PersonForm
from ..models import Network, NetworkEstablishment, NetworkFiche, NetworkPerson
from ..permissions import can_manage


def _managed(request, slug, locked: bool = False) -> Network:
    """The network ``request.user`` manages (403 otherwise). ``locked``: its row held until the transaction
    ends, and the right to manage it read under the lock (a coordinator removed a moment ago no longer manages it)."""
    networks = Network.objects.select_for_update() if locked else Network.objects
    network = get_object_or_404(networks, slug=slug)
    if not can_manage(request.user, network):
        raise PermissionDenied(_("Seule la coordination du réseau gère ses membres."))
    return network


def _last_coordinator(network, person) -> bool:
    """True when ``person`` is the network's only coordinator (to be read with the network's row held)."""
    coordinators = network.people.filter(role=NetworkPerson.Role.COORDINATOR)
    return person.role == NetworkPerson.Role.COORDINATOR and not coordinators.exclude(pk=person.pk).exists()


LAST_COORDINATOR = gettext_lazy(
    "%(name)s est la dernière personne à coordonner le réseau : inscrivez d'abord une autre personne à la "
    "coordination.")


def _name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def _after_change(request, network):
    """Back to the management screen, or to the network's page for whom no longer manages it (a coordinator
    who left the coordination)."""
    if can_manage(request.user, network):
        return redirect("networks:manage", slug=network.slug)
    return redirect(network)


def _page(request, network, **forms):
    people = list(network.people.select_related("user", "establishment"))
    context = {
        "network": network,
        "establishment_links": network.establishment_links.select_related("establishment"),
        "people": people,
        # Everyone listed but the one writing, for one message to the network (addresses in Bcc).
        "people_emails": [p.user.email for p in people if p.user.email and p.user != request.user],
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
    form = EstablishmentChoiceForm(request.POST, network=network)
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
    # Under the network's row: a double click's second request waits for the first and finds the link gone (404).
    # Both deleting it took the member's figures off the network's roll-ups twice (a deletion of no row still
    # sends post_delete), and the dashboard showed a negative total.
    with transaction.atomic():
        network = _managed(request, slug, locked=True)
        link = get_object_or_404(NetworkEstablishment.objects.select_related("establishment"), network=network, pk=pk)
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
    user, role = form.cleaned_data["email"], form.cleaned_data["role"]
    with transaction.atomic():
        network = _managed(request, slug, locked=True)
        person = NetworkPerson.objects.filter(network=network, user=user).first()
        if person and role != NetworkPerson.Role.COORDINATOR and _last_coordinator(network, person):
            messages.error(request, LAST_COORDINATOR % {"name": _name(user)})
            return redirect("networks:manage", slug=slug)
        NetworkPerson.objects.update_or_create(
            network=network, user=user, defaults={"role": role, "function": form.cleaned_data["function"]},
        )
    messages.success(request, _("%(name)s est inscrit(e) au réseau.") % {"name": _name(user)})
    return _after_change(request, network)


@login_required
@require_POST
def remove_person(request, slug, pk):
    with transaction.atomic():
        network = _managed(request, slug, locked=True)
        person = get_object_or_404(NetworkPerson.objects.select_related("user"), network=network, pk=pk)
        if _last_coordinator(network, person):
            messages.error(request, LAST_COORDINATOR % {"name": _name(person.user)})
            return redirect("networks:manage", slug=slug)
        person.delete()
    messages.success(request, _("La personne ne fait plus partie du réseau."))
    return _after_change(request, network)


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
