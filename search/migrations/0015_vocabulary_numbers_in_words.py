"""Add the seed file's new lines to an installation that has its vocabulary already: the numbers from eleven to
twenty and twenty-five written in words (« plus de seize ans ») joined to their digits (« 16 ans »), as the fiches
write them. An Elasticsearch index built before holds the old rules until ``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0014_vocabulary_listening_late_arrivals"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
