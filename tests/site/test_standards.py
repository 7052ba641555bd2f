"""Standards, checked by the parsers and schemas their communities use (not by this project's own code):

- Atom (RFC 4287): the RELAX NG schema of the RFC (tests/site/schemas/atom.rng), an author on the feed and every entry,
  and an ``id`` of its own for every feed; feedparser reads them without complaint.
- Sitemap: the sitemaps.org XSD with the ``xhtml:link`` extension (tests/site/schemas/), indicator and tag pages, an
  ``x-default`` alternate.
- iCalendar: vobject (with dateutil's time zones) and icalendar read a winter and a summer event at the right time.
- robots.txt leaves /documents/ open; search and tag pages have a canonical link and a description; the search form
  has a real action.
"""

import datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import vobject
from django.apps import apps
from icalendar import Calendar
from lxml import etree
from wagtail.models import Locale

from hub.demo_tools import ensure_sample_translation
from hub.feeds import feed_kinds
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory, uk_datetime
from tests.factories import relate
from tests.reports.factories import ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def indicator_models():
    for label in ("indicators", "hub"):
        try:
            return apps.get_model(label, "IndicatorIndexPage"), apps.get_model(label, "Indicator")
        except LookupError:
            continue
    raise LookupError("no indicator models")


@pytest.fixture
def polish(home):
    Locale.objects.get_or_create(language_code="pl")
    ensure_sample_translation(home, "pl", {home.title: "Strona główna"})
    return home


@pytest.fixture
def content(polish):
    home = polish
    reports = ReportIndexPageFactory(parent=home)
    ReportPageFactory(parent=reports, title="Insights report", summary="What we learnt.")
    EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Launch webinar")
    case_studies = CaseStudyIndexPageFactory(parent=home)
    relate(CaseStudyPageFactory(parent=case_studies, title="Youth voice"), tags=["youth-voice"])
    return home


# Atom -----------------------------------------------------------------------------------------------------------


def test_every_atom_feed_is_valid_against_the_rfc_4287_schema_with_authors(client, content):
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))
    for kind in [*feed_kinds(), "all"]:
        response = client.get(f"/feeds/{kind}/atom/")
        assert response.status_code == 200, kind
        document = etree.fromstring(response.content)
        assert schema.validate(document), f"{kind}: {schema.error_log}"
        feed = ElementTree.fromstring(response.content)
        assert feed.findtext(f"{ATOM}author/{ATOM}name"), kind
        for entry in feed.findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}author/{ATOM}name"), (kind, entry.findtext(f"{ATOM}title"))
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.author


def test_each_feed_has_its_own_id_in_every_language_and_format(client, content):
    ids = []
    for prefix in ("", "/pl"):
        for kind in [*feed_kinds(), "all"]:
            for form in ("atom", "rss"):
                parsed = feedparser.parse(client.get(f"{prefix}/feeds/{kind}/{form}/").content)
                if form == "atom":
                    ids.append(parsed.feed.id)
    assert len(ids) == len(set(ids)) == 2 * (len(feed_kinds()) + 1), ids
    assert "http://testserver/pl/feeds/all/atom/" in ids


def test_rss_items_name_the_author(client, content):
    parsed = feedparser.parse(client.get("/feeds/all/rss/").content)
    assert parsed.entries and all(entry.get("author") for entry in parsed.entries)


# Sitemap --------------------------------------------------------------------------------------------------------


@pytest.fixture
def indicator(content):
    index_model, indicator_model = indicator_models()
    index = index_model(title="Data", slug="data")
    content.add_child(instance=index)
    index.save_revision().publish()
    return indicator_model.objects.create(name="Infant mortality", slug="infant-mortality")


def test_sitemap_is_valid_against_the_sitemaps_org_schema_with_xhtml_links(client, indicator):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-xhtml.xsd")))
    response = client.get("/sitemap.xml")
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    tree = ElementTree.fromstring(response.content)
    locations = {element.text for element in tree.findall("s:url/s:loc", SITEMAP_NS)}
    assert "http://testserver/data/infant-mortality/" in locations
    assert "http://testserver/tags/youth-voice/" in locations
    home = next(
        url
        for url in tree.findall("s:url", SITEMAP_NS)
        if url.findtext("s:loc", namespaces=SITEMAP_NS).endswith("/pl/")
    )
    alternates = {link.get("hreflang"): link.get("href") for link in home.findall("x:link", SITEMAP_NS)}
    assert alternates == {
        "en-gb": "http://testserver/",
        "pl": "http://testserver/pl/",
        "x-default": "http://testserver/",
    }


def test_sitemap_leaves_out_tags_only_a_draft_has(client, content):
    case_studies = content.get_children().type(apps.get_model("casestudies", "CaseStudyIndexPage")).first()
    draft = relate(CaseStudyPageFactory(parent=case_studies, title="Draft"), tags=["secret-topic"])
    draft.unpublish()
    assert b"/tags/secret-topic/" not in client.get("/sitemap.xml").content


# iCalendar ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [uk_datetime(2030, 1, 15, 10, 0), uk_datetime(2030, 7, 15, 10, 0), uk_datetime(2030, 10, 27, 18, 30)],
    ids=["winter", "summer", "after-the-october-change"],
)
def test_calendar_file_is_read_at_the_right_time_by_vobject_and_icalendar(client, home, start):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), start=start)
    body = client.get(f"{event.url}calendar/").content
    expected = start.astimezone(datetime.UTC)
    read_by_vobject = vobject.readOne(body.decode()).vevent.dtstart.value
    assert read_by_vobject.astimezone(datetime.UTC) == expected
    (vevent,) = Calendar.from_ical(body).walk("VEVENT")
    assert vevent["DTSTART"].dt.astimezone(datetime.UTC) == expected
    for line in body.decode().splitlines():
        assert not (line.startswith("RDATE") and "," in line), line  # one clock change per line


# robots, search and tag pages ----------------------------------------------------------------------------------


def test_robots_txt_leaves_documents_open_and_names_the_sitemap(client, home):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /documents/" not in robots
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_search_form_has_an_action_and_search_and_tag_pages_a_canonical_and_description(client, content):
    search = client.get("/pl/search/?q=youth").content.decode()
    assert 'action="/pl/search/"' in search and 'action=""' not in search
    assert '<link rel="canonical" href="http://testserver/pl/search/">' in search
    assert '<meta name="description" content="' in search
    for path in ("/tags/", "/tags/youth-voice/"):
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="http://testserver{path}">' in html, path
        assert '<meta name="description" content="' in html, path
