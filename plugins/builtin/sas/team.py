"""Adding people to an establishment's SAS team, creating their account when they have none.

A new account has no usable password: its owner receives the portal's password-reset link
(Django's default token generator, the URL found by name), so the plugin needs no code of the portal.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import SasMembership, Workshop

PASSWORD_CONFIRM_URL = "wagtailadmin_password_reset_confirm"


def password_setup_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(PASSWORD_CONFIRM_URL, kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def add_member(*, inviter, establishment, role, division="", user=None, email="", first_name="", last_name=""):
    """The new membership of ``user``, or of a new account for ``email`` that is sent its password link."""
    if user is None:
        user = get_user_model().objects.create_user(
            username=email, email=email, first_name=first_name, last_name=last_name, password=None
        )
        _send_invitation(inviter, user, establishment, SasMembership.Role(role).label)
    return SasMembership.objects.create(user=user, establishment=establishment, role=role, division=division)


@transaction.atomic
def remove_member(membership: SasMembership) -> None:
    """Delete ``membership``; a workshop teacher also stops facilitating the establishment's workshops."""
    membership.delete()
    if membership.role == SasMembership.Role.WORKSHOP_TEACHER:
        for workshop in Workshop.objects.filter(campaign__establishment=membership.establishment,
                                                facilitators=membership.user):
            workshop.facilitators.remove(membership.user)


def _send_invitation(inviter, user, establishment, role_label):
    context = {"user": user, "inviter": inviter, "establishment": establishment, "role": role_label,
               "url": password_setup_url(user)}
    subject = render_to_string("sas/emails/invitation_subject.txt", context).strip()
    body = render_to_string("sas/emails/invitation_body.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
