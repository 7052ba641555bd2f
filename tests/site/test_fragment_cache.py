"""Detail pages keep their content per content version (the page cache off): fewer queries on a second visit, and
a change to any page they show is there on the next visit, never a kept copy."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.models import Organisation
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory, days_from_now
from tests.factories import DriverPageFactory, FrameworkPageFactory, relate
from tests.home.factories import StandardPageFactory
from tests.reports.factories import ReportChapterPageFactory, ReportIndexPageFactory, ReportPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory

pytestmark = pytest.mark.django_db


def visit(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def settled(client, url) -> tuple[str, int]:
    """The third visit: the first may create settings rows, the second fills the caches."""
    visit(client, url)
    visit(client, url)
    return visit(client, url)


@pytest.fixture
def site(home):
    driver = DriverPageFactory(parent=FrameworkPageFactory(parent=home), title="Housing", short_name="Housing")
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), title="Readiness tool")
    case_study = CaseStudyPageFactory(parent=CaseStudyIndexPageFactory(parent=home), title="Warm homes")
    relate(case_study, drivers=[driver], toolkits=[toolkit])
    report = ReportPageFactory(parent=ReportIndexPageFactory(parent=home), title="Insights report")
    ReportChapterPageFactory(parent=report, title="What young people said")
    return {
        "driver": driver,
        "framework": driver.get_parent().specific,
        "toolkit": toolkit,
        "case_study": case_study,
        "report": report,
    }


@pytest.mark.parametrize("kind", ["case_study", "driver", "framework", "report"])
def test_a_second_visit_costs_fewer_queries_than_the_first(client, site, kind):
    first_html, first = visit(client, site[kind].url)
    html, queries = settled(client, site[kind].url)
    assert html.count("<h2") == first_html.count("<h2")
    assert queries < first and queries <= 4, f"{queries} queries on a settled visit to {kind}, {first} on the first"


def test_a_renamed_toolkit_shows_on_the_case_study_at_once(client, site):
    html, _ = settled(client, site["case_study"].url)
    assert "Readiness tool" in html
    toolkit = site["toolkit"]
    toolkit.title = "Readiness tool, second edition"
    toolkit.save_revision().publish()
    html, _ = visit(client, site["case_study"].url)
    assert "Readiness tool, second edition" in html


def test_a_new_case_study_shows_on_its_driver_page_at_once(client, site):
    html, _ = settled(client, site["driver"].url)
    assert "Warm homes" in html and "Healthy schools" not in html
    other = CaseStudyPageFactory(parent=site["case_study"].get_parent(), title="Healthy schools")
    relate(other, drivers=[site["driver"]])
    html, _ = visit(client, site["driver"].url)
    assert "Healthy schools" in html


def test_a_new_driver_shows_on_the_framework_page_at_once(client, site):
    html, _ = settled(client, site["framework"].url)
    assert "Warm homes" not in html and "Money" not in html
    DriverPageFactory(parent=site["framework"], title="Money and debt", short_name="Money")
    assert "Money" in visit(client, site["framework"].url)[0]


def test_a_new_publisher_shows_in_the_reports_citation_at_once(client, site):
    settled(client, site["report"].url)
    report = site["report"]
    report.organisations.add(Organisation.objects.create(name="Barnardo's"))
    report.save_revision().publish()
    html, _ = visit(client, report.url)
    assert "Barnardo&#x27;s" in html or "Barnardo's" in html


def test_the_preview_of_a_case_study_shows_the_draft(client, site):
    settled(client, site["case_study"].url)
    case_study = site["case_study"]
    case_study.summary = "A draft summary only the preview shows."
    case_study.save_revision()
    preview = case_study.get_latest_revision_as_object().make_preview_request()
    assert "A draft summary only the preview shows." in preview.content.decode()
    assert "A draft summary only the preview shows." not in visit(client, case_study.url)[0]


def test_a_toolkit_keeps_its_content_and_each_reader_gets_their_own_feedback_form(client, site):
    toolkit = site["toolkit"]
    first_html, first = visit(client, toolkit.url)
    html, queries = settled(client, toolkit.url)
    assert queries < first and queries <= 5, f"{queries} queries on a settled visit, {first} on the first"
    assert html.count("<h2") == first_html.count("<h2") and 'id="feedback' in html
    form_url = f"{toolkit.url}feedback/"
    other_reader = client.__class__()
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        for page in (client.get(form_url).content.decode(), other_reader.get(form_url).content.decode())
    }
    assert len(tokens) == 2  # the form page gives each reader their own token, never one kept
    toolkit.summary = "Now with a workbook for commissioners."
    toolkit.title = "Readiness tool, second edition"
    toolkit.save_revision().publish()
    assert "Readiness tool, second edition" in visit(client, toolkit.url)[0]


@pytest.fixture
def events(home):
    index = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=index, title="Launch webinar", start=days_from_now(10))
    EventPageFactory(parent=index, title="Insights webinar", start=days_from_now(-400))
    return index


@pytest.mark.parametrize("listing", ["case_study", "toolkit", "report", "tag", "event"])
def test_a_listing_whose_cards_are_kept_renders_none_and_a_rename_shows_at_once(client, site, events, listing):
    """Listings keep each card per content version (hub.cards): a settled visit renders no card (so loads none of
    the items: their ids come from the kept facet index or a light query) and a publish shows on the next visit."""
    from django.template import loader

    if listing == "event":
        url, page = events.url, events.get_children().get(title="Insights webinar").specific
    else:
        page = site[listing] if listing != "tag" else site["case_study"]
        relate(page, tags=["warmth"])
        url = "/tags/warmth/" if listing == "tag" else page.get_parent().url
    old_title = page.title
    assert old_title in settled(client, url)[0]
    with mock.patch("hub.cards.get_template", wraps=loader.get_template) as rendering:
        html, _ = visit(client, url)
    assert old_title in html and html.count('class="card-list__item"') >= 1
    assert rendering.call_count == 0, "a kept card was rendered again"
    page.title = f"{old_title}, second edition"
    page.save_revision().publish()
    assert f"{old_title}, second edition" in visit(client, url)[0]


def test_a_chapter_keeps_its_content_and_a_renamed_neighbour_shows_at_once(client, site):
    report = site["report"]
    first = report.get_children().live().first().specific
    second = ReportChapterPageFactory(parent=report, title="What happened next")
    _first_html, first_queries = visit(client, first.url)
    html, queries = settled(client, first.url)
    assert "What happened next" in html and "Chapter 1:" in html
    assert queries < first_queries and queries <= 4, f"{queries} on a settled visit, {first_queries} on the first"
    second.title = "What happened after that"
    second.save_revision().publish()
    html, _ = visit(client, first.url)
    assert "What happened after that" in html and "What happened next" not in html


def test_an_event_page_says_past_once_the_event_has_ended_without_any_edit(client, home):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Launch webinar", start=days_from_now(1))
    assert "Upcoming event" in settled(client, event.url)[0]
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("events.models.timezone.now", return_value=later):
        html, _ = visit(client, event.url)  # no publish: the content version has not moved
    assert "Past event" in html and "Upcoming event" not in html


def test_a_standard_page_keeps_its_content_and_shows_a_publish_at_once(client, home):
    page = StandardPageFactory(parent=home, title="About the programme")
    first_html, _ = visit(client, page.url)
    html, _ = settled(client, page.url)
    assert html.count("<h1") == first_html.count("<h1") == 1
    page.title = "About CHEC"
    page.save_revision().publish()
    assert "About CHEC" in visit(client, page.url)[0]
