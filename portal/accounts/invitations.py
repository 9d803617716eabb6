"""Create an invited account and send the link with which its owner chooses a password."""
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.conf import settings

from .models import Membership


def password_setup_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def invite(*, inviter, email, first_name, last_name, role, establishment=None, academie=None):
    user = get_user_model().objects.create_user(
        username=email, email=email, first_name=first_name, last_name=last_name, password=None
    )
    Membership.objects.create(user=user, role=role, establishment=establishment, academie=academie)
    context = {
        "user": user,
        "inviter": inviter,
        "role": Membership.Role(role).label,
        "scope": establishment or academie,
        "url": password_setup_url(user),
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user
