"""The daily purge of the files past their retention period (docs/sas.md « Retention period »), as a scheduled job
of ``manage.py run_schedule`` (hook ``scheduled_jobs``)."""
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.jobs import ScheduledJob


def purge_expired_files() -> None:
    """``sas_purge --yes``, named in the access logs as the scheduled task; raises when an establishment failed."""
    call_command("sas_purge", "--yes", "--by", _("tâche planifiée"))


PURGE_JOB = ScheduledJob(
    name="sas_purge",
    label=gettext_lazy("Purge des dossiers d'élèves dont la durée de conservation est échue (SAS)"),
    cron="30 3 * * *",
    run=purge_expired_files,
)
