"""The workflow status dialog of the edit view ("View details" under "In Moderation" in the status side panel): after
"Request changes" its heading names the moderator who asked for them, not the editor who submitted the page."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from hub.permissions import EDITORS, MODERATORS
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def make_user(django_user_model, username, group, first_name, last_name):
    user = django_user_model.objects.create_user(
        username, password="a-long-password-9", first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(django_user_model):
    return (
        make_user(django_user_model, "edna", EDITORS, "Edna", "Editor"),
        make_user(django_user_model, "mo", MODERATORS, "Morgan", "Moderator"),
    )


def dialog_heading(html: str) -> str:
    """The message heading of the workflow status dialog, whitespace collapsed."""
    start = html.index('id="workflow-status-dialog"')
    match = re.search(r'class="w-dialog__message-heading">(.*?)</strong>', html[start:], re.DOTALL)
    assert match, "the dialog has no message heading"
    return re.sub(r"\s+", " ", match.group(1)).strip()


def test_after_request_changes_the_dialog_names_the_moderator_who_asked(client, home, people):
    editor, moderator = people
    page = StandardPageFactory(parent=home, title="Contact us")
    client.force_login(editor)
    # Outside a workflow the panel keeps Wagtail's "View history" link.
    assert "View history" in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    page.save_revision(user=editor)
    Workflow.objects.get(name="Moderators approval").start(page, editor)
    page.refresh_from_db()

    # In moderation: the dialog says who sent it (Wagtail's wording).
    heading = dialog_heading(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    assert heading.startswith("Sent to Moderators approval") and heading.endswith("by Edna Editor"), heading

    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment="Add the office phone number.")
    heading = dialog_heading(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    assert heading.startswith("Changes requested"), heading
    assert heading.endswith("by Morgan Moderator"), heading
    assert "Edna" not in heading
