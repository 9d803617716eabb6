"""The core's periodic jobs; the plugins add theirs through the hook ``scheduled_jobs``."""
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from plugins import periods
from plugins.jobs import ScheduledJob
from portal.synthesis.declarations import remind_missing_bilans


def enqueue_digests() -> None:
    """The due digests, sent by the worker (``manage.py db_worker``): ``send_digests --enqueue``."""
    call_command("send_digests", "--enqueue")


def remind_this_school_years_bilans() -> str:
    """Remind the missing bilans of the Semaines ended since this school year began (1 September): a bilan of an
    earlier year is no longer asked for by e-mail, each week, for ever."""
    this_year = periods.school_year(periods.school_year_of(timezone.localdate()))
    sent, _just_reminded = remind_missing_bilans(ended_since=this_year.start)
    return ngettext("%(n)s relance envoyée", "%(n)s relances envoyées", sent) % {"n": sent}


def clear_expired_sessions() -> None:
    call_command("clearsessions")


CORE_JOBS = (
    # A follow is due when its period has passed, give or take an hour (docs/networks.md): hourly never slips a day.
    ScheduledJob(name="send_digests", label=gettext_lazy("Lettres de suivi dues (réseaux, académies, recherches)"),
                 cron="0 * * * *", run=enqueue_digests),
    # Weekly: an establishment is reminded of a missing bilan each Monday morning of the school year.
    ScheduledJob(name="send_week_reminders",
                 label=gettext_lazy("Relance des bilans manquants de la Semaine de la persévérance"),
                 cron="0 9 * * mon", run=remind_this_school_years_bilans),
    ScheduledJob(name="clearsessions", label=gettext_lazy("Suppression des sessions expirées"),
                 cron="0 4 * * *", run=clear_expired_sessions),
)
