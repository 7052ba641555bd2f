"""``publish_scheduled`` (cron): says what it published and unpublished, and readers get the new page at once even
with the page cache on."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@override_settings(PAGE_CACHE_SECONDS=300)
def test_publish_scheduled_prints_what_it_did_and_readers_get_the_new_page_from_the_page_cache(client, home):
    page = StandardPageFactory(parent=home, title="Old title", slug="news")
    expiring = StandardPageFactory(parent=home, title="Spring consultation", slug="consultation")
    Page.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "Old title" in client.get("/news/").content.decode()

    page.title = "New title"
    revision = page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    assert revision.approved_go_live_at is not None
    assert "Old title" in client.get("/news/").content.decode()  # still the cached live page

    out = StringIO()
    call_command("publish_scheduled", stdout=out)

    output = out.getvalue()
    assert f"Published: New title (page {page.pk}, /news/)" in output
    assert f"Unpublished: Spring consultation (page {expiring.pk})" in output
    assert re.search(r"publish_scheduled: 1 published, 1 unpublished in \d+\.\d\d s\.", output)
    assert "New title" in client.get("/news/").content.decode()
    assert client.get("/consultation/").status_code == 404


def test_publish_scheduled_with_nothing_to_do_says_so(db):
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert re.fullmatch(r"publish_scheduled: 0 published, 0 unpublished in \d+\.\d\d s\.\n", out.getvalue())
