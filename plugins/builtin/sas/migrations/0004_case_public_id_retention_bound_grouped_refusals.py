"""Cases get a random public id for their URLs; retention is bounded (1-24 months) and stored values are
brought within it; refused accesses can be grouped (``repeats``, ``first_at``)."""
import uuid

import django.core.validators
from django.db import migrations, models

MAX_RETENTION_MONTHS = 24


def fill_public_ids(apps, schema_editor):
    StudentCase = apps.get_model("sas", "StudentCase")
    for case in StudentCase.objects.only("pk"):
        case.public_id = uuid.uuid4()
        case.save(update_fields=["public_id"])


def bound_retention(apps, schema_editor):
    Campaign = apps.get_model("sas", "Campaign")
    Campaign.objects.filter(retention_months__gt=MAX_RETENTION_MONTHS).update(retention_months=MAX_RETENTION_MONTHS)
    Campaign.objects.filter(retention_months__lt=1).update(retention_months=1)


class Migration(migrations.Migration):

    dependencies = [
        ('sas', '0003_student_listed_on'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditlog',
            name='first_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='première tentative'),
        ),
        migrations.AddField(
            model_name='auditlog',
            name='repeats',
            field=models.PositiveIntegerField(default=1, verbose_name='nombre de tentatives'),
        ),
        migrations.AddField(
            model_name='studentcase',
            name='public_id',
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='studentcase',
            name='public_id',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RunPython(bound_retention, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='campaign',
            name='retention_months',
            field=models.PositiveSmallIntegerField(default=12, help_text="Après l'évaluation, de 1 à 24 mois ; passé ce délai, les dossiers d'élèves sont supprimés par sas_purge.", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='durée de conservation (mois)'),
        ),
    ]
