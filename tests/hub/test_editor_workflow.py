"""Moderation as editors meet it: the requested changes and the moderator's comment where the editor lands, the
state on the dashboard, and "Due for review" (approvals and "Mark reviewed" count, totals, translations once)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry, Workflow

from hub.permissions import EDITORS, MODERATORS
from tests.home.factories import StandardPageFactory
from tests.hub.test_dashboard import panel
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("edna", password="a-long-password-1", first_name="Edna")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "mo", password="a-long-password-2", first_name="Morgan", last_name="Moderator"
    )
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def request_changes(page, editor, moderator, comment):
    page.save_revision(user=editor)
    Workflow.objects.get(name="Moderators approval").start(page, editor)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment=comment)


def test_after_request_changes_the_editor_sees_who_asked_and_the_comment_on_the_edit_view(
    client, home, editor, moderator
):
    page = StandardPageFactory(parent=home, title="Contact us")
    request_changes(page, editor, moderator, "Add the office phone number.")
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Changes requested by Morgan Moderator" in html
    assert "“Add the office phone number.”" in html
    # The dashboard says so too, in the team's moderation list.
    dashboard = panel(client.get("/admin/").content.decode(), "chec-in-moderation")
    assert "Contact us" in dashboard
    assert "Changes requested by Morgan Moderator: “Add the office phone number.”" in dashboard
    # Once resubmitted, it is awaiting approval again and the edit view has no banner.
    page.refresh_from_db()
    page.current_workflow_state.resume(editor)
    assert "Changes requested" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Awaiting Moderators approval" in panel(client.get("/admin/").content.decode(), "chec-in-moderation")


def old(days=400):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_an_approval_or_mark_reviewed_counts_as_a_review(client, admin_client, home, editor, moderator):
    toolkits = ToolkitIndexPageFactory(parent=home)
    approved = ToolkitPageFactory(parent=toolkits, title="Approved toolkit", last_reviewed=old())
    marked = ToolkitPageFactory(parent=toolkits, title="Marked toolkit", last_reviewed=old())
    ToolkitPageFactory(parent=toolkits, title="Stale toolkit", last_reviewed=old())
    PageLogEntry.objects.log_action(approved, "wagtail.workflow.approve", user=moderator)

    due = panel(admin_client.get("/admin/").content.decode(), "chec-due-for-review")
    assert "Approved toolkit" not in due and "Marked toolkit" in due and "Stale toolkit" in due

    client.force_login(editor)  # an editor may mark a page they may edit as reviewed
    response = client.post(f"/admin/pages/{marked.pk}/mark-reviewed/", {"next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    due = panel(client.get("/admin/").content.decode(), "chec-due-for-review")
    assert "Marked toolkit" not in due and "Stale toolkit" in due


def test_mark_reviewed_needs_edit_permission_and_post(client, home, django_user_model):
    from django.contrib.auth.models import Permission

    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), last_reviewed=old())
    reader = django_user_model.objects.create_user("reader", password="a-long-password-3")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    assert client.get(f"/admin/pages/{toolkit.pk}/mark-reviewed/").status_code == 405
    assert client.post(f"/admin/pages/{toolkit.pk}/mark-reviewed/").status_code in (302, 403)
    assert not PageLogEntry.objects.filter(action="chec.mark_reviewed").exists()


def test_due_for_review_shows_a_total_links_the_full_list_and_lists_a_page_once_with_its_translations(
    admin_client, home
):
    toolkits = ToolkitIndexPageFactory(parent=home)
    for number in range(10):
        ToolkitPageFactory(parent=toolkits, title=f"Old toolkit {number}", last_reviewed=old(400 + number))
    source = ToolkitPageFactory(parent=toolkits, title="Translated toolkit", last_reviewed=None)
    polish = Locale.objects.create(language_code="pl")
    home.copy_for_translation(polish).save_revision().publish()
    toolkits.copy_for_translation(polish).save_revision().publish()
    translation = source.copy_for_translation(polish)
    translation.save_revision().publish()

    due = panel(admin_client.get("/admin/").content.decode(), "chec-due-for-review")
    assert "11 pages are due for review." in due
    assert 'href="/admin/due-for-review/"' in due
    assert due.count("Translated toolkit</a>") == 1
    row = due[due.index("Translated toolkit</a>") :]
    assert re.match(r"Translated toolkit</a></td> <td>Never</td> <td>Never reviewed; Also in: ", row), row[:200]
    assert f"Also in: {polish.get_display_name()}</td>" in row

    full = admin_client.get("/admin/due-for-review/")
    assert full.status_code == 200
    html = re.sub(r"\s+", " ", full.content.decode())
    assert "11 live toolkits and case studies have not been reviewed for 12 months." in html
    assert all(f"Old toolkit {number}" in html for number in range(10))
    assert html.count("Translated toolkit</a>") == 1


def test_an_abandoned_draft_is_listed_for_its_author_and_named_when_its_slug_blocks_a_new_page(client, home, editor):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from home.models import StandardPage

    GroupPagePermission = __import__("wagtail.models", fromlist=["GroupPagePermission"]).GroupPagePermission
    assert GroupPagePermission.objects.filter(group__name=EDITORS).exists()
    abandoned = StandardPage(title="Summer events", slug="summer-events", live=False, owner=editor)
    home.add_child(instance=abandoned)
    abandoned.save_revision(user=editor)
    client.force_login(editor)

    drafts = panel(client.get("/admin/").content.decode(), "chec-unpublished-drafts")
    assert "Summer events" in drafts and "Slug: summer-events" in drafts

    data = nested_form_data(
        {
            "title": "Summer events",
            "slug": "summer-events",
            "summary": "",
            "body": streamfield([("text", rich_text("<p>What is on.</p>"))]),
            "seo_title": "",
            "search_description": "",
        }
    )
    response = client.post(f"/admin/pages/add/home/standardpage/{home.pk}/", data)
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    # Announced at the top, where the editor is (the slug is on the Promote tab)...
    assert "Also fix the Promote tab: Slug." in html
    # ...and the draft holding the slug is named.
    assert "It belongs to a draft that was never published: &#x27;Summer events&#x27;, started by Edna" in html
