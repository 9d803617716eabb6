"""``manage.py sas_purge [--dry-run] [--yes] [--by NAME]``: delete the student records past their retention period,
with the class teachers' notices and names that only those campaigns needed, and erase what those campaigns still say
about pupils (comptes rendus, applied plans, signatures and free text of questionnaire answers).

Establishments are purged one by one, each in its own transaction: one that fails is reported and
the others are purged. A real purge shows what it will delete and asks for confirmation, unless ``--yes``.
"""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from ...command_actor import add_by_argument, command_actor
from ...privacy import PurgePlan, purge_all

CONFIRMATION = "oui"


class Command(BaseCommand):
    help = _("Supprime les dossiers d'élèves dont la durée de conservation est échue, avec les avis aux enseignants "
             "des classes et leurs noms devenus inutiles ; garde des agrégats anonymes.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Affiche ce qui serait supprimé, sans rien supprimer."))
        parser.add_argument("--yes", action="store_true", help=_("Supprime sans demander de confirmation (tâche planifiée)."))
        parser.add_argument("--today", type=dt.date.fromisoformat, help=_("Date de référence (AAAA-MM-JJ), aujourd'hui par défaut."))
        add_by_argument(parser)

    def handle(self, *args, dry_run=False, yes=False, today=None, by="", **options):
        today = today or timezone.localdate()
        planned, failed = self._report(purge_all(today, dry_run=True), _("Simulation : seraient supprimés %(s)s."))
        if not dry_run and planned:
            if not yes:
                answer = input(_("Supprimer définitivement ces données ? Tapez « %(word)s » pour confirmer : ")
                               % {"word": CONFIRMATION})
                if answer.strip().lower() != CONFIRMATION:
                    raise CommandError(_("Purge annulée : rien n'a été supprimé."))
            _done, failed = self._report(purge_all(today, dry_run=False, actor=command_actor(by)), _("Supprimés : %(s)s ; journal pseudonymisé."),
                                         done=True)
        if failed:
            raise CommandError(ngettext("%(n)d établissement en échec (voir ci-dessus) ; les autres ont été traités.",
                                        "%(n)d établissements en échec (voir ci-dessus) ; les autres ont été traités.",
                                        failed) % {"n": failed})

    def _report(self, outcomes, total_line: str, done: bool = False) -> tuple[int, int]:
        """Write each establishment's result and the total; (records concerned, establishments failed)."""
        total = PurgePlan(campaigns=[], cases=0, students=0)
        failed = []
        for outcome in outcomes:
            if outcome.error:
                failed.append(outcome)
                self.stderr.write(self.style.ERROR(_("%(e)s : purge impossible, rien n'y est supprimé (%(error)s).")
                                                   % {"e": outcome.establishment, "error": outcome.error}))
                continue
            for campaign in outcome.plan.campaigns:
                self.stdout.write(_("%(e)s — campagne échue : %(c)s (conservation jusqu'au %(d)s)")
                                  % {"e": outcome.establishment, "c": campaign, "d": campaign.expires_on})
            total.cases, total.students = total.cases + outcome.plan.cases, total.students + outcome.plan.students
            total.teachers, total.notices = total.teachers + outcome.plan.teachers, total.notices + outcome.plan.notices
            total.traces += outcome.plan.traces
        line = total_line % {"s": f"{total.deleted_text()}, {total.erased_text()}"}
        self.stdout.write(self.style.SUCCESS(line) if done else line)
        return total.cases + total.students + total.teachers + total.notices + total.traces, len(failed)
