"""Add the seed file's new lines to an installation that has its vocabulary already: « entreprendre » and
« entrepreneuriat », « téléphone portable » and « smartphone », « bateau » one way to « voilier », « prévenir »
and « prévention ». An
Elasticsearch index built before holds the old rules until ``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0009_vocabulary_prejudices_vegetables_marks"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
