"""Targets apply from a month: changes already made apply from the month they were made in."""

from django.db import migrations, models
from django.utils import timezone


def from_the_month_made(apps, schema_editor):
    TargetChange = apps.get_model("performance", "TargetChange")
    for change in TargetChange.objects.all():
        change.applies_from = timezone.localdate(change.changed_at).replace(day=1)
        change.save(update_fields=["applies_from"])


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_indicator_targets")]

    operations = [
        migrations.AddField(
            model_name="targetchange",
            name="applies_from",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(from_the_month_made, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="targetchange",
            name="applies_from",
            field=models.DateField(help_text="First day of the first month measured against this target."),
        ),
    ]
