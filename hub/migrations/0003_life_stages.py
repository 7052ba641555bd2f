"""Create the fixed list of life-course stages, so every fresh install has them."""

from django.db import migrations

STAGES = ["maternity", "early-years", "childhood", "adolescence", "young-adulthood"]


def create_stages(apps, schema_editor):
    LifeStage = apps.get_model("hub", "LifeStage")
    for order, code in enumerate(STAGES):
        LifeStage.objects.update_or_create(code=code, defaults={"sort_order": order})


def remove_stages(apps, schema_editor):
    apps.get_model("hub", "LifeStage").objects.filter(code__in=STAGES).delete()


class Migration(migrations.Migration):
    dependencies = [("hub", "0002_framework_reports_taxonomy")]

    operations = [migrations.RunPython(create_stages, remove_stages)]
