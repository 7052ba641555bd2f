"""Reports and indicators move to their own apps (reports/, indicators/): their tables take the new apps' names.

Database only: the rows stay where they are (no copy), and the many-to-many tables follow their models. The new
apps' first migrations take over the models' state and their content types (so pages, revisions, permissions,
translations and search entries keep pointing at the same content type rows); 0009 then drops them from the core.
"""

from django.db import migrations

MOVED = {
    "reportindexpage": "reports",
    "reportpage": "reports",
    "reportchapterpage": "reports",
    "reportpagetag": "reports",
    "indicator": "indicators",
    "area": "indicators",
    "indicatorvalue": "indicators",
    "indicatorindexpage": "indicators",
}


class Migration(migrations.Migration):
    dependencies = [("hub", "0007_editorial_groups")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=model, table=f"{app}_{model}") for model, app in MOVED.items()
            ],
        ),
    ]
