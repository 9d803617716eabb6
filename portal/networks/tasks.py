"""Background tasks (django-tasks): the digests, which production enqueues from cron (see README), and the
dashboards' warming after a report (enqueued by :mod:`.signals`)."""
from django.conf import settings
from django.utils import translation
from django_tasks import task

from fiches.models import Academie

from .dashboards import access, cached
from .digests import send_digests
from .models import Network


@task()
def send_digests_task() -> dict:
    """Send the due digests; returns the counts (stored with the task result)."""
    run = send_digests()
    return {"follows": run.follows, "emails": run.emails}


@task()
def warm_dashboard(kind: str, key: str) -> list[str]:
    """Compute the default view of an académie's (``kind`` "academie", its code) or a network's
    ("network", its slug) dashboard, page and exports, into the cache; returns the kinds computed."""
    if kind == "academie":
        scope = access.scope_of_academie(Academie.objects.get(code=key))
    else:
        scope = access.scope_of_network(Network.objects.get(slug=key))
    with translation.override(settings.LANGUAGE_CODE):
        return cached.warm(scope)
