"""The e-mail each registered person receives when their event is cancelled or restored.

Sent by a django-tasks task, so that the coordinator's page does not wait for the mail server; the views
enqueue it in the transaction that changes the event, so that a cancellation clicked twice (two tabs) finds
the event already cancelled and sends nothing more.
"""
from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .digests.mail import base_url
from .models import Event

CANCELLED = "cancelled"
RESTORED = "restored"
SUBJECTS = {
    CANCELLED: lambda event: _("Événement annulé : %(title)s") % {"title": event.title},
    RESTORED: lambda event: _("Événement rétabli : %(title)s") % {"title": event.title},
}


def notice_messages(event: Event, notice: str) -> list[EmailMessage]:
    """One e-mail per registered person with an address, in French."""
    subject = SUBJECTS[notice](event)
    event_url = base_url() + event.get_absolute_url()
    messages = []
    for registration in event.registrations.select_related("user").exclude(user__email="").order_by("pk"):
        user = registration.user
        body = render_to_string("networks/email/event_notice.txt", {
            "notice": notice, "event": event, "event_url": event_url,
            "name": user.get_full_name() or user.get_username(),
        })
        messages.append(EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[user.email], headers={"Auto-Submitted": "auto-generated"}))
    return messages


@task()
def send_event_notice(event_id: int, notice: str) -> int:
    """Tell the registered people of event ``event_id`` that it is cancelled or restored; returns how many
    e-mails left (none when the event was deleted meanwhile)."""
    event = Event.objects.select_related("network").filter(pk=event_id).first()
    if event is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        messages = notice_messages(event, notice)
    return get_connection().send_messages(messages) if messages else 0
