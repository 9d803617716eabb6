"""``manage.py opendata_build``: regenerate every open data file now (after a bulk import that bypassed
publication, or to refresh names and labels the files repeat)."""
from django.core.management.base import BaseCommand

from portal.opendata import storage
from portal.opendata.datasets import DATASETS


class Command(BaseCommand):
    help = "Régénère les fichiers des données ouvertes (/donnees/)."

    def handle(self, *args, **options):
        for slug, dataset in DATASETS.items():
            manifest = storage.generate(dataset)
            self.stdout.write(f"{slug} — lignes : {manifest['count']} ; fichiers : {', '.join(manifest['files'])}")
