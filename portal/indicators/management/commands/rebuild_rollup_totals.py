"""Recompute the pre-aggregated roll-ups from the current cells (after bulk writes that send no
signal, or to repair the table); reports keep arriving meanwhile and wait for the table's lock."""
import time

from django.core.management.base import BaseCommand

from portal.indicators.rollup_totals import rebuild


class Command(BaseCommand):
    help = "Recalcule la table des agrégats pré-calculés des indicateurs à partir des cellules en vigueur."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rebuild()
        self.stdout.write(f"Lignes d'agrégats recalculées : {rows} (en {time.perf_counter() - started:.1f} s).")
