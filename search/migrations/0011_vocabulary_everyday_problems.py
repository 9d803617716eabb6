"""Add the seed file's new lines to an installation that has its vocabulary already: the words people use for a
problem met in their establishment, one way to the field's terms (« sécher les cours » → absentéisme, « lâcher
l'école » → décrochage, « gamins » → enfants, « bagarres » → violence, « trompés de filière » → erreur
d'orientation, « sans affectation », « métier manuel » → voie professionnelle, « autocensure » → stéréotypes),
and « peindre » with « peinture ». An Elasticsearch index built before holds the old rules until
``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0010_vocabulary_entreprendre_smartphone_bateau_prevenir"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
