"""A periodic job, as the core and the plugins declare it (hook ``scheduled_jobs``) for ``manage.py run_schedule``."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScheduledJob:
    """What to run and when.

    ``name`` identifies the job (``run_schedule --once NAME``; prefix a plugin's with its name); ``label`` says what it
    does, in French; ``cron`` holds a crontab line's five fields (minute hour day month day-of-week, the days of the
    week by name: ``mon``…``sun``), read in the project's ``TIME_ZONE``; ``run`` takes no argument, raises on failure
    and may return a line for the log.
    """

    name: str
    label: str
    cron: str
    run: Callable[[], Any]
