"""ICS editors work only on their own ICS's case studies; publishing needs an ICS (case studies) and a licence
(toolkits), while drafts can be saved without them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from casestudies.models import CaseStudyPage
from hub.permissions import EDITORS, ensure_ics_editors_group
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import make_ics
from tests.toolkit.factories import ToolkitIndexPageFactory
from toolkit.models import ToolkitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return CaseStudyIndexPageFactory(parent=home)


@pytest.fixture
def birmingham(index):
    ics = make_ics("Birmingham and Solihull")
    ensure_ics_editors_group(ics)
    return ics


@pytest.fixture
def south_yorkshire(index):
    ics = make_ics("South Yorkshire")
    ensure_ics_editors_group(ics)
    return ics


@pytest.fixture
def ics_editor(django_user_model, birmingham):
    user = django_user_model.objects.create_user("bsol-editor", password="a-long-password-3")
    birmingham.refresh_from_db()
    user.groups.add(birmingham.editors_group)
    return user


def test_an_ics_editor_edits_and_submits_only_their_own_ics_case_studies(
    index, birmingham, south_yorkshire, ics_editor
):
    own = CaseStudyPageFactory(parent=index, ics=birmingham)
    other = CaseStudyPageFactory(parent=index, ics=south_yorkshire)
    own_perms = own.permissions_for_user(ics_editor)
    other_perms = other.permissions_for_user(ics_editor)
    assert own_perms.can_edit() and own_perms.can_submit_for_moderation()
    assert not own_perms.can_publish() and not own_perms.can_unpublish()
    assert not other_perms.can_edit() and not other_perms.can_submit_for_moderation()
    assert not other_perms.can_publish() and not other_perms.can_delete()


def test_the_admin_refuses_another_ics_case_study_and_offers_only_the_editors_ics(
    client, index, birmingham, south_yorkshire, ics_editor
):
    own = CaseStudyPageFactory(parent=index, ics=birmingham)
    other = CaseStudyPageFactory(parent=index, ics=south_yorkshire)
    client.force_login(ics_editor)
    refused = client.get(f"/admin/pages/{other.pk}/edit/")
    assert refused.status_code in (302, 403)
    allowed = client.get(f"/admin/pages/{own.pk}/edit/")
    assert allowed.status_code == 200
    ics_choices = allowed.context["form"].fields["ics"].queryset
    assert list(ics_choices) == [birmingham]
    # Posting an edit to the other ICS's case study is refused too, and nothing changes.
    other_title = other.title
    response = client.post(f"/admin/pages/{other.pk}/edit/", {"title": "Taken over"})
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.title == other_title


def test_an_ics_group_may_add_pages_under_the_case_study_index_only(home, index, birmingham):
    """The sections are the parents of ICS-owned page types (found by the core, which names no app)."""
    toolkits = ToolkitIndexPageFactory(parent=home)
    ensure_ics_editors_group(birmingham)
    birmingham.refresh_from_db()
    pages = set(
        GroupPagePermission.objects.filter(group=birmingham.editors_group, permission__codename="add_page").values_list(
            "page_id", flat=True
        )
    )
    assert pages == {index.pk}
    assert toolkits.pk not in pages


def test_an_editor_in_the_editors_group_is_not_limited_to_one_ics(
    django_user_model, index, birmingham, south_yorkshire
):
    editor = django_user_model.objects.create_user("editor", password="a-long-password-4")
    editor.groups.add(Group.objects.get(name=EDITORS))
    other = CaseStudyPageFactory(parent=index, ics=south_yorkshire)
    perms = other.permissions_for_user(editor)
    assert perms.can_edit() and not perms.can_publish()


def case_study_form_data(**overrides):
    data = {
        "title": "Family hubs outreach",
        "slug": "family-hubs-outreach",
        "summary": "",
        "kind": "intervention",
        "ics": "",
        "period": "",
        "last_reviewed": "",
        "problem": rich_text(""),
        "approach": rich_text(""),
        "young_peoples_involvement": rich_text(""),
        "evaluation_status": "",
        "outcomes": rich_text(""),
        "legacy": rich_text(""),
        "cost": "",
        "resources_needed": "",
        "resources": streamfield([]),
        "body": streamfield([]),
        "tags": "",
        "illustrative_note": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_publishing_a_case_study_without_an_ics_is_blocked_with_a_clear_message(admin_client, index, birmingham):
    url = f"/admin/pages/add/casestudies/casestudypage/{index.pk}/"
    response = admin_client.post(url, case_study_form_data(**{"action-publish": "publish"}))
    assert response.status_code == 200
    assert "Choose the Integrated Care System this page belongs to" in response.content.decode()
    assert not CaseStudyPage.objects.exists()
    # A draft can wait for the ICS.
    response = admin_client.post(url, case_study_form_data())
    assert response.status_code == 302
    draft = CaseStudyPage.objects.get()
    assert not draft.live and draft.ics is None
    # With the ICS it publishes.
    response = admin_client.post(
        url, case_study_form_data(slug="with-ics", ics=str(birmingham.pk), **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    assert CaseStudyPage.objects.get(slug="with-ics").live


def toolkit_form_data(**overrides):
    data = {
        "title": "Readiness tool",
        "slug": "readiness-tool",
        "summary": "",
        "what_it_is": rich_text(""),
        "resource_type": "guide",
        "how_to_adopt": streamfield([]),
        "time_needed": "",
        "skills_needed": "",
        "licence": "",
        "licence_note": "",
        "credit": "",
        "published_date": "",
        "last_reviewed": "",
        "body": streamfield([]),
        "tags": "",
        "illustrative_note": "",
        "seo_title": "",
        "search_description": "",
        "downloads": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_publishing_a_toolkit_without_a_licence_is_blocked(admin_client, home):
    toolkits = ToolkitIndexPageFactory(parent=home)
    url = f"/admin/pages/add/toolkit/toolkitpage/{toolkits.pk}/"
    response = admin_client.post(url, toolkit_form_data(**{"action-publish": "publish"}))
    assert response.status_code == 200
    assert "licence" in response.context["form"].errors
    assert not ToolkitPage.objects.exists()
    assert admin_client.post(url, toolkit_form_data()).status_code == 302
    assert not ToolkitPage.objects.get().live
    response = admin_client.post(url, toolkit_form_data(slug="licensed", licence="ogl-3", **{"action-publish": "1"}))
    assert response.status_code == 302
    assert ToolkitPage.objects.get(slug="licensed").live


def test_the_ics_field_is_a_list_of_the_editors_own_ics_chosen_for_them(
    client, index, birmingham, south_yorkshire, ics_editor
):
    client.force_login(ics_editor)
    response = client.get(f"/admin/pages/add/casestudies/casestudypage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    select = html[html.index('name="ics"') : html.index("</select>", html.index('name="ics"'))]
    assert f'<option value="{birmingham.pk}" selected>Birmingham and Solihull</option>' in select
    assert "South Yorkshire" not in select  # no chooser modal listing every ICS either
    # Choosing it saves the draft (no "Select a valid choice").
    response = client.post(
        f"/admin/pages/add/casestudies/casestudypage/{index.pk}/", case_study_form_data(ics=str(birmingham.pk))
    )
    assert response.status_code == 302
    assert CaseStudyPage.objects.get().ics == birmingham


def test_load_demo_creates_an_ics_editors_group_for_every_ics_with_rights_on_the_case_studies(db):
    from io import StringIO

    from django.core.management import call_command

    from hub.models import IntegratedCareSystem

    call_command("load_demo", stdout=StringIO())
    systems = IntegratedCareSystem.objects.filter(locale__language_code="en-gb")
    assert systems.count() >= 3
    for ics in systems:
        assert ics.editors_group is not None
        assert ics.editors_group.name == f"ICS editors: {ics.name}"
        assert GroupPagePermission.objects.filter(group=ics.editors_group, permission__codename="add_page").exists()


def test_a_new_ics_snippet_gets_its_editors_group(admin_client, index):
    response = admin_client.post(
        "/admin/snippets/hub/integratedcaresystem/add/",
        {
            "name": "Test Valley",
            "short_name": "",
            "slug": "test-valley",
            "region": "",
            "ons_code": "",
            "website": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    group = Group.objects.get(name="ICS editors: Test Valley")
    assert GroupPagePermission.objects.filter(group=group, page=index, permission__codename="add_page").exists()
