"""Add the seed file's lines that an installation does not have yet (school levels written as « 3e »/« 3ème »,
« 2nde », paraphrases of dropping out, mathematics, numérique, jeu/jeux, IEN and FLE one-way expansions). Lines
moderators already have, or deleted as duplicates of theirs, are kept as they are: only a line whose exact text is
missing is added."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0004_entry_audience"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
