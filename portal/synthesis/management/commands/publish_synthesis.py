"""``manage.py publish_synthesis 2015-2016 [--narrative file.json]``: freeze a new version."""
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fiches.models import SchoolYear
from portal.synthesis.models import SynthesisVersion
from portal.synthesis.publishing import publish, synthesis_for


class Command(BaseCommand):
    help = _("Calcule la synthèse d'une année scolaire et la publie comme nouvelle version.")

    def add_arguments(self, parser):
        parser.add_argument("annee", help="2015-2016")
        parser.add_argument("--narrative", help=_("JSON avec « introduction » et « conclusion » (ex. fiches/demo_data/semaine_2015_2016.json)"))
        parser.add_argument(
            "--if-missing", action="store_true", help=_("Ne publie rien si une version existe déjà (chargement de la démonstration).")
        )

    def handle(self, *args, annee, narrative=None, if_missing=False, **options):
        if not SchoolYear.objects.filter(code=annee).exists():
            raise CommandError(_("Année scolaire inconnue : %(year)s") % {"year": annee})
        if if_missing and SynthesisVersion.objects.filter(synthesis__school_year__code=annee).exists():
            self.stdout.write(_("Synthèse %(year)s : déjà publiée, rien à faire.") % {"year": annee})
            return
        if narrative:
            with open(narrative, encoding="utf-8") as fh:
                data = json.load(fh)
            synthesis = synthesis_for(annee)
            synthesis.introduction = data.get("introduction") or synthesis.introduction
            synthesis.conclusion = data.get("conclusion") or synthesis.conclusion
            synthesis.save()
        version = publish(annee)
        self.stdout.write(_("Synthèse %(year)s : version %(n)s publiée.") % {"year": annee, "n": version.number})
