"""Create the editorial groups (Site moderators, Editors) with their permissions on every fresh install.

Wagtail's own migrations create "Moderators" and "Editors"; the moderators' group is renamed so Wagtail's default
"Moderators approval" workflow, which points at it, becomes ours. Per-ICS groups are made by
`manage.py add_ics_editors_group` (see hub/permissions.py). Other apps grant their own models' permissions to these
groups in their own migrations, so the core depends on no feature app.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Site moderators"
EDITORS = "Editors"

MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("hub", "add_integratedcaresystem"),
    ("hub", "change_integratedcaresystem"),
    ("hub", "add_organisation"),
    ("hub", "change_organisation"),
    ("hub", "delete_organisation"),
    ("hub", "add_person"),
    ("hub", "change_person"),
    ("hub", "delete_person"),
    ("hub", "add_indicator"),
    ("hub", "change_indicator"),
    ("hub", "delete_indicator"),
    ("hub", "add_indicatorvalue"),
    ("hub", "change_organisationsettings"),
    ("hub", "change_navigationsettings"),
    ("hub", "add_footertext"),
    ("hub", "change_footertext"),
    ("wagtail_localize", "submit_translation"),
]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("hub", "add_person"),
    ("hub", "change_person"),
    ("wagtail_localize", "submit_translation"),
]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None and not Group.objects.filter(name=MODERATORS).exists():
        moderators.name = MODERATORS
        moderators.save()
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    editors, _ = Group.objects.get_or_create(name=EDITORS)

    def permission(app_label, codename):
        return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for group, model_permissions, page_permissions in (
        (moderators, MODERATOR_PERMISSIONS, MODERATOR_PAGE_PERMISSIONS),
        (editors, EDITOR_PERMISSIONS, EDITOR_PAGE_PERMISSIONS),
    ):
        group.permissions.set([p for p in (permission(*pair) for pair in model_permissions) if p])
        if root_page is not None:
            GroupPagePermission.objects.filter(group=group).delete()
            for codename in page_permissions:
                GroupPagePermission.objects.create(
                    group=group, page=root_page, permission=permission("wagtailcore", codename)
                )
        if root_collection is not None:
            for app_label, codename in model_permissions:
                if app_label in ("wagtaildocs", "wagtailimages"):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission(app_label, codename)
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0006_ics_editors_group"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
