"""``manage.py sas_export_student ELEVE_ID``: a student's whole file as JSON (a family's right of access)."""
import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from ...command_actor import add_by_argument, command_actor
from ...models import Student
from ...private_files import open_private
from ...privacy import export_student


class Command(BaseCommand):
    help = _("Exporte en JSON tout le dossier SAS d'un élève (droit d'accès des familles).")

    def add_arguments(self, parser):
        parser.add_argument("local_id", help=_("Identifiant local de l'élève (ELEVE_ID)."))
        parser.add_argument("--establishment", help=_("Code UAI, quand plusieurs établissements ont cet identifiant."))
        parser.add_argument("--output", help=_("Fichier de sortie (la sortie standard par défaut)."))
        add_by_argument(parser)

    def handle(self, *args, local_id, establishment=None, output=None, by="", **options):
        students = Student.objects.filter(local_id=local_id).select_related("establishment")
        if establishment:
            students = students.filter(establishment__uai=establishment)
        if not students:
            raise CommandError(_("Aucun élève d'identifiant « %(id)s ».") % {"id": local_id})
        if len(students) > 1:
            raise CommandError(_("Plusieurs établissements ont cet identifiant : précisez --establishment UAI."))
        text = json.dumps(export_student(students[0], command_actor(by)), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if output:
            with open_private(output) as fh:
                fh.write(text)
            self.stderr.write(_("Dossier écrit dans %(f)s.") % {"f": output})
        else:
            self.stdout.write(text)
