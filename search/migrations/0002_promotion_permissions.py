"""Site moderators manage promoted search results ("editors' picks")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Site moderators").first()
    if moderators is None:
        return
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailsearchpromotions",
            codename__in=["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("hub", "0007_editorial_groups"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
