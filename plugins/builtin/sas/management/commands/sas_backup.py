"""``manage.py sas_backup FILE``: every record of the SAS module, as a Django fixture (JSON), readable by its owner only."""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...private_files import open_private


class Command(BaseCommand):
    help = _("Sauvegarde toutes les données du module SAS dans un fichier JSON (restauration : loaddata).")

    def add_arguments(self, parser):
        parser.add_argument("output", help=_("Fichier de sauvegarde à écrire."))

    def handle(self, *args, output, **options):
        with open_private(output) as file:
            call_command("dumpdata", "sas", indent=1, natural_foreign=True, stdout=file)
        self.stdout.write(self.style.SUCCESS(_("Sauvegarde écrite dans %(f)s.") % {"f": output}))
