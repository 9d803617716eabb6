"""Add the seed file's new lines to an installation that has its vocabulary already: the everyday words teachers
and families use for what the fiches write (familles/parents, profs/enseignants, notes/évaluation, estime/confiance
en soi, internet/numérique…) and their abbreviations (expo, récré, vie sco, dys, prépa pro…), « handicap » one way to
ULIS, MDPH, AESH and PPS, and what the people of a town or region are called (martiniquais, lillois, bordelais…).
An Elasticsearch index built before holds the old rules until ``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0006_entry_facets_index"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
