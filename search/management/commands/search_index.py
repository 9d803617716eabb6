"""Search index lifecycle: ``--rebuild`` (alias swap, no downtime), ``--check`` and ``--repair``."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.backends import SearchUnavailable, get_search_backend
from search.lifecycle import measure_drift, repair


class Command(BaseCommand):
    help = _("Reconstruit, vérifie ou répare les index de recherche des fiches.")

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help=_("Réindexe toutes les fiches publiées."))
        action.add_argument("--check", action="store_true", help=_("Signale les écarts entre la base et l'index."))
        action.add_argument("--repair", action="store_true", help=_("Corrige les écarts signalés par --check."))

    def handle(self, *args, rebuild=False, check=False, repair=False, **options):
        try:
            for backend in get_search_backend().members:
                if rebuild:
                    self._rebuild(backend)
                else:
                    self._check(backend, fix=repair)
        except SearchUnavailable as error:
            raise CommandError(_("Le moteur de recherche ne répond pas : %(error)s") % {"error": error}) from error

    def _rebuild(self, backend):
        self.stdout.write(_("Index « %(name)s » : reconstruction…") % {"name": backend.name})

        def progress(done, total):
            self.stdout.write(f"  {done}/{total}")

        count = backend.rebuild(progress)
        self.stdout.write(self.style.SUCCESS(_("Index « %(name)s » : %(count)s fiches indexées.") % {
            "name": backend.name, "count": count}))

    def _check(self, backend, *, fix: bool):
        drift = measure_drift(backend)
        for label, ids in ((_("manquantes"), drift.missing), (_("périmées"), drift.stale),
                           (_("orphelines"), drift.orphans)):
            shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
            self.stdout.write(f"{backend.name} — {label} : {len(ids)}" + (f" ({shown})" if ids else ""))
        if drift.clean:
            self.stdout.write(self.style.SUCCESS(_("Index « %(name)s » à jour.") % {"name": backend.name}))
        elif fix:
            repair(backend, drift)
            self.stdout.write(self.style.SUCCESS(_("Index « %(name)s » réparé.") % {"name": backend.name}))
        else:
            raise CommandError(_("Index « %(name)s » : écarts trouvés, lancez `search_index --repair`.") % {
                "name": backend.name})
