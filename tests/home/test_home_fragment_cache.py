"""The home page's content is kept per content version: cheap to serve with the page cache off, never stale."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from tests.factories import DriverPageFactory, FrameworkPageFactory
from tests.reports.factories import ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(home):
    framework = FrameworkPageFactory(parent=home)
    DriverPageFactory(parent=framework, title="Housing and homes", short_name="Housing")
    index = ReportIndexPageFactory(parent=home)
    ReportPageFactory(parent=index, title="Insights report", publication_date=date(2025, 11, 26))
    return index


def render(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_second_visit_reads_no_sections_from_the_database(client, reports):
    first, first_queries = render(client)
    render(client)  # the site settings rows may be created on the first visit
    again, queries = render(client)
    assert "Insights report" in again and "Housing" in again
    assert again.count("home-section__title") == first.count("home-section__title") == 1
    assert queries <= 2 < first_queries


def test_a_new_report_shows_on_the_home_page_at_once(client, reports):
    render(client)
    render(client)
    ReportPageFactory(parent=reports, title="Evaluation report", publication_date=date(2026, 1, 5))
    page, _ = render(client)
    assert "Evaluation report" in page


def test_an_unpublished_report_leaves_the_home_page_at_once(client, reports):
    render(client)
    report = reports.get_children().get(title="Insights report")
    report.unpublish()
    page, _ = render(client)
    assert "Insights report" not in page


def test_the_home_page_preview_shows_the_draft_not_the_kept_fragment(client, reports, home):
    render(client)
    home.intro = "A draft introduction for the preview."
    home.save_revision()
    draft = home.get_latest_revision_as_object()
    preview = draft.make_preview_request()
    assert "A draft introduction for the preview." in preview.content.decode()
    assert "A draft introduction for the preview." not in render(client)[0]


def test_a_new_translation_shows_in_the_language_switcher_at_once(client, reports, home):
    before, _ = render(client)
    assert 'hreflang="pl"' not in before
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    translation = home.copy_for_translation(polish)
    translation.save_revision().publish()
    after, _ = render(client)
    assert 'hreflang="pl"' in after
