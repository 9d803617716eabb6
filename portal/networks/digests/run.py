"""One digest run: due follows, batch by batch, one e-mail per person, cursors moved once.

A follow is due when its period (a day, a week) has passed since its cursor, give or take
``SLACK`` so that an hourly scheduler does not slip a day by a few seconds. Each batch is
handled in one transaction that locks its follows (``skip_locked`` on PostgreSQL), so two
runs at once never send the same news twice; the cursors move to the run's start only after
the batch's e-mails are handed to the mail server.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Follow
from .collect import NewsIndex
from .mail import digest_message

PERIODS = {Follow.Frequency.DAILY: dt.timedelta(days=1), Follow.Frequency.WEEKLY: dt.timedelta(days=7)}
SLACK = dt.timedelta(hours=1)
BATCH_USERS = 2000


@dataclass
class DigestRun:
    started_at: dt.datetime
    follows: int = 0
    emails: int = 0


def due_follows(now):
    due = Q()
    for frequency, period in PERIODS.items():
        due |= Q(frequency=frequency, last_digest_at__lte=now - period + SLACK)
    return Follow.objects.filter(due, user__is_active=True).exclude(user__email="")


def send_digests(now=None, *, batch_users: int = BATCH_USERS) -> DigestRun:
    """Send every due digest; return what was done."""
    run = DigestRun(started_at=now or timezone.now())
    user_ids = list(due_follows(run.started_at).order_by("user_id").values_list("user_id", flat=True).distinct())
    connection = get_connection()
    for start in range(0, len(user_ids), batch_users):
        _send_batch(user_ids[start:start + batch_users], run, connection)
    return run


@transaction.atomic
def _send_batch(user_ids, run: DigestRun, connection) -> None:
    follows = list(
        due_follows(run.started_at).filter(user_id__in=user_ids)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("user", "network", "academie").order_by("user_id", "created_at")
    )
    if not follows:
        return
    news = NewsIndex(follows, run.started_at)
    by_user = defaultdict(list)
    for follow in follows:
        by_user[follow.user_id].append(follow)
    messages = []
    for user_follows in by_user.values():
        user = user_follows[0].user
        sections = [s for s in (news.section(f, user) for f in user_follows) if s.fiches or s.events]
        if sections:
            labels = sorted({str(f.get_frequency_display()).lower() for f in user_follows})
            messages.append(digest_message(user, sections, frequency_label=", ".join(labels)))
    if messages:
        connection.send_messages(messages)
    Follow.objects.filter(pk__in=[f.pk for f in follows]).update(last_digest_at=run.started_at)
    run.follows += len(follows)
    run.emails += len(messages)
