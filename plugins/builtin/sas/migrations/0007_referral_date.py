"""Referral.referred_on: the date of the repérage, typed in the form (it was only the row's creation time)."""
import zoneinfo

from django.db import migrations, models


def date_existing_referrals(apps, schema_editor):
    """An existing referral keeps the day it was entered, on its campaign's wall clocks."""
    Referral = apps.get_model("sas", "Referral")
    for referral in Referral.objects.select_related("case__campaign").only("created_at", "case__campaign__time_zone"):
        zone = zoneinfo.ZoneInfo(referral.case.campaign.time_zone)
        referral.referred_on = referral.created_at.astimezone(zone).date()
        referral.save(update_fields=["referred_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("sas", "0006_class_teachers_and_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral", name="referred_on", field=models.DateField(null=True, verbose_name="date du repérage"),
        ),
        migrations.RunPython(date_existing_referrals, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral", name="referred_on", field=models.DateField(verbose_name="date du repérage"),
        ),
    ]
