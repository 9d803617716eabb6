"""Reminding the establishments whose report for a period is missing or still awaited.

The e-mail goes to the establishment's editors on the portal (its known contacts), sent by a
django-tasks task so that the analyst's page does not wait for the mail server.
"""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _
from django_tasks import task

from portal.accounts.models import Membership

from .models import ReportingPeriod


def contacts(establishment_ids: list[int]) -> dict[int, list[str]]:
    """E-mail addresses of each establishment's editors."""
    found: dict[int, list[str]] = {}
    memberships = Membership.objects.filter(role=Membership.Role.EDITOR, establishment_id__in=establishment_ids)
    for establishment_id, email in memberships.exclude(user__email="").values_list("establishment_id", "user__email"):
        found.setdefault(establishment_id, []).append(email)
    return found


@task()
def send_reminders(period_id: int, establishment_ids: list[int]) -> int:
    """Send one reminder per establishment with a contact; returns how many e-mails left."""
    from fiches.models import Establishment

    period = ReportingPeriod.objects.get(pk=period_id)
    names = dict(Establishment.objects.filter(pk__in=establishment_ids).values_list("pk", "name"))
    messages = []
    for establishment_id, emails in contacts(establishment_ids).items():
        subject = _("Rapport d'indicateurs attendu : %(period)s") % {"period": period.label}
        due = period.due_date.strftime("%d/%m/%Y") if period.due_date else _("dès que possible")
        body = _(
            "Bonjour,\n\nLe portail n'a pas encore reçu le rapport d'indicateurs de %(name)s pour la période "
            "« %(period)s » (attendu au plus tard le %(due)s).\n\nL'établissement peut le vérifier et le transmettre "
            "depuis son nœud Accroche.\n"
        ) % {"name": names.get(establishment_id, ""), "period": period.label, "due": due}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, emails))
    return send_mass_mail(messages, fail_silently=False) if messages else 0


