"""Reports and indicators moved from the core into their own apps: an existing site keeps every row and link.

hub.0008 renames the tables, reports.0001 and indicators.0001 take over the models and relabel their content types,
hub.0009 drops them from the core. The test runs that path on rows written by the old models, in a database of its
own in another process (migrating the shared test database back and forth disturbed the tests after it).
"""

import json
import os
import subprocess
import sys

from django.conf import settings

SCRIPT = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", "hub", "0007_editorial_groups", verbosity=0)
executor = MigrationExecutor(connection)
old = executor.loader.project_state([("hub", "0007_editorial_groups")]).apps
types = old.get_model("contenttypes", "ContentType")
report_type = types.objects.get_or_create(app_label="hub", model="reportpage")[0]
indicator_type = types.objects.get_or_create(app_label="hub", model="indicator")[0]
permission = old.get_model("auth", "Permission").objects.get_or_create(
    content_type=indicator_type, codename="change_indicator", defaults={"name": "Can change indicator"}
)[0]
england = old.get_model("hub", "Area").objects.create(code="E92000001", name="England", area_type="england")
indicator = old.get_model("hub", "Indicator").objects.create(name="Infant mortality rate", slug="imr")
old.get_model("hub", "IndicatorValue").objects.create(indicator=indicator, area=england, period="2021 - 23", value=3.9)

call_command("migrate", verbosity=0)

from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from indicators.models import Area, Indicator, IndicatorValue

ContentType.objects.clear_cache()
value = IndicatorValue.objects.get()
group = Group.objects.create(name="Data editors")
group.permissions.add(Permission.objects.get(pk=permission.pk))
user = User.objects.create_user("analyst")
user.groups.add(group)
print(json.dumps({
    "area": value.area_id == england.pk and Area.objects.get(pk=england.pk).code,
    "indicator": value.indicator_id == indicator.pk and Indicator.objects.get(pk=indicator.pk).slug,
    "report_type": ContentType.objects.get(pk=report_type.pk).app_label,
    "indicator_model": ContentType.objects.get(pk=indicator_type.pk).model_class() is Indicator,
    "hub_left": ContentType.objects.filter(app_label="hub", model__in=["reportpage", "indicator"]).count(),
    "permission": User.objects.get(pk=user.pk).has_perm("indicators.change_indicator"),
}))
"""


def test_the_move_keeps_rows_ids_content_types_and_permissions():
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="hub.settings.test",
        DATABASE_URL="sqlite://:memory:",  # a database of its own; in memory, migrating it twice costs no disk writes
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "area": "E92000001",
        "indicator": "imr",
        "report_type": "reports",
        "indicator_model": True,
        "hub_left": 0,
        "permission": True,
    }
