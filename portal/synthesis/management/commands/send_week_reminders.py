"""``manage.py send_week_reminders [--academie CODE] [--annee AAAA-AAAA] [--dry-run]``: remind missing Semaine bilans.

Like the scheduled job (portal/schedule/core_jobs.py), only the Semaines ended in this school year by default: a bilan
of an earlier year is asked for again only when that year is named.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from fiches.models import Academie
from plugins import periods
from portal.synthesis.declarations import missing_bilans, send_reminders


class Command(BaseCommand):
    help = _("Relance par courriel les établissements dont le bilan de la Semaine de la persévérance manque.")

    def add_arguments(self, parser):
        parser.add_argument("--academie", help=_("code de l'académie (toutes par défaut)"))
        parser.add_argument("--annee", help=_("année scolaire des Semaines, par exemple 2024-2025 (l'année en cours par "
                                              "défaut)"))
        parser.add_argument("--dry-run", action="store_true", help=_("liste sans envoyer"))

    def handle(self, *args, academie=None, annee=None, dry_run=False, **options):
        ids = set(Academie.objects.filter(code=academie).values_list("pk", flat=True)) if academie else None
        if academie and not ids:
            raise CommandError(_("Aucune académie n'a le code « %(code)s ».") % {"code": academie})
        code = annee or periods.school_year_of(timezone.localdate())
        try:
            year = periods.school_year(code)
        except ValueError:
            raise CommandError(_("« %(code)s » n'est pas une année scolaire : écrivez-la comme 2024-2025.")
                               % {"code": code}) from None
        actions = list(missing_bilans(ids, ended_since=year.start).filter(week__end_date__lte=year.end))
        for action in actions:
            self.stdout.write(f"{action.week.academie.name} — {action.establishment.name} — {action.title}")
        if dry_run:
            self.stdout.write(ngettext("%(n)s bilan manquant, aucune relance envoyée.",
                                       "%(n)s bilans manquants, aucune relance envoyée.", len(actions)) % {"n": len(actions)})
            return
        sent = send_reminders(actions)
        self.stdout.write(ngettext("%(n)s relance envoyée.", "%(n)s relances envoyées.", sent) % {"n": sent})
