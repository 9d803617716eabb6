from django.db import migrations


def add_new_seed_lines(apps, schema_editor):
    """Add the seed file's lines that an installation does not have yet (school levels written as
    « 3e »/« 3ème », « 2nde », paraphrases of dropping out, mathematics, numérique, jeu/jeux, IEN and FLE
    one-way expansions). Lines moderators already have, or deleted as duplicates of theirs, are kept as they are:
    only a line whose exact text is missing is added."""
    from search.vocabulary import add_missing_seed_lines

    SearchSynonym = apps.get_model("fiche_search", "SearchSynonym")
    if SearchSynonym.objects.exists():  # 0003 seeds a new installation from the file as it is now
        add_missing_seed_lines(SearchSynonym)


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0004_entry_audience"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
