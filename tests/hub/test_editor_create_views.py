"""Every page type's admin "add" view works under each parent it may have, and is refused elsewhere
(WagtailPageTestCase-style create and parent checks, for all page types, found from Wagtail's page models)."""

import pytest
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage
from tests.casestudies.factories import CaseStudyIndexPageFactory
from tests.events.factories import EventIndexPageFactory
from tests.factories import FrameworkPageFactory
from tests.home.factories import StandardPageFactory
from tests.reports.factories import ReportIndexPageFactory, ReportPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory

pytestmark = pytest.mark.django_db

PAGE_TYPES = [model for model in get_page_models() if model is not Page]


def make_parent(model, home):
    """A page of ``model`` to add children to (its own parents made on the way)."""
    if model is HomePage:
        return home
    factories = {
        "hub.FrameworkPage": lambda: FrameworkPageFactory(parent=home),
        "reports.ReportIndexPage": lambda: ReportIndexPageFactory(parent=home),
        "reports.ReportPage": lambda: ReportPageFactory(parent=ReportIndexPageFactory(parent=home)),
        "home.StandardPage": lambda: StandardPageFactory(parent=home),
        "casestudies.CaseStudyIndexPage": lambda: CaseStudyIndexPageFactory(parent=home),
        "toolkit.ToolkitIndexPage": lambda: ToolkitIndexPageFactory(parent=home),
        "events.EventIndexPage": lambda: EventIndexPageFactory(parent=home),
    }
    return factories[model._meta.label]()


def add_url(model, parent) -> str:
    return f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"


def test_every_page_type_is_covered():
    assert {model._meta.label for model in PAGE_TYPES} >= {
        "home.HomePage",
        "home.StandardPage",
        "hub.FrameworkPage",
        "hub.DriverPage",
        "casestudies.CaseStudyIndexPage",
        "casestudies.CaseStudyPage",
        "toolkit.ToolkitIndexPage",
        "toolkit.ToolkitPage",
        "toolkit.JourneyPage",
        "events.EventIndexPage",
        "events.EventPage",
    }


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model._meta.label)
def test_the_add_view_of_every_page_type_works_under_its_allowed_parents(admin_client, home, model):
    if model is HomePage:
        root = Page.get_first_root_node()
        home.delete()  # one home page per root: make room for a new one
        parents = [root]
    else:
        parents = [make_parent(parent_model, home) for parent_model in model.allowed_parent_page_models()]
    for parent in parents:
        parent = Page.objects.get(pk=parent.pk)
        assert model.can_create_at(parent), (model, parent.specific_class)
        response = admin_client.get(add_url(model, parent))
        assert response.status_code == 200, (model, parent.specific_class)
        html = response.content.decode()
        assert 'name="title"' in html
        assert "Content" in html and "Promote" in html  # the tabs


@pytest.mark.parametrize("model", [m for m in PAGE_TYPES if m is not StandardPage], ids=lambda m: m._meta.label)
def test_no_page_type_can_be_added_under_a_parent_it_does_not_allow(admin_client, home, model):
    """A standard page is allowed under the home page and itself only: nothing else goes under one."""
    standard = StandardPageFactory(parent=home)
    assert not model.can_create_at(standard)
    assert admin_client.get(add_url(model, standard)).status_code in (302, 403)


def test_a_standard_page_is_created_through_the_admin_form(admin_client, home):
    data = nested_form_data(
        {
            "title": "Contact us",
            "slug": "contact",
            "summary": "",
            "body": streamfield([("text", rich_text("<p>Write to the programme team.</p>"))]),
            "seo_title": "",
            "search_description": "",
        }
    )
    response = admin_client.post(add_url(StandardPage, home), data)
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="contact")
    assert page.get_parent().pk == home.pk and not page.live
