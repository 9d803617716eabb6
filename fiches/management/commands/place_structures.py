"""``manage.py place_structures``: place the structures without a position at their known seat.

Structures with a commune are placed from it; those named without one (« CIO de Verdun »,
« DSDEN du Gard », « Services académiques — Versailles ») at their seat (see geo.seats).
Prints what was placed and the fiches that stay « à placer ». ``--dry-run`` changes nothing.
"""
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _, ngettext

from fiches.models import Establishment
from fiches.unplaced import unplaced_fiches
from geo.placement import place_establishment


class Command(BaseCommand):
    help = _("Place les structures sans position (commune ou siège connu) et liste les fiches « à placer ».")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("ne rien enregistrer"))

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        placed = 0
        for structure in Establishment.objects.filter(latitude__isnull=True).select_related("academie"):
            placement = place_establishment(structure)
            if not placement.placed:
                continue
            placed += 1
            self.stdout.write(f"{structure.name} : {placement.warning or structure.commune}")
            if not dry_run:
                structure.save()
        self.stdout.write(ngettext("%(n)s structure placée.", "%(n)s structures placées.", placed) % {"n": placed})
        if dry_run:
            transaction.set_rollback(True)
            return
        for fiche in unplaced_fiches():
            self.stdout.write(_("À placer : « %(fiche)s » (%(structure)s)")
                              % {"fiche": fiche.title, "structure": fiche.lead_structure.name})
