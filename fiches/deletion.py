"""Deleting a snippet that something still uses: a French sentence naming what uses it, and nothing deleted.

Académies, structures and school years are used through protected foreign keys (an académie's page and
structures, a structure's fiches, a year's fiches and Semaine records). Wagtail refuses such a deletion
only when its reference index knows the use; the académie pages made at bootstrap, for one, are not in
it, so the delete view went on and Django raised ProtectedError: a 500 (superuser). When the index did
know, Wagtail answered « permission denied » without saying why.

:func:`refuse_deleting_what_is_used` (Wagtail's ``before_delete_snippet`` hook, run by the snippet delete
view and the bulk delete action after their permission checks) asks Django's deletion collector, on the
confirming POST, what would block the deletion; if anything does, the user goes back to the
confirmation screen with the sentence, and nothing is deleted.
"""
from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _, ngettext

#: Objects named per kind in the sentence; the rest are counted.
NAMED_PER_KIND = 3


def blocking_uses(instances) -> list:
    """The objects that protected (or restricted) foreign keys make block the deletion of ``instances``."""
    if not instances:
        return []
    collector = Collector(using=router.db_for_write(type(instances[0])))
    try:
        collector.collect(list(instances))
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    return []


def and_others(count: int) -> str:
    """« et 1 autre », « et 4 autres »: the objects left unnamed."""
    return ngettext("et %(count)d autre", "et %(count)d autres", count) % {"count": count}


def describe_uses(instances, uses) -> str:
    kinds = defaultdict(list)
    for use in uses:
        kinds[capfirst(use._meta.verbose_name_plural)].append(use)
    parts = []
    # Django's collector gives a set: the names come in alphabetical order, the same at every try.
    for kind, objects in sorted(kinds.items()):
        objects.sort(key=str)
        names = ", ".join(f"« {obj} »" for obj in objects[:NAMED_PER_KIND])
        more = len(objects) - NAMED_PER_KIND
        parts.append(f"{kind} : {names}" + (f" {and_others(more)}" if more > 0 else ""))
    subject = ", ".join(f"« {instance} »" for instance in instances[:NAMED_PER_KIND])
    if len(instances) > NAMED_PER_KIND:
        subject += f" {and_others(len(instances) - NAMED_PER_KIND)}"
    return _("Rien n'a été supprimé : %(subject)s est encore utilisé par — %(uses)s.") % {
        "subject": subject, "uses": " ; ".join(parts)}


def refuse_deleting_what_is_used(request, instances):
    if request.method != "POST":
        return None
    uses = blocking_uses(instances)
    if not uses:
        return None
    messages.error(request, describe_uses(list(instances), uses))
    return redirect(request.get_full_path())
