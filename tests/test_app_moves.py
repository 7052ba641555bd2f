"""Reports and indicators moved from the core into their own apps: an existing site keeps every row and link.

hub.0008 renames the tables, reports.0001 and indicators.0001 take over the models and relabel their content types,
hub.0009 drops them from the core. These tests run that path on data written by the old models.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indicators.models import Area, Indicator, IndicatorValue

BEFORE = [("hub", "0007_editorial_groups")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # migrates: restores the data for later tests
def test_the_move_keeps_rows_ids_content_types_and_permissions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_types = old.get_model("contenttypes", "ContentType")
    report_type = old_types.objects.get_or_create(app_label="hub", model="reportpage")[0]
    indicator_type = old_types.objects.get_or_create(app_label="hub", model="indicator")[0]
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=indicator_type, codename="change_indicator", defaults={"name": "Can change indicator"}
    )[0]
    england = old.get_model("hub", "Area").objects.create(code="E92000001", name="England", area_type="england")
    indicator = old.get_model("hub", "Indicator").objects.create(name="Infant mortality rate", slug="imr")
    old.get_model("hub", "IndicatorValue").objects.create(
        indicator=indicator, area=england, period="2021 - 23", value=3.9
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back at its latest migration

    assert IndicatorValue.objects.get().area == Area.objects.get(pk=england.pk)
    assert IndicatorValue.objects.get().indicator == Indicator.objects.get(pk=indicator.pk, slug="imr")
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=report_type.pk).app_label == "reports"
    assert ContentType.objects.get(pk=indicator_type.pk).model_class() is Indicator
    assert not ContentType.objects.filter(app_label="hub", model__in=["reportpage", "indicator"]).exists()
    group = Group.objects.create(name="Data editors")
    group.permissions.add(Permission.objects.get(pk=permission.pk))
    user = User.objects.create_user("analyst")
    user.groups.add(group)
    assert user.has_perm("indicators.change_indicator")
