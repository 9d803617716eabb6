"""Add the seed file's new lines to an installation that has its vocabulary already: the acronyms of the school's
partners (ML for mission locale, FSE, EFIV, CMP, CMPP, CAF, PMI, QPV, CLAS, PEDT, CEJ) and two anglicisms
(« mentoring » → mentorat, « escape game » → jeu sérieux). An Elasticsearch index built before holds the old rules
until ``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0011_vocabulary_everyday_problems"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
