"""Add the seed file's new lines to an installation that has its vocabulary already: word families the analysis
keeps apart (« art » one way to « artistique », sport/sportif, culture/culturel, découverte/découvrir, « former » one
way to « formation », « jeu sérieux »/« jeux sérieux ») and everyday ways of saying what the fiches name otherwise
(« inscrits en cours d'année » for an intégration tardive, « petits groupes » for îlots, « monde du travail » for a
découverte des métiers, « démotivés », « sans diplôme », « éloquence », « renvoyés », « appli » for application).
An Elasticsearch index built before holds the old rules until ``manage.py search_index --rebuild``."""
from django.db import migrations

from search.vocabulary import add_new_seed_lines


class Migration(migrations.Migration):

    dependencies = [
        ("fiche_search", "0007_vocabulary_everyday_words_and_demonyms"),
    ]

    operations = [migrations.RunPython(add_new_seed_lines, migrations.RunPython.noop)]
