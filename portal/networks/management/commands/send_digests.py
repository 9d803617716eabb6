"""``manage.py send_digests``: send the due digest e-mails now, or ``--enqueue`` them for the worker."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _, ngettext

from portal.networks.digests import send_digests
from portal.networks.tasks import send_digests_task


class Command(BaseCommand):
    help = _("Envoie les lettres de suivi dues (quotidiennes et hebdomadaires). À lancer chaque heure.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help=_("Confier l'envoi aux tâches de fond (manage.py db_worker) au lieu de l'envoyer ici."))

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_digests_task.enqueue()
            self.stdout.write(_("Envoi confié aux tâches de fond (tâche %(id)s).") % {"id": result.id})
            return
        run = send_digests()
        emails = ngettext("%(n)s lettre envoyée", "%(n)s lettres envoyées", run.emails) % {"n": run.emails}
        follows = ngettext("pour %(n)s suivi.", "pour %(n)s suivis.", run.follows) % {"n": run.follows}
        self.stdout.write(f"{emails} {follows}")
