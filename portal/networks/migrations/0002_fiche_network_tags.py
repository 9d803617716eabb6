import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A fiche's tags are reachable from the fiche (``network_tags``): its visibility needs them."""

    dependencies = [
        ('networks', '0001_networks_events_follows'),
    ]

    operations = [
        migrations.AlterField(
            model_name='networkfiche',
            name='fiche',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='network_tags',
                                    to='fiches.fichepage', verbose_name='fiche'),
        ),
    ]
