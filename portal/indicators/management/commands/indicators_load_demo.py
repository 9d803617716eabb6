"""Declare the demo reporting periods and the reports the académies expect (run after sas_load_demo)."""
from django.core.management.base import BaseCommand

from portal.indicators.demo import load_demo_reporting


class Command(BaseCommand):
    help = "Démonstration : déclare l'année 2023-2024 et ses trimestres, et les rapports d'indicateurs attendus."

    def handle(self, *args, **options):
        period, expected = load_demo_reporting()
        self.stdout.write(f"Période {period.code} déclarée (date limite {period.due_date:%d/%m/%Y}) ; "
                          f"rapports attendus : {expected}.")
