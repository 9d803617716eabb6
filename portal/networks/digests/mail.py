"""The digest e-mail of one person, with a one-click unsubscribe (RFC 2369 and RFC 8058)."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ..tokens import unsubscribe_token


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def digest_message(user, sections, *, frequency_label: str) -> EmailMultiAlternatives:
    """One e-mail listing every section; ``List-Unsubscribe-Post`` lets the mail client unsubscribe
    with one POST to the signed address, without logging in."""
    root = base_url()
    unsubscribe_url = root + reverse("networks:unsubscribe", args=[unsubscribe_token(user.pk)])
    context = {
        "user": user,
        "sections": sections,
        "frequency_label": frequency_label,
        "unsubscribe_url": unsubscribe_url,
        "follows_url": root + reverse("networks:follows"),
    }
    subject = _("Accroche — les nouveautés de vos suivis (%(n)s)") % {
        "n": sum(len(s.fiches) + s.more_fiches + len(s.events) for s in sections)}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("networks/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Accroche - suivis <suivis.accroche>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("networks/email/digest.html", context), "text/html")
    return message
