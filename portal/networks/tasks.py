"""Background task of the digests (django-tasks); production enqueues it from cron (see README)."""
from django_tasks import task

from .digests import send_digests


@task()
def send_digests_task() -> dict:
    """Send the due digests; returns the counts (stored with the task result)."""
    run = send_digests()
    return {"follows": run.follows, "emails": run.emails}
