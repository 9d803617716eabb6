import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="receivedreport",
            name="import_count",
            field=models.JSONField(blank=True, default=dict,
                                   help_text="Cellules importées, mises à jour, ignorées (comme DHIS2).",
                                   verbose_name="bilan d'import"),
        ),
        migrations.CreateModel(
            name="SeenNonce",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nonce", models.CharField(max_length=128, unique=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("key", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                          to="indicators.establishmentkey")),
            ],
        ),
    ]
