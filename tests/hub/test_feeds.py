"""RSS and Atom feeds of new reports, events, toolkits and case studies: valid, live public pages of the reader's
language only, newest first, in a constant number of queries."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from hub.feeds import feed_kinds, feed_models
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.reports.factories import ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = [("en-gb", "English"), ("pl", "Polski")]


@pytest.fixture
def content(home):
    reports = ReportIndexPageFactory(parent=home)
    events = EventIndexPageFactory(parent=home)
    pages = {
        "old_report": ReportPageFactory(parent=reports, title="Old report", summary="The first report."),
        "event": EventPageFactory(parent=events, title="Launch webinar", summary="The launch."),
        "new_report": ReportPageFactory(parent=reports, title="New report", summary="The latest report."),
    }
    now = timezone.now()
    for hours, page in zip((3, 2, 1), pages.values(), strict=True):
        page.first_published_at = now - datetime.timedelta(hours=hours)
        page.save(update_fields=["first_published_at"])
    draft = ReportPageFactory(parent=reports, title="Draft report")
    draft.unpublish()
    private = ReportPageFactory(parent=reports, title="Private report")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    StandardPageFactory(parent=home, title="A standard page")  # not a feed kind
    return pages


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def test_all_content_rss_is_valid_and_lists_live_public_pages_newest_first(client, content):
    response, parsed = parse(client, "/feeds/all/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    assert [entry.title for entry in parsed.entries] == ["New report", "Launch webinar", "Old report"]
    first = parsed.entries[0]
    assert first.link == "http://testserver" + content["new_report"].url
    assert first.summary == "The latest report."
    assert first.tags[0].term == "Report"
    channel = ET.fromstring(response.content).find("channel")
    assert channel.find("title").text == "CHEC: Everything new"
    assert all(item.find("title") is not None and item.find("link") is not None for item in channel.findall("item"))


def test_each_kind_has_its_own_feed(client, content):
    _, reports = parse(client, "/feeds/reports/rss/")
    assert [entry.title for entry in reports.entries] == ["New report", "Old report"]
    _, events = parse(client, "/feeds/events/rss/")
    assert [entry.title for entry in events.entries] == ["Launch webinar"]


def test_atom_feed_is_valid_atom(client, content):
    response, parsed = parse(client, "/feeds/events/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Launch webinar"
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver" + content["event"].url
    assert entry.find(f"{ATOM}id").text == f"tag:testserver,2023:page-{content['event'].pk}"
    assert entry.find(f"{ATOM}updated").text


@pytest.mark.parametrize("url", ["/feeds/nonsense/rss/", "/feeds/reports/json/", "/feeds/all/rss/extra/"])
def test_unknown_feeds_are_404(client, home, url):
    assert client.get(url).status_code == 404


def test_kinds_whose_models_do_not_exist_yet_are_404_and_appear_when_they_do(client, home):
    for kind in ("toolkits", "case-studies"):
        expected = 200 if feed_models(kind) else 404
        assert client.get(f"/feeds/{kind}/rss/").status_code == expected
    assert feed_models("nonsense") == []


def test_page_types_join_a_feed_by_declaring_its_kind(client, content):
    """The core finds the kinds among the page models (``feed_kind``); it names no app."""
    kinds = feed_kinds()
    assert set(kinds) == {"reports", "events", "toolkits", "case-studies"}
    assert [model.__name__ for model in kinds["events"]] == ["EventPage"]
    response, _parsed = parse(client, "/feeds/case-studies/rss/")
    assert ET.fromstring(response.content).find("channel").find("title").text == "CHEC: Case studies"


@override_settings(LANGUAGES=LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=LANGUAGES)
def test_feeds_list_only_the_current_languages_pages(client, content):
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    home = content["new_report"].get_parent().get_parent()
    home.copy_for_translation(polish).save_revision().publish()
    reports_pl = content["new_report"].get_parent().copy_for_translation(polish)
    reports_pl.save_revision().publish()
    translation = content["new_report"].copy_for_translation(polish)
    translation.title = "Nowy raport"
    translation.save_revision().publish()
    _, english = parse(client, "/feeds/reports/rss/")
    assert "Nowy raport" not in [entry.title for entry in english.entries]
    _, polish_feed = parse(client, "/pl/feeds/reports/rss/")
    assert [entry.title for entry in polish_feed.entries] == ["Nowy raport"]
    assert polish_feed.entries[0].link.startswith("http://testserver/pl/")


def test_feeds_hold_at_most_50_items_in_constant_queries(client, home):
    events = EventIndexPageFactory(parent=home)
    reports = ReportIndexPageFactory(parent=home)
    counts = []
    for number in (3, 30):
        for _n in range(number):
            ReportPageFactory(parent=reports)
            EventPageFactory(parent=events)
        client.get("/feeds/all/rss/")
        client.get("/feeds/all/rss/")  # the first may create the site settings rows, which empties the cache once
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/feeds/all/rss/")
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 10
    assert len(feedparser.parse(response.content).entries) == 50
