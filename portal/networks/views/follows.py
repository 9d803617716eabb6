"""Following networks, académies and searches; the person's follows page; one-click unsubscribe."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fiches.models import Academie

from ..forms import FrequencyForm
from ..models import Follow, Network
from ..searches import describe, normalized_query
from ..tokens import active_token, renew_token, revoke_tokens, user_id_from_unsubscribe_token


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _follow(request, **target):
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(user=request.user, **target)
    except IntegrityError:  # a double click raced the first one
        follow, created = Follow.objects.get(user=request.user, **target), False
    if not created and follow.frequency == Follow.Frequency.NEVER:
        follow.frequency = Follow.Frequency.WEEKLY
        follow.save(update_fields=["frequency"])
    follows_link = format_html('<a href="{}">{}</a>', reverse("networks:follows"), _("Mes suivis"))
    messages.success(request, format_html(_("Vous suivez « {title} » : les nouveautés vous seront envoyées chaque "
                                            "semaine (à régler dans {follows})."),
                                          title=follow.title, follows=follows_link))
    return follow


@login_required
@require_POST
def follow_network(request, slug):
    network = get_object_or_404(Network, slug=slug)
    _follow(request, network=network)
    return _back(request, network.get_absolute_url())


@login_required
@require_POST
def follow_academie(request):
    code = request.POST.get("academie", "")
    # PostgreSQL refuses a NUL character in a query: such a code names no académie.
    academie = Academie.objects.filter(code=code).first() if "\x00" not in code else None
    if academie is None:
        messages.error(request, _("Choisissez une académie dans la liste."))
    else:
        _follow(request, academie=academie)
    return _back(request, reverse("networks:follows"))


@login_required
@require_POST
def follow_search(request):
    query = normalized_query(QueryDict(request.POST.get("query", "")[:1000]))
    if not query:
        messages.error(request, _("Précisez d'abord la recherche (des mots ou des filtres) avant de la suivre."))
        return redirect("search")
    if len(query) > Follow._meta.get_field("search_query").max_length:
        messages.error(request, _("Cette recherche est trop longue pour être suivie : raccourcissez-la."))
        return redirect("search")
    _follow(request, search_query=query, label=describe(query))
    return redirect(reverse("search") + "?" + query)


@login_required
def follows_page(request):
    follows = request.user.follows.select_related("network", "academie")
    context = {
        "follows": [(follow, FrequencyForm(initial={"frequency": follow.frequency}, prefix=f"f{follow.pk}"))
                    for follow in follows],
        "academies": Academie.objects.current().order_by("name"),
        "token": active_token(request.user),
    }
    return render(request, "networks/follows.html", context)


@login_required
@require_POST
def follow_update(request, pk):
    follow = get_object_or_404(Follow, pk=pk, user=request.user)
    if request.POST.get("action") == "delete":
        follow.delete()
        messages.success(request, _("Vous ne suivez plus « %(title)s ».") % {"title": follow.title})
        return redirect("networks:follows")
    form = FrequencyForm(request.POST, prefix=f"f{follow.pk}")
    if form.is_valid():
        follow.frequency = form.cleaned_data["frequency"]
        follow.save(update_fields=["frequency"])
        messages.success(request, _("Fréquence enregistrée pour « %(title)s ».") % {"title": follow.title})
    else:
        messages.error(request, _("Fréquence inconnue : choisissez jamais, chaque jour ou chaque semaine."))
    return redirect("networks:follows")


@login_required
@require_POST
def token_update(request):
    if request.POST.get("action") == "revoke":
        revoke_tokens(request.user)
        messages.success(request, _("Vos adresses de flux personnels sont révoquées."))
    else:
        renew_token(request.user)
        messages.success(request, _("Nouvelles adresses de flux personnels créées ; les anciennes ne fonctionnent plus."))
    return redirect("networks:follows")


@csrf_exempt
def unsubscribe(request, token):
    """GET shows a confirmation button; POST (the button, or the mail client per RFC 8058) stops the digests.

    No login: the signed token names the person. CSRF does not apply, since a mail client posts
    here without a session and the token is the proof.
    """
    user_id = user_id_from_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "networks/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        Follow.objects.filter(user=user).update(frequency=Follow.Frequency.NEVER)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Désinscription enregistrée."), content_type="text/plain; charset=utf-8")
        return render(request, "networks/unsubscribe.html", {"done": True})
    return render(request, "networks/unsubscribe.html", {"token": token})
