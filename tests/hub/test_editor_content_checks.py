"""The content checks in the admin: every rich text field and every block of every page type, with the heading
level the template gives the field, and messages that name the field (and block) at fault."""

import pytest
from wagtail.test.utils.form_data import rich_text, streamfield

from casestudies.models import CaseStudyPage
from tests.casestudies.factories import CaseStudyIndexPageFactory
from tests.casestudies.test_ics_editors import case_study_form_data, toolkit_form_data
from tests.factories import make_ics
from tests.toolkit.factories import ToolkitIndexPageFactory
from toolkit.models import ToolkitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study_url(home):
    index = CaseStudyIndexPageFactory(parent=home)
    return f"/admin/pages/add/casestudies/casestudypage/{index.pk}/"


@pytest.fixture
def toolkit_url(home):
    return f"/admin/pages/add/toolkit/toolkitpage/{ToolkitIndexPageFactory(parent=home).pk}/"


def field_errors(response, name) -> list[str]:
    errors = response.context["form"].errors.get(name) or []
    messages = []
    for error in errors.as_data():
        messages += [str(m) for m in getattr(error, "non_block_errors", None) or error.messages]
    return messages


def test_a_case_study_rich_text_field_refuses_a_heading_skip_and_a_vague_link_naming_the_field(
    admin_client, case_study_url
):
    ics = make_ics()
    response = admin_client.post(
        case_study_url,
        case_study_form_data(
            ics=str(ics.pk),
            problem=rich_text("<h4>Too deep</h4><p>Text.</p>"),
            approach=rich_text('<p>See the plan: <a href="https://example.org/plan">click here</a>.</p>'),
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 200
    assert not CaseStudyPage.objects.exists()  # neither saved nor published
    assert field_errors(response, "problem") == [
        "The problem, or where it started: a level 4 heading follows a level 2 heading: do not skip levels."
    ]
    [vague] = field_errors(response, "approach")
    assert vague.startswith("What was done, or how it evolved: the link text 'click here'")
    html = response.content.decode()
    assert "a level 4 heading follows a level 2 heading" in html


def test_a_correct_h3_under_the_templates_h2_is_accepted(admin_client, case_study_url):
    response = admin_client.post(
        case_study_url,
        case_study_form_data(
            problem=rich_text('<h3>In the area</h3><p>Read <a href="https://example.org">the needs assessment</a>.</p>')
        ),
    )
    assert response.status_code == 302
    assert CaseStudyPage.objects.get().problem.startswith("<h3")


def test_a_case_study_body_block_is_checked_and_named(admin_client, case_study_url):
    body = streamfield(
        [
            ("heading", {"text": "Key figures", "level": "h2", "anchor": ""}),
            ("text", rich_text("<h4>Too deep</h4>")),
        ]
    )
    response = admin_client.post(case_study_url, case_study_form_data(body=body))
    assert response.status_code == 200
    assert field_errors(response, "body") == [
        "More about it, block 2 (Text): a level 4 heading follows a level 2 heading: do not skip levels."
    ]


def test_a_toolkit_body_under_more_about_it_starts_at_h3(admin_client, toolkit_url):
    body = streamfield([("text", rich_text("<h3>Background</h3><p>Policy context.</p>"))])
    assert admin_client.post(toolkit_url, toolkit_form_data(body=body)).status_code == 302
    assert ToolkitPage.objects.count() == 1
    skipping = streamfield([("text", rich_text("<h4>Background</h4>"))])
    response = admin_client.post(toolkit_url, toolkit_form_data(slug="second", body=skipping))
    assert response.status_code == 200
    assert field_errors(response, "body") == [
        "More about this product, block 1 (Text): a level 4 heading follows a level 2 heading: do not skip levels."
    ]


def test_the_toolkit_licence_has_no_preselected_choice_and_publishing_without_it_names_field_and_tab(
    admin_client, toolkit_url
):
    form_html = admin_client.get(toolkit_url).content.decode()
    select = form_html[
        form_html.index('name="licence"') : form_html.index("</select>", form_html.index('name="licence"'))
    ]
    assert '<option value="" selected>' in select
    response = admin_client.post(toolkit_url, toolkit_form_data(**{"action-publish": "publish"}))
    assert response.status_code == 200
    [message] = field_errors(response, "licence")
    assert "Licence and credit" in message and "Content tab" in message
    assert not ToolkitPage.objects.exists()
