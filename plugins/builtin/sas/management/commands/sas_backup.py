"""``manage.py sas_backup FILE``: every record of the SAS module, as a Django fixture (JSON)."""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Sauvegarde toutes les données du module SAS dans un fichier JSON (restauration : loaddata).")

    def add_arguments(self, parser):
        parser.add_argument("output", help=_("Fichier de sauvegarde à écrire."))

    def handle(self, *args, output, **options):
        call_command("dumpdata", "sas", indent=1, output=output, natural_foreign=True)
        self.stdout.write(self.style.SUCCESS(_("Sauvegarde écrite dans %(f)s.") % {"f": output}))
