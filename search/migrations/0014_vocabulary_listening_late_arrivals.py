"""Add the seed file's new lines to an installation that has its vocabulary already: « venir parler », « besoin de
parler », « se confier » → écoute, lieu d'écoute; « arrivée tardive », « arrivent tardivement » with the late
arrivals' integration. An Elasticsearch index built before holds the old rules until
``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0013_vocabulary_mockery_disputes_volunteering"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
