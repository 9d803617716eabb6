"""The scheduled jobs of the core and of the plugins, run by APScheduler: each at its cron times in ``TIME_ZONE``, one
run of a job at a time, the runs missed while the process was busy or asleep coalesced into one. A job that raises is
logged (one French line and the traceback); the other jobs and its own next runs go on."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections

from plugins.jobs import ScheduledJob
from plugins.manager import gather_lists

from .core_jobs import CORE_JOBS

logger = logging.getLogger(__name__)

JOB_DEFAULTS = {
    "coalesce": True,  # several missed runs make one
    "max_instances": 1,  # a run still going when the next is due: the next waits for its following time
    "misfire_grace_time": None,  # a run missed (process busy, host asleep) is made late rather than dropped
}


@dataclass(frozen=True)
class PlannedJob:
    job: ScheduledJob
    trigger: CronTrigger

    def next_run(self, now: dt.datetime | None = None) -> dt.datetime | None:
        return self.trigger.get_next_fire_time(None, now or dt.datetime.now(time_zone()))


def time_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def planned_jobs() -> list[PlannedJob]:
    """The core's jobs then the plugins' (hook ``scheduled_jobs``). A job whose cron line is wrong, or whose name an
    earlier job took, is logged and left out: it never keeps the others from running."""
    planned, names = [], set()
    for job in (*CORE_JOBS, *gather_lists("scheduled_jobs")):
        if job.name in names:
            logger.error("Tâche planifiée « %s » ignorée : une autre tâche porte déjà ce nom.", job.name)
            continue
        try:
            trigger = CronTrigger.from_crontab(job.cron, timezone=time_zone())
        except ValueError as error:
            logger.error("Tâche planifiée « %s » ignorée : horaire « %s » invalide (%s).", job.name, job.cron, error)
            continue
        names.add(job.name)
        planned.append(PlannedJob(job, trigger))
    return planned


def run_job(job: ScheduledJob) -> bool:
    """Run ``job`` now and say whether it succeeded; a failure is logged with its traceback, never raised."""
    logger.info("Tâche planifiée « %s » : début.", job.name)
    try:
        outcome = job.run()
    except Exception:  # noqa: BLE001 - one job's failure must stop neither the other jobs nor its own next runs
        logger.exception("Tâche planifiée « %s » (%s) en échec ; elle repartira à sa prochaine heure.", job.name, job.label)
        return False
    logger.info("Tâche planifiée « %s » : terminée%s.", job.name, f" ({outcome})" if outcome else "")
    return True


def _run_in_scheduler_thread(job: ScheduledJob) -> None:
    """A scheduler thread keeps its database connection from one run to the next, hours apart: drop it when the
    server closed it or it is older than ``CONN_MAX_AGE``, as Django does around each request."""
    close_old_connections()
    try:
        run_job(job)
    finally:
        close_old_connections()


def build_scheduler(planned: list[PlannedJob], scheduler_class: type[BaseScheduler] = BlockingScheduler) -> BaseScheduler:
    scheduler = scheduler_class(timezone=time_zone(), job_defaults=JOB_DEFAULTS)
    for item in planned:
        scheduler.add_job(_run_in_scheduler_thread, item.trigger, args=[item.job], id=item.job.name,
                          name=str(item.job.label))
    return scheduler
