"""The outbox's background task, run by `manage.py db_worker` (at once in the embedded demo)."""
from __future__ import annotations

from django.conf import settings
from django_tasks import default_task_backend, task
from django_tasks.base import TaskResultStatus

from .embedded import send_in_process
from .sending import send_pending


@task()
def send_outbox() -> dict:
    """Send what is due; when something waits, come back when its next attempt is due."""
    if settings.ACCROCHE_ROLE == "embedded" and settings.ACCROCHE_EMBEDDED_DELIVERY and not settings.ACCROCHE_PORTAL_URL:
        summary = send_in_process()
    else:
        summary = send_pending()
    if summary.next_attempt_at is not None and default_task_backend.supports_defer and not _retry_scheduled():
        send_outbox.using(run_after=summary.next_attempt_at).enqueue()
    return {"acknowledged": len(summary.acknowledged), "refused": len(summary.refused),
            "waiting": len(summary.waiting)}


def _retry_scheduled() -> bool:
    """One waiting retry is enough: the database backend can tell whether one is queued."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=send_outbox.module_path).exists()
