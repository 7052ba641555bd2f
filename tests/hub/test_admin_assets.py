"""The admin's own script and stylesheet are on the screens that need them (the browser tests check what they do:
tests/e2e/test_editor_admin.py)."""

import pytest

from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_page_editor_sends_rich_text_as_shown_and_every_admin_page_has_the_admin_css(admin_client, home):
    page = StandardPageFactory(parent=home)
    for url in (f"/admin/pages/{page.pk}/edit/", f"/admin/pages/add/home/standardpage/{home.pk}/"):
        html = admin_client.get(url).content.decode()
        assert "js/admin/rich-text-save-on-submit.js" in html, url
        assert "css/admin.css" in html, url
    dashboard = admin_client.get("/admin/").content.decode()
    assert "css/admin.css" in dashboard
    assert "rich-text-save-on-submit.js" not in dashboard  # editors only
