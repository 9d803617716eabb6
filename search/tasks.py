"""Background tasks that keep the search indices in step with publication.

A task that finds the search service unreachable re-enqueues itself (later, when
the task backend can defer) up to ``MAX_ATTEMPTS`` times; after that the fiche
stays out of step until ``manage.py search_index --repair``, which the log says.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .backends import SearchUnavailable, get_search_backend

MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(seconds=30)

logger = logging.getLogger(__name__)


@task()
def index_fiche(fiche_id: int, attempt: int = 1) -> None:
    """Index a fiche as it is now in the database (removes it if it is not published)."""
    _run(index_fiche, "index_fiche", fiche_id, attempt)


@task()
def remove_fiche(fiche_id: int, attempt: int = 1) -> None:
    """Remove a deleted fiche from the search indices."""
    _run(remove_fiche, "remove_fiche", fiche_id, attempt)


@task()
def vocabulary_changed() -> None:
    """Rebuild the indices that hold the vocabulary (Elasticsearch's synonym graph) after an edit of it."""
    for backend in get_search_backend().members:
        try:
            if backend.vocabulary_changed():
                logger.info("Index %s reconstruit avec le vocabulaire modifié.", backend.name)
        except SearchUnavailable as error:
            logger.error("Index %s non reconstruit après la modification du vocabulaire (%s) : "
                         "lancez `manage.py search_index --rebuild`.", backend.name, error)


def _run(this_task, method: str, fiche_id: int, attempt: int) -> None:
    try:
        getattr(get_search_backend(), method)(fiche_id)
    except SearchUnavailable as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "Index de recherche non mis à jour pour la fiche %s après %s tentatives (%s) : "
                "lancez `manage.py search_index --repair`.", fiche_id, attempt, error,
            )
            return
        logger.warning("Index de recherche indisponible (%s), nouvelle tentative %s pour la fiche %s.",
                       error, attempt + 1, fiche_id)
        retry = this_task
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_DELAY * attempt)
        retry.enqueue(fiche_id, attempt=attempt + 1)
