"""The Semaine de la persévérance as Créteil runs it (seed 002): an establishment declares its
action before the week (linked to a fiche, or creating a draft one), files its bilan after it,
and the académie sees what is declared, what bilan is missing, and sends reminders."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fiches.models import Establishment, PerseveranceWeek
from fiches.models.semaine import PerseveranceWeekAction
from fiches.serialization import SCHEMA_NAME, apply_fiche_data
from portal.accounts.models import Membership
from fiches.roles import administered_academie_ids, establishment_ids, moderated_academie_ids


def editable_establishments(user):
    if user.is_superuser:
        return Establishment.objects.all()
    return Establishment.objects.filter(pk__in=establishment_ids(user))


def overseen_academie_ids(user) -> set[int] | None:
    """Académies whose declarations the user oversees; None means all (superuser)."""
    if user.is_superuser:
        return None
    return moderated_academie_ids(user) | administered_academie_ids(user)


def open_weeks(user):
    """Weeks of the académies of the user's establishments that have not ended yet (or undated)."""
    today = timezone.localdate()
    academies = editable_establishments(user).values("academie")
    return (PerseveranceWeek.objects.filter(academie__in=academies)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .select_related("academie", "school_year"))


def draft_fiche(action: PerseveranceWeekAction, user):
    """A draft fiche (not published) for a declared action, through the fiche document format."""
    week, lead = action.week, action.establishment
    document = {
        "schema": SCHEMA_NAME,
        "academie": week.academie.code,
        "title": action.title,
        "summary": action.objectives,
        "school_years": [week.school_year.code],
        "lead_structure": {"name": lead.name, "kind": lead.kind, "commune": lead.commune or None,
                           "uai": lead.uai or None, "academie": lead.academie.code},
        "public_description": action.public,
        "communication": action.communication,
        "perseverance_week": {"academie": week.academie.code, "school_year": week.school_year.code},
    }
    if action.description:
        document["programme"] = [{"type": "paragraph", "text": action.description}]
    return apply_fiche_data(document, user=user, publish=False)


REMIND_AGAIN_AFTER = dt.timedelta(minutes=10)


def missing_bilans(academie_ids: set[int] | None = None, today=None, ended_since: dt.date | None = None):
    """Declared actions of weeks already ended (on or after ``ended_since``, if given) whose bilan is not filed."""
    today = today or timezone.localdate()
    actions = PerseveranceWeekAction.objects.filter(bilan_filed_at__isnull=True, week__end_date__lt=today)
    if ended_since is not None:
        actions = actions.filter(week__end_date__gte=ended_since)
    if academie_ids is not None:
        actions = actions.filter(week__academie_id__in=academie_ids)
    return actions.select_related("week__academie", "week__school_year", "establishment", "declared_by")


def _recipients(action: PerseveranceWeekAction) -> list[str]:
    editors = Membership.objects.filter(role=Membership.Role.EDITOR, establishment=action.establishment)
    emails = {m.user.email for m in editors.select_related("user") if m.user.email}
    if action.declared_by and action.declared_by.email:
        emails.add(action.declared_by.email)
    return sorted(emails)


def send_reminders(actions) -> int:
    """One e-mail per action whose bilan is missing, to its establishment's editors; returns the count sent."""
    sent = 0
    for action in actions:
        recipients = _recipients(action)
        if not recipients:
            continue
        subject = _("Semaine de la persévérance : bilan attendu pour « %(title)s »") % {"title": action.title}
        body = _(
            "Bonjour,\n\nLa Semaine de la persévérance %(year)s de l'%(academie)s est terminée. Le bilan de l'action "
            "« %(title)s » (%(establishment)s) n'a pas encore été déposé. Vous pouvez le déposer dans votre espace "
            "de travail Accroche, rubrique « Semaine de la persévérance ».\n\nMerci."
        ) % {"year": action.week.school_year.code, "academie": action.week.academie.title,
             "title": action.title, "establishment": action.establishment.name}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        action.last_reminder_at = timezone.now()
        action.save(update_fields=["last_reminder_at"])
        sent += 1
    return sent


def remind_missing_bilans(academie_ids: set[int] | None = None, ended_since: dt.date | None = None) -> tuple[int, int]:
    """Remind the missing bilans of ``academie_ids`` (all for None) of the weeks ended on or after ``ended_since`` (any
    for None), except those reminded less than :data:`REMIND_AGAIN_AFTER` ago; returns (e-mails sent, actions left
    alone as just reminded).

    The actions' rows are held while their reminder time is read, the e-mails sent and the time written: of
    two clicks at once, the second waits for the first and finds every action just reminded.
    """
    with transaction.atomic():
        actions = list(missing_bilans(academie_ids, ended_since=ended_since).select_for_update(of=("self",)).order_by("pk"))
        now = timezone.now()
        recent = [action for action in actions
                  if action.last_reminder_at and now - action.last_reminder_at < REMIND_AGAIN_AFTER]
        return send_reminders(action for action in actions if action not in recent), len(recent)
