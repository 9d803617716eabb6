"""Enrolment in the Wagtail admin: an académie's administrators register, rotate and revoke the
signing keys of their establishments' nodes (a superuser, of every establishment)."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fiches.control_characters import ControlCharactersGuard
from fiches.models import Establishment
from portal import httpsig
from fiches.roles import administered_academie_ids

from .keys import register_key
from .models import EstablishmentKey


def enrolling_establishments(user):
    """Establishments whose keys ``user`` manages: those of the académies they administer."""
    establishments = Establishment.objects.filter(uai__isnull=False).exclude(uai="")
    if user.is_superuser:
        return establishments
    return establishments.filter(academie_id__in=administered_academie_ids(user))


def can_enrol(user) -> bool:
    """Académie administrators, on the portal (a node enrols nothing: the portal knows the keys)."""
    return (settings.ACCROCHE_ROLE != "node" and user.is_active
            and (user.is_superuser or bool(administered_academie_ids(user))))


class KeyForm(ControlCharactersGuard, forms.Form):
    establishment = forms.ModelChoiceField(label=gettext_lazy("Établissement"), queryset=Establishment.objects.none())
    public_key = forms.CharField(
        label=gettext_lazy("Clé publique"), max_length=64,
        help_text=gettext_lazy("Affichée sur le serveur de l'établissement par « manage.py node_keygen »."),
    )
    fingerprint = forms.CharField(
        label=gettext_lazy("Empreinte annoncée"), max_length=64, required=False,
        help_text=gettext_lazy("Facultatif : l'empreinte lue sur le serveur de l'établissement ; "
                               "l'enregistrement est refusé si elle diffère."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = enrolling_establishments(user).order_by("name")

    def clean(self):
        data = super().clean()
        public_key, announced = data.get("public_key", "").strip(), data.get("fingerprint", "").strip().lower()
        if public_key and announced:
            try:
                computed = httpsig.fingerprint(public_key)
            except httpsig.KeyFormatError:
                return data  # register_key says what is wrong with the key
            if computed != announced:
                raise ValidationError(_("L'empreinte de cette clé est %(computed)s, pas celle annoncée : "
                                        "la clé a été mal recopiée.") % {"computed": computed})
        return data


def keys_view(request):
    if not can_enrol(request.user):
        raise PermissionDenied
    establishments = enrolling_establishments(request.user)
    form = KeyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            key = register_key(form.cleaned_data["establishment"], form.cleaned_data["public_key"], request.user)
        except ValidationError as exc:
            form.add_error("public_key", exc)
        else:
            messages.success(request, _("Clé enregistrée pour %(establishment)s. Empreinte : %(fingerprint)s — "
                                        "elle doit être identique à celle affichée sur le serveur de "
                                        "l'établissement.") % {"establishment": key.establishment,
                                                               "fingerprint": key.fingerprint})
            return redirect("indicators_keys")
    keys = EstablishmentKey.objects.filter(establishment__in=establishments).select_related(
        "establishment", "registered_by").order_by("establishment__name", "-created_at")
    return TemplateResponse(request, "indicators/admin/keys.html", {
        "form": form, "keys": keys, "now": timezone.now(), "page_title": _("Clés des établissements"),
    })


@require_POST
def revoke_view(request, pk: int):
    if not can_enrol(request.user):
        raise PermissionDenied
    key = get_object_or_404(EstablishmentKey, pk=pk, establishment__in=enrolling_establishments(request.user))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        messages.success(request, _("Clé %(fingerprint)s révoquée : elle ne vérifie plus aucun rapport.")
                         % {"fingerprint": key.fingerprint[:16]})
    return redirect("indicators_keys")
