from django.db import migrations, models


class Migration(migrations.Migration):
    """Entries carry the tokens that open their fiche; every fiche was public before."""

    dependencies = [
        ('fiche_search', '0003_analysis_places_words_vocabulary'),
    ]

    operations = [
        migrations.AddField(
            model_name='fichesearchentry',
            name='audience',
            field=models.TextField(blank=True, default='|all|public|', verbose_name='public visé'),
        ),
    ]
