"""``manage.py send_week_reminders [--academie CODE] [--dry-run]``: remind missing Semaine bilans."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fiches.models import Academie
from portal.synthesis.declarations import missing_bilans, send_reminders


class Command(BaseCommand):
    help = _("Relance par courriel les établissements dont le bilan de la Semaine de la persévérance manque.")

    def add_arguments(self, parser):
        parser.add_argument("--academie", help=_("code de l'académie (toutes par défaut)"))
        parser.add_argument("--dry-run", action="store_true", help=_("liste sans envoyer"))

    def handle(self, *args, academie=None, dry_run=False, **options):
        ids = set(Academie.objects.filter(code=academie).values_list("pk", flat=True)) if academie else None
        actions = list(missing_bilans(ids))
        for action in actions:
            self.stdout.write(f"{action.week.academie.name} — {action.establishment.name} — {action.title}")
        if dry_run:
            self.stdout.write(_("%(n)s bilan(s) manquant(s), aucune relance envoyée.") % {"n": len(actions)})
            return
        self.stdout.write(_("%(n)s relance(s) envoyée(s).") % {"n": send_reminders(actions)})
