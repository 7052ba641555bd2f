"""Reports and indicators moved to their own apps (reports/, indicators/): the core forgets them.

State only: the tables were renamed by 0008 and now belong to reports.0001 and indicators.0001.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0008_rename_tables_of_moved_models"),
        ("reports", "0001_initial"),
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='indicatorvalue',
                    name='area',
                ),
                migrations.RemoveField(
                    model_name='indicator',
                    name='drivers',
                ),
                migrations.RemoveField(
                    model_name='indicator',
                    name='life_stage',
                ),
                migrations.RemoveField(
                    model_name='indicatorvalue',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='indicatorindexpage',
                    name='listing_image',
                ),
                migrations.RemoveField(
                    model_name='indicatorindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='indicatorindexpage',
                    name='social_image',
                ),
                migrations.RemoveField(
                    model_name='reportchapterpage',
                    name='listing_image',
                ),
                migrations.RemoveField(
                    model_name='reportchapterpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='reportchapterpage',
                    name='social_image',
                ),
                migrations.RemoveField(
                    model_name='reportindexpage',
                    name='listing_image',
                ),
                migrations.RemoveField(
                    model_name='reportindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='reportindexpage',
                    name='social_image',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='authors',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='listing_image',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='organisations',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='pdf',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='social_image',
                ),
                migrations.RemoveField(
                    model_name='reportpage',
                    name='tags',
                ),
                migrations.RemoveField(
                    model_name='reportpagetag',
                    name='content_object',
                ),
                migrations.RemoveField(
                    model_name='reportpagetag',
                    name='tag',
                ),
                migrations.DeleteModel(
                    name='Area',
                ),
                migrations.DeleteModel(
                    name='Indicator',
                ),
                migrations.DeleteModel(
                    name='IndicatorValue',
                ),
                migrations.DeleteModel(
                    name='IndicatorIndexPage',
                ),
                migrations.DeleteModel(
                    name='ReportChapterPage',
                ),
                migrations.DeleteModel(
                    name='ReportIndexPage',
                ),
                migrations.DeleteModel(
                    name='ReportPage',
                ),
                migrations.DeleteModel(
                    name='ReportPageTag',
                ),
    
            ],
        ),
    ]
