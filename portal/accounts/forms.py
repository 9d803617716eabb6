from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from fiches.control_characters import ControlCharactersGuard
from fiches.models import Academie, Establishment
from fiches.roles import administered_academie_ids

from .models import Membership


ACCOUNT_EXISTS = _("Un compte existe déjà pour cette adresse : ajoutez-lui un rattachement.")


class InvitationForm(ControlCharactersGuard, forms.Form):
    """Invite a person by e-mail into one role, within the académies the inviter administers."""

    # The address is also the account's username, whose column is shorter than an address may be (150, not 320).
    email = forms.EmailField(label=_("Adresse électronique"),
                             max_length=get_user_model()._meta.get_field("username").max_length)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices)
    establishment = forms.ModelChoiceField(
        label=_("Établissement (pour un rédacteur)"), queryset=Establishment.objects.none(), required=False
    )
    academie = forms.ModelChoiceField(
        label=_("Académie (pour un modérateur ou un administrateur)"), queryset=Academie.objects.none(), required=False
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        academies = Academie.objects.current()
        if not inviter.is_superuser:
            academies = academies.filter(pk__in=administered_academie_ids(inviter))
        self.fields["academie"].queryset = academies
        self.fields["establishment"].queryset = Establishment.objects.filter(academie__in=academies)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(ACCOUNT_EXISTS)
        return email

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Membership.Role.EDITOR:
            if not data.get("establishment"):
                self.add_error("establishment", _("Choisissez l'établissement du rédacteur."))
            data["academie"] = None
        elif role:
            if not data.get("academie"):
                self.add_error("academie", _("Choisissez l'académie."))
            data["establishment"] = None
        return data


class LoginForm(ControlCharactersGuard, WagtailLoginForm):
    """Wagtail's login form with a French label on the password field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mot de passe")
