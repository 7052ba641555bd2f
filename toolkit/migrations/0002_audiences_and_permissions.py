"""Create the fixed list of audiences, and let the editorial groups use the toolkit section's admin views.

- "Editors" and "Site moderators" see the download report (``view_downloadcount``).
- "Site moderators" see and export adopters' feedback (``view_adopter_feedback``); editors do not, as it may hold
  an email address.

The groups are made by hub's migration 0007 (which sets their permissions afresh), hence the dependency.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDIENCES = [
    "system-leaders",
    "health-equity-leads",
    "commissioners",
    "analysts",
    "practitioners",
    "voluntary-sector",
    "young-people",
]
GRANTS = {
    "view_downloadcount": ["Editors", "Site moderators", "Moderators"],
    "view_adopter_feedback": ["Site moderators", "Moderators"],
}


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("toolkit", "Audience")
    for order, code in enumerate(AUDIENCES):
        Audience.objects.update_or_create(code=code, defaults={"sort_order": order})


def remove_audiences(apps, schema_editor):
    apps.get_model("toolkit", "Audience").objects.filter(code__in=AUDIENCES).delete()


def grant_permissions(apps, schema_editor):
    app_config = apps.get_app_config("toolkit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for codename, group_names in GRANTS.items():
        permission = Permission.objects.filter(content_type__app_label="toolkit", codename=codename).first()
        if permission is None:
            continue
        for group in Group.objects.filter(name__in=group_names):
            group.permissions.add(permission)


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for codename, group_names in GRANTS.items():
        for permission in Permission.objects.filter(content_type__app_label="toolkit", codename=codename):
            for group in Group.objects.filter(name__in=group_names):
                group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("toolkit", "0001_initial"),
        ("hub", "0007_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_audiences, remove_audiences),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
