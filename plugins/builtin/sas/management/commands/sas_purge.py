"""``manage.py sas_purge [--dry-run]``: delete the student records past their retention period."""
import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from ...privacy import plan_purge, purge


class Command(BaseCommand):
    help = _("Supprime les dossiers d'élèves dont la durée de conservation est échue ; garde des agrégats anonymes.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Affiche ce qui serait supprimé, sans rien supprimer."))
        parser.add_argument("--today", type=dt.date.fromisoformat, help=_("Date de référence (AAAA-MM-JJ), aujourd'hui par défaut."))

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        plan = plan_purge(today) if dry_run else purge(today)
        for campaign in plan.campaigns:
            self.stdout.write(_("Campagne échue : %(c)s (conservation jusqu'au %(d)s)") % {"c": campaign, "d": campaign.expires_on})
        summary = _("%(cases)s dossier(s), %(students)s élève(s)") % {"cases": plan.cases, "students": plan.students}
        if dry_run:
            self.stdout.write(_("Simulation : seraient supprimés %(s)s.") % {"s": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Supprimés : %(s)s ; journal pseudonymisé.") % {"s": summary}))
