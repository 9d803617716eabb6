"""Add the seed file's new lines to an installation that has its vocabulary already: « préjugés » and
« stéréotypes », « légumes » one way to « potager » and « jardin », « noter » and « notation »,
« raconter leur parcours » one way to « témoignage ». An Elasticsearch index built before holds the old
rules until ``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0008_vocabulary_word_families_and_field_phrases"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
