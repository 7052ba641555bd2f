"""Editorial groups, what each may do, and the moderation workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from hub.permissions import EDITORS, MODERATORS
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="a-long-password-1")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="a-long-password-2")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def test_the_groups_exist_on_a_fresh_install_with_admin_access():
    for name in (MODERATORS, EDITORS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.filter(name="Moderators").exists()  # Wagtail's group became ours


def test_an_editor_can_edit_and_submit_but_not_publish(home, editor):
    page = StandardPageFactory(parent=home)
    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit() and permissions.can_submit_for_moderation()
    assert not permissions.can_publish() and not permissions.can_unpublish()
    assert not editor.has_perm("wagtailredirects.add_redirect")
    assert not editor.has_perm("hub.change_navigationsettings")


def test_a_moderator_publishes_and_manages_redirects_settings_and_data(home, moderator):
    page = StandardPageFactory(parent=home)
    permissions = page.permissions_for_user(moderator)
    assert permissions.can_edit() and permissions.can_publish() and permissions.can_unpublish()
    for permission in (
        "wagtailredirects.add_redirect",
        "hub.change_navigationsettings",
        "hub.change_organisationsettings",
        "indicators.add_indicatorvalue",
        "hub.change_integratedcaresystem",
    ):
        assert moderator.has_perm(permission), permission


def test_the_edit_view_offers_publish_to_moderators_and_submit_to_editors(client, home, editor, moderator):
    page = StandardPageFactory(parent=home)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html and 'name="action-publish"' not in html
    client.force_login(moderator)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' in html


def submit(page, editor):
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None and workflow == Workflow.objects.get(name="Moderators approval")
    return workflow.start(page, editor)


def test_workflow_approve_publishes_the_submitted_change(home, editor, moderator):
    page = StandardPageFactory(parent=home, title="Before")
    page.title = "After review"
    state = submit(page, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []  # an editor cannot approve their own submission
    assert {action[0] for action in task.get_actions(page, moderator)} >= {"approve", "reject"}
    task.on_action(task_state, moderator, "approve", comment="Looks right.")
    page.refresh_from_db()
    assert page.live and page.title == "After review"
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED


def test_workflow_request_changes_keeps_the_live_page_and_asks_the_editor(home, editor, moderator):
    page = StandardPageFactory(parent=home, title="Published text")
    page.title = "Draft text"
    state = submit(page, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment="Please add a summary.")
    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES
    page.refresh_from_db()
    assert page.title == "Published text"
    assert page.get_latest_revision_as_object().title == "Draft text"


def test_publish_scheduled_makes_a_scheduled_page_live_when_its_time_comes(client, home):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    page = StandardPageFactory(parent=home, title="Annual summary", slug="annual-summary", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # scheduled, not live yet
    page.refresh_from_db()
    assert not page.live and client.get("/annual-summary/").status_code == 404
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live  # its time has not come
    # The time comes: as if an hour had passed (the go-live time is in the past).
    revision.refresh_from_db()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    assert client.get("/annual-summary/").status_code == 200
