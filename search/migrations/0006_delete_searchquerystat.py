from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_move_search_counts_to_wagtail"),
    ]

    operations = [
        migrations.DeleteModel(
            name="SearchQueryStat",
        ),
    ]
