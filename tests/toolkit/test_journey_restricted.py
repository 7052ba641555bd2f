"""The "start your own journey" page lists only public pages: a login-restricted toolkit, case study or page (or one
under a restricted section) is left out, like in every other listing."""

import pytest
from wagtail.models import PageViewRestriction

from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import JourneyPageFactory, ToolkitIndexPageFactory, ToolkitPageFactory
from tests.toolkit.test_toolkit import stage

pytestmark = pytest.mark.django_db


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_the_journey_leaves_out_restricted_pages(client, home):
    index = ToolkitIndexPageFactory(parent=home)
    public_tool = ToolkitPageFactory(parent=index, title="Open readiness tool", summary="For everyone.")
    private_tool = ToolkitPageFactory(parent=index, title="Partners-only workbook", summary="Secret pilot figures.")
    restrict(private_tool)
    case_studies = CaseStudyIndexPageFactory(parent=home)
    public_example = CaseStudyPageFactory(parent=case_studies, title="Open example")
    private_section = StandardPageFactory(parent=home, title="Partners area")
    restrict(private_section)
    private_page = StandardPageFactory(parent=private_section, title="Board minutes")
    private_example = CaseStudyPageFactory(parent=case_studies, title="Unpublished evaluation")
    restrict(private_example)
    journey = JourneyPageFactory(
        parent=index,
        stages=[
            stage("Form the partnership", toolkits=[private_tool, public_tool], other_pages=[private_page]),
            stage("Learn from others", case_studies=[private_example, public_example]),
        ],
    )
    html = client.get(journey.url).content.decode()
    assert "Open readiness tool" in html and "For everyone." in html and "Open example" in html
    for hidden in ("Partners-only workbook", "Secret pilot figures.", "Board minutes", "Unpublished evaluation"):
        assert hidden not in html, hidden
    # Lifting a restriction lists the page again.
    PageViewRestriction.objects.filter(page=private_tool).delete()
    assert "Partners-only workbook" in client.get(journey.url).content.decode()
