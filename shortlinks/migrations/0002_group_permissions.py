"""Moderators manage short links and redirects (including the CSV import); editors may view short links and their
click counts. The editorial groups are "Site moderators" (Wagtail's "Moderators", renamed by the core) and "Editors";
a group that does not exist is skipped. Permissions are added, never replaced."""

from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("shortlinks", "shortlink", ["add", "change", "delete", "view"]),
    ("wagtailredirects", "redirect", ["add", "change", "delete"]),
]
EDITOR_PERMISSIONS = [("shortlinks", "shortlink", ["view"])]
MODERATORS = ["Site moderators", "Moderators"]
EDITORS = ["Editors"]
VERBOSE_NAMES = {"shortlink": "short link", "redirect": "redirect"}  # as Django names them


def _permissions(apps, specs):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for app_label, model, actions in specs:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {VERBOSE_NAMES[model]}"},
            )
            permissions.append(permission)
    return permissions


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for names, specs in ((MODERATORS, MODERATOR_PERMISSIONS), (EDITORS, EDITOR_PERMISSIONS)):
        for group in Group.objects.filter(name__in=names):
            group.permissions.add(*_permissions(apps, specs))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=MODERATORS + EDITORS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="shortlinks"))


class Migration(migrations.Migration):
    dependencies = [
        ("shortlinks", "0001_initial"),
        ("hub", "0007_editorial_groups"),  # runs after the core's groups (and their permission reset) exist
        ("wagtailcore", "0002_initial_data"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
