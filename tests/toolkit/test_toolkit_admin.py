"""Editing case studies, toolkits and the journey in the admin."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from casestudies.models import CaseStudyPage
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import DriverPageFactory, FrameworkPageFactory, make_document
from tests.toolkit.factories import JourneyPageFactory, ToolkitIndexPageFactory, ToolkitPageFactory, add_download
from toolkit.models import ToolkitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pass-for-tests-123")


def test_every_page_type_has_a_working_add_and_edit_form(client, home, superuser):
    client.force_login(superuser)
    case_studies = CaseStudyIndexPageFactory(parent=home)
    toolkits = ToolkitIndexPageFactory(parent=home)
    for app, model, parent in (
        ("casestudies", "casestudypage", case_studies),
        ("toolkit", "toolkitpage", toolkits),
        ("toolkit", "journeypage", toolkits),
    ):
        response = client.get(reverse("wagtailadmin_pages:add", args=[app, model, parent.pk]))
        assert response.status_code == 200, model
    toolkit = ToolkitPageFactory(parent=toolkits)
    add_download(toolkit, make_document())
    for page in (case_studies, CaseStudyPageFactory(parent=case_studies), toolkits, toolkit):
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_driver_choices_are_the_pages_own_language(home):
    framework = FrameworkPageFactory(parent=home)
    english = DriverPageFactory(parent=framework, title="English driver")
    polish = DriverPageFactory(
        parent=framework, title="Polish driver", locale=Locale.objects.create(language_code="pl")
    )
    index = CaseStudyIndexPageFactory(parent=home)
    for model in (CaseStudyPage, ToolkitPage):
        form_class = model.get_edit_handler().get_form_class()
        form = form_class(instance=model(locale=index.locale), parent_page=index, for_user=None)
        choices = list(form.fields["drivers"].queryset)
        assert english in choices and polish not in choices


def test_the_toolkit_preview_shows_unsaved_changes(home):
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home))
    toolkit.title = "A new title, not yet saved"
    response = toolkit.make_preview_request()
    assert response.status_code == 200
    assert "A new title, not yet saved" in response.content.decode()


def test_the_journey_preview_renders(home):
    journey = JourneyPageFactory(parent=ToolkitIndexPageFactory(parent=home))
    assert journey.make_preview_request().status_code == 200
