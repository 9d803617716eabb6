"""``manage.py sas_backup FILE``: every record of the SAS module, as a Django fixture (JSON), readable by its owner only.

Each establishment whose data it copies gets an entry « sauvegarde complète » in its log, with the file's path, under
the server's account that ran it and the person named by ``--by``."""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ... import audit
from ...command_actor import add_by_argument, command_actor
from ...models import AuditLog
from ...private_files import open_private
from ...privacy import establishments_with_student_data


class Command(BaseCommand):
    help = _("Sauvegarde toutes les données du module SAS dans un fichier JSON (restauration : loaddata).")

    def add_arguments(self, parser):
        parser.add_argument("output", help=_("Fichier de sauvegarde à écrire."))
        add_by_argument(parser)

    def handle(self, *args, output, by="", **options):
        with open_private(output) as file:
            call_command("dumpdata", "sas", indent=1, natural_foreign=True, stdout=file)
        for establishment in establishments_with_student_data():
            audit.record_for_every_student(establishment, AuditLog.Action.BACKUP,
                                           _("sas_backup : sauvegarde complète écrite dans %(f)s") % {"f": output},
                                           command_actor(by))
        self.stdout.write(self.style.SUCCESS(_("Sauvegarde écrite dans %(f)s.") % {"f": output}))
