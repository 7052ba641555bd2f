"""The comms team's admin dashboard: in moderation, recently edited, due for review, top downloads this month."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Workflow

from hub.permissions import EDITORS
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory
from toolkit.models import DownloadCount, ToolkitPage

pytestmark = pytest.mark.django_db


def panel(html: str, panel_id: str) -> str:
    """The HTML of one dashboard panel (its section), whitespace collapsed."""
    start = html.index(f'id="{panel_id}-section"')
    return re.sub(r"\s+", " ", html[start : html.index("</section>", start)])


def test_due_for_review_lists_old_and_never_reviewed_toolkits_and_case_studies(admin_client, home):
    today = timezone.localdate()
    toolkits = ToolkitIndexPageFactory(parent=home)
    ToolkitPageFactory(parent=toolkits, title="Old toolkit", last_reviewed=today - datetime.timedelta(days=400))
    ToolkitPageFactory(parent=toolkits, title="Fresh toolkit", last_reviewed=today - datetime.timedelta(days=30))
    case_studies = CaseStudyIndexPageFactory(parent=home)
    CaseStudyPageFactory(parent=case_studies, title="Unreviewed case study", last_reviewed=None)
    html = admin_client.get("/admin/").content.decode()
    due = panel(html, "chec-due-for-review")
    assert "Old toolkit" in due and "Unreviewed case study" in due and "Never reviewed" in due
    assert "Fresh toolkit" not in due
    # Oldest first: never reviewed comes before a date.
    assert due.index("Unreviewed case study") < due.index("Old toolkit")


def test_top_downloads_counts_this_month_only_most_first(admin_client, home):
    toolkits = ToolkitIndexPageFactory(parent=home)
    popular = ToolkitPageFactory(parent=toolkits, title="Popular toolkit")
    quiet = ToolkitPageFactory(parent=toolkits, title="Quiet toolkit")
    today = timezone.localdate()
    DownloadCount.objects.create(day=today, toolkit=popular, count=7)
    DownloadCount.objects.create(day=today, toolkit=quiet, count=2)
    # Last month's downloads do not count this month.
    DownloadCount.objects.create(day=today.replace(day=1) - datetime.timedelta(days=1), toolkit=quiet, count=50)
    top = panel(admin_client.get("/admin/").content.decode(), "chec-top-downloads")
    assert top.index("Popular toolkit") < top.index("Quiet toolkit")
    assert re.search(r"Popular toolkit</a></td> <td>7</td>", top)
    assert re.search(r"Quiet toolkit</a></td> <td>2</td>", top)


def test_in_moderation_shows_a_submitted_page_to_the_whole_team(client, home, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-password-5")
    editor.groups.add(Group.objects.get(name=EDITORS))
    page = StandardPageFactory(parent=home, title="Accessibility statement")
    page.save_revision(user=editor)
    Workflow.objects.get(name="Moderators approval").start(page, editor)
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Accessibility statement" in panel(html, "chec-in-moderation")


def test_download_figures_need_the_download_report_permission(client, home, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="a-long-password-7")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert 'id="chec-due-for-review-section"' in html
    assert 'id="chec-top-downloads-section"' not in html


def test_recently_edited_shows_other_peoples_edits(admin_client, home, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", password="a-long-password-6")
    page = StandardPageFactory(parent=home, title="Contact us")
    page.save_revision(user=colleague, log_action=True)
    assert "Contact us" in panel(admin_client.get("/admin/").content.decode(), "chec-recently-edited")


def test_the_empty_dashboard_says_so(admin_client, home):
    html = admin_client.get("/admin/").content.decode()
    assert "No page is waiting for approval." in html
    assert "No toolkit has been downloaded this month yet." in html


def test_the_dashboard_runs_the_same_queries_for_3_and_12_pages_due(admin_client, home):
    """The panels must not query per page: a site with many old toolkits still opens the admin quickly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    toolkits = ToolkitIndexPageFactory(parent=home)
    counts = []
    for total in (3, 12):
        while ToolkitPage.objects.count() < total:
            ToolkitPageFactory(parent=toolkits, last_reviewed=None)
        admin_client.get("/admin/")
        with CaptureQueriesContext(connection) as queries:
            html = admin_client.get("/admin/").content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert panel(html, "chec-due-for-review").count("Never reviewed") == 8  # the panel shows the first eight
