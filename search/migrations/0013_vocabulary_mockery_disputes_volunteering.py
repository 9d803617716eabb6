"""Add the seed file's new lines to an installation that has its vocabulary already: more everyday words for what
the fiches name otherwise, one way to the field's terms (« se moquer » → harcèlement, climat scolaire, « disputes »
→ médiation, « bénévolat » → service civique, « vient d'arriver en France », « ne parle pas français » → allophones,
UPE2A, « sportifs connus » → sport, basket, « exclu de cours » → dispositif relais), « élogieux » with « compliment »,
and « basket » with « basketteur ». An Elasticsearch index built before holds the old rules until
``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0012_vocabulary_partners"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
