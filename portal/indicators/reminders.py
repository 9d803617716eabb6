"""Reminding the establishments whose report for a period is missing or still awaited.

The e-mail goes to the establishment's editors on the portal (its known contacts), sent by a
django-tasks task so that the analyst's page does not wait for the mail server. An establishment reminded
less than :data:`REMIND_AGAIN_AFTER` ago is not reminded again (:func:`claim`): the button clicked twice,
or by two analysts at once, sends one e-mail.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.accounts.models import Membership

from .models import ExpectedReport, ReportingPeriod

REMIND_AGAIN_AFTER = dt.timedelta(minutes=10)


def contacts(establishment_ids: list[int]) -> dict[int, list[str]]:
    """E-mail addresses of each establishment's editors."""
    found: dict[int, list[str]] = {}
    memberships = Membership.objects.filter(role=Membership.Role.EDITOR, establishment_id__in=establishment_ids)
    for establishment_id, email in memberships.exclude(user__email="").values_list("establishment_id", "user__email"):
        found.setdefault(establishment_id, []).append(email)
    return found


def claim(period: ReportingPeriod, establishment_ids: list[int]) -> tuple[list[int], list[int]]:
    """The establishments to remind now and those reminded less than :data:`REMIND_AGAIN_AFTER` ago.

    The expected reports' rows are held while their reminder time is read and written, so that of two
    requests at once the second waits and finds them just reminded. Call within a transaction that also
    enqueues the reminders, so that nothing is recorded as sent when the enqueueing fails.
    """
    now = timezone.now()
    expected = list(ExpectedReport.objects.select_for_update()
                    .filter(period=period, establishment_id__in=establishment_ids).order_by("pk"))
    recent = [item for item in expected if item.last_reminder_at and now - item.last_reminder_at < REMIND_AGAIN_AFTER]
    due = [item for item in expected if item not in recent]
    ExpectedReport.objects.filter(pk__in=[item.pk for item in due]).update(last_reminder_at=now)
    return [item.establishment_id for item in due], [item.establishment_id for item in recent]


@task()
def send_reminders(period_id: int, establishment_ids: list[int]) -> int:
    """Send one reminder per establishment with a contact; returns how many e-mails left."""
    from fiches.models import Establishment

    period = ReportingPeriod.objects.get(pk=period_id)
    names = dict(Establishment.objects.filter(pk__in=establishment_ids).values_list("pk", "name"))
    messages = []
    for establishment_id, emails in contacts(establishment_ids).items():
        subject = _("Rapport d'indicateurs attendu : %(period)s") % {"period": period.label}
        if period.due_date:
            awaited = _("attendu au plus tard le %(due)s") % {"due": period.due_date.strftime("%d/%m/%Y")}
        else:
            awaited = _("attendu dès que possible")
        body = _(
            "Bonjour,\n\nLe portail n'a pas encore reçu le rapport d'indicateurs de %(name)s pour la période "
            "« %(period)s » (%(awaited)s).\n\nL'établissement peut le vérifier et le transmettre "
            "depuis son nœud Accroche.\n"
        ) % {"name": names.get(establishment_id, ""), "period": period.label, "awaited": awaited}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, emails))
    return send_mass_mail(messages, fail_silently=False) if messages else 0


