"""``manage.py sas_import students|timetable|absences FILE``: import a CSV or XML export of the school software.

Everything is checked first; with a single error nothing is written and the command fails.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _, ngettext

from fiches.models import Establishment

from ...command_actor import add_by_argument, command_actor
from ...imports.reader import MAX_BYTES
from ...imports.runner import KINDS, run
from ...models import Campaign


class Command(BaseCommand):
    help = _("Importe un export CSV ou XML du logiciel de scolarité (élèves, emplois du temps des classes, absences).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help=_("Nature du fichier."))
        parser.add_argument("file", help=_("Fichier CSV (séparateur ; ou , — UTF-8 ou Windows-1252) ou XML (SIECLE, STS-web, EDT)."))
        parser.add_argument("--campaign", type=int, help=_("Identifiant de la campagne (obligatoire pour timetable et absences)."))
        parser.add_argument("--establishment", help=_("Code UAI de l'établissement (élèves, absences)."))
        parser.add_argument("--dry-run", action="store_true", help=_("Vérifie et compte sans rien enregistrer."))
        add_by_argument(parser)

    def handle(self, *args, kind, file, campaign=None, establishment=None, dry_run=False, by="", **options):
        target = self._target(kind, campaign, establishment)
        try:
            with Path(file).open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)  # a larger file is refused by the reader without being read whole
        except OSError as error:
            raise CommandError(_("Fichier illisible : %(error)s") % {"error": error}) from None
        report = run(kind, data, **target, user=command_actor(by), commit=not dry_run, progress=self._progress)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(ngettext("%(n)d erreur : rien n'a été enregistré.", "%(n)d erreurs : rien n'a été enregistré.",
                                        len(report.errors)) % {"n": len(report.errors)})
        if dry_run:
            self.stdout.write(_("Simulation : rien n'a été enregistré."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import enregistré.")))

    def _target(self, kind, campaign_id, uai) -> dict:
        if campaign_id is not None:
            try:
                return {"campaign": Campaign.objects.select_related("establishment").get(pk=campaign_id)}
            except Campaign.DoesNotExist:
                raise CommandError(_("Aucune campagne d'identifiant %(id)d.") % {"id": campaign_id}) from None
        if kind == "timetable":
            raise CommandError(_("Précisez --campaign ID : les emplois du temps appartiennent à une campagne."))
        if kind == "absences":
            raise CommandError(_("Précisez --campaign ID : les périodes d'absence sont vérifiées sur son année scolaire."))
        if not uai:
            raise CommandError(_("Précisez --establishment UAI ou --campaign ID."))
        try:
            return {"establishment": Establishment.objects.get(uai=uai)}
        except Establishment.DoesNotExist:
            raise CommandError(_("Aucun établissement de code UAI « %(uai)s ».") % {"uai": uai}) from None

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            self.stderr.write("\r" + _("Enregistrement : %(done)d / %(total)d") % {"done": done, "total": total},
                              ending="\n" if done == total else "")
