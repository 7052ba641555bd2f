"""Events and webinars: the listing, the event page, UK times, the calendar file and the demo webinar."""

import datetime
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, EventPage, EventSpeaker
from hub.models import Organisation, Person
from tests.events.factories import EventIndexPageFactory, EventPageFactory, days_from_now, uk_datetime
from tests.helpers import warm_query_count
from tests.home.factories import StandardPageFactory
from tests.reports.factories import ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_event_pages_can_only_be_created_where_intended(home, index):
    assert EventIndexPage.can_exist_under(home) and not EventIndexPage.can_create_at(home)  # one per home page
    assert EventPage.can_create_at(index)
    assert not EventPage.can_exist_under(home)
    assert not EventPage.can_exist_under(StandardPageFactory(parent=home))
    assert not EventIndexPage.can_exist_under(index)


def test_index_lists_upcoming_soonest_first_then_past_by_year_newest_first(client, index):
    later = EventPageFactory(parent=index, title="Later webinar", start=days_from_now(60))
    sooner = EventPageFactory(parent=index, title="Sooner webinar", start=days_from_now(3))
    old = EventPageFactory(parent=index, title="Launch 2024", start=uk_datetime(2024, 2, 23, 10, 0))
    recent = EventPageFactory(parent=index, title="Legacy 2025", start=uk_datetime(2025, 11, 26, 10, 0))
    undated = EventPageFactory(parent=index, title="Undated webinar", start=None, date_not_recorded=True)
    draft = EventPageFactory(parent=index, title="Draft webinar", start=days_from_now(5))
    draft.unpublish()

    html = html_of(client, index.url)
    upcoming, past = html.split('id="past-heading"')
    assert upcoming.index(sooner.title) < upcoming.index(later.title)
    assert old.title not in upcoming and undated.title not in upcoming
    # Past: year headings newest first, the undated group last, each event under its year.
    headings = re.findall(r'<h3 class="event-year" id="([^"]+)">([^<]+)</h3>', past)
    assert headings == [("year-2025", "2025"), ("year-2024", "2024"), ("year-not-recorded", "Date not recorded")]
    assert past.index("2025</h3>") < past.index(recent.title) < past.index("2024</h3>") < past.index(old.title)
    assert past.index("Date not recorded</h3>") < past.index(undated.title)
    assert 'href="#year-2024"' in past  # the year navigation
    assert "Draft webinar" not in html


def test_a_finished_programme_leads_with_past_events_and_says_once_that_none_are_coming(client, index):
    past = EventPageFactory(parent=index, title="Launch webinar", start=uk_datetime(2024, 2, 23, 10, 0))
    EventPageFactory(parent=index, title="Undated webinar", start=None, date_not_recorded=True)
    html = html_of(client, index.url)
    assert 'id="upcoming-heading"' not in html  # no empty "Upcoming events" section above the past ones
    assert html.index('id="past-heading"') < html.index(past.title) < html.index("There are no upcoming events")
    assert html.count("There are no upcoming events at the moment.") == 1
    assert html.count("Date not recorded") == 1  # the undated group's heading says it; its cards do not


def test_an_undated_event_says_so_once(client, index):
    event = EventPageFactory(parent=index, start=None, date_not_recorded=True)
    assert html_of(client, event.url).count("Date not recorded") == 1


def test_an_event_in_progress_is_still_upcoming_until_it_ends(client, index):
    now = timezone.now()
    event = EventPageFactory(
        parent=index, start=now - datetime.timedelta(minutes=30), end=now + datetime.timedelta(hours=1)
    )
    assert event.is_upcoming()
    assert client.get(f"{event.url}calendar/").status_code == 200


def test_times_are_shown_in_uk_time_whatever_the_active_time_zone(client, index):
    summer = EventPageFactory(
        parent=index,
        start=datetime.datetime(2025, 7, 1, 13, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2025, 7, 1, 14, 30, tzinfo=datetime.UTC),
    )
    winter = EventPageFactory(parent=index, start=datetime.datetime(2025, 1, 15, 14, 0, tzinfo=datetime.UTC))
    with timezone.override("America/New_York"):  # e.g. an editor's own time zone in a preview
        summer_html = html_of(client, summer.url)
        winter_html = html_of(client, winter.url)
    assert '<time datetime="2025-07-01T14:00:00+01:00">Tuesday 1 July 2025, 2pm</time>' in summer_html
    assert '<time datetime="2025-07-01T15:30:00+01:00">3:30pm</time>' in summer_html
    assert "(UK time, BST)" in summer_html
    assert "Wednesday 15 January 2025, 2pm" in winter_html and "(UK time, GMT)" in winter_html


def test_upcoming_event_offers_registration_and_a_calendar_file_past_event_does_not(client, index):
    upcoming = EventPageFactory(parent=index, registration_url="https://example.org/register")
    past = EventPageFactory(
        parent=index, start=uk_datetime(2024, 2, 23, 10, 0), registration_url="https://example.org/register-old"
    )
    upcoming_html = html_of(client, upcoming.url)
    assert 'href="https://example.org/register"' in upcoming_html
    assert f'href="{upcoming.url}calendar/"' in upcoming_html
    assert "Upcoming event" in upcoming_html
    past_html = html_of(client, past.url)
    assert "register-old" not in past_html and "calendar/" not in past_html
    assert "Past event" in past_html


def test_calendar_file_parses_and_holds_the_event_in_uk_time(client, index):
    event = EventPageFactory(
        parent=index,
        title="Launching the legacy products",
        start=days_from_now(20, hour=14),
        end=days_from_now(20, hour=15),
    )
    response = client.get(f"{event.url}calendar/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Launching the legacy products"
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert str(vevent["URL"]) == f"http://testserver{event.url}"
    assert str(vevent["LOCATION"]) == "Online"
    assert str(vevent["UID"]) == f"event-{event.pk}@testserver"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


@pytest.mark.parametrize("kind", ["past", "undated"])
def test_no_calendar_file_for_past_or_undated_events(client, index, kind):
    if kind == "past":
        event = EventPageFactory(parent=index, start=uk_datetime(2024, 2, 23, 10, 0))
    else:
        event = EventPageFactory(parent=index, start=None, date_not_recorded=True)
    response = client.get(f"{event.url}calendar/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_speakers_are_shown_in_order_with_role_and_organisation(client, index):
    barnardos = Organisation.objects.create(name="Barnardo's")
    second = Person.objects.create(name="Rukshana Kapasi", role="Director of Health", organisation=barnardos)
    first = Person.objects.create(name="Sir Michael Marmot")
    event = EventPageFactory(parent=index)
    event.speakers.add(EventSpeaker(person=first, role="Chair"))
    event.speakers.add(EventSpeaker(person=second))
    event.save_revision().publish()
    html = html_of(client, event.url)
    assert html.index("Sir Michael Marmot") < html.index("Rukshana Kapasi")
    assert "Director of Health, Barnardo&#x27;s" in html and "Chair" in html
    index_html = html_of(client, index.url)
    assert "Speakers: Sir Michael Marmot, Rukshana Kapasi" in index_html


def test_after_the_event_recording_transcript_slides_qa_and_resources(client, home, index):
    reports = ReportIndexPageFactory(parent=home)
    report = ReportPageFactory(parent=reports, title="Insights Report")
    withdrawn = ReportPageFactory(parent=reports, title="Withdrawn report")
    withdrawn.unpublish()
    slides = Document(title="Webinar slides")
    slides.file.save("slides.pdf", ContentFile(b"%PDF-1.4 " + b"0" * 2048), save=False)
    slides.save()
    event = EventPageFactory(
        parent=index,
        start=uk_datetime(2024, 2, 23, 10, 0),
        recording=[
            (
                "video",
                {
                    "title": "Webinar recording",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "transcript": "<p>Welcome to the webinar, said the chair.</p>",
                    "captions": True,
                },
            )
        ],
        recording_note="This note is not shown once there is a recording.",
        slides=slides,
        qa_summary="<p>Asked how to adopt the tool, the panel explained the steps.</p>",
        resources=[
            ("resource", {"page": report, "url": "", "title": "", "description": "The report discussed."}),
            ("resource", {"page": withdrawn, "url": "", "title": "", "description": ""}),
            ("resource", {"page": None, "url": "https://example.org/tool", "title": "Partner tool", "description": ""}),
        ],
    )
    html = html_of(client, event.url)
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in html  # click-to-load, privacy-enhanced
    assert "<iframe" not in html
    assert "Welcome to the webinar, said the chair." in html
    assert "This note is not shown" not in html
    assert f'href="{slides.url}"' in html and "PDF, 2.0\xa0KB" in html
    assert "Asked how to adopt the tool" in html
    assert f'<a href="{report.url}">Insights Report</a>' in html
    assert '<a href="https://example.org/tool">Partner tool</a>' in html
    assert "Withdrawn report" not in html


def test_placeholder_note_is_shown_where_the_recording_will_be(client, index):
    event = EventPageFactory(
        parent=index, start=None, date_not_recorded=True, recording_note="The recording is not yet published."
    )
    html = html_of(client, event.url)
    assert '<p class="notice">The recording is not yet published.</p>' in html
    assert "Date not recorded" in html


def test_recording_without_captions_says_so(client, index):
    event = EventPageFactory(
        parent=index,
        start=uk_datetime(2024, 2, 23, 10, 0),
        recording=[
            (
                "video",
                {
                    "title": "Recording",
                    "url": "https://vimeo.com/123456",
                    "transcript": "<p>Text.</p>",
                    "captions": False,
                },
            )
        ],
    )
    assert "does not have captions yet" in html_of(client, event.url)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"start": None}, "start", "tick 'Date not recorded'"),
        ({"date_not_recorded": True}, "date_not_recorded", "clear the start"),
        ({"end": uk_datetime(2025, 3, 4, 13, 0)}, "end", "after the start"),
        ({"attendance": EventPage.Attendance.IN_PERSON, "location": ""}, "location", "Say where"),
    ],
)
def test_event_validation(index, fields, field, message):
    event = EventPage(title="Event", slug="event", start=uk_datetime(2025, 3, 4, 14, 0))
    for name, value in fields.items():
        setattr(event, name, value)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert message in " ".join(error.value.message_dict[field])


def test_undated_past_event_is_valid(index):
    EventPage(title="Old webinar", slug="old", start=None, date_not_recorded=True).clean()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/register"])
def test_registration_link_must_be_a_web_address(index, url):
    event = EventPageFactory(parent=index)
    event.registration_url = url
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "registration_url" in error.value.message_dict


def event_form_data(**overrides):
    data = {
        "title": "Launch webinar",
        "slug": "launch-webinar",
        "summary": "",
        "start": "",
        "end": "",
        "attendance": "online",
        "location": "",
        "registration_url": "",
        "speakers": inline_formset([]),
        "body": streamfield([]),
        "agenda": streamfield([]),
        "recording": streamfield([]),
        "recording_note": "",
        "qa_summary": rich_text(""),
        "resources": streamfield([]),
        "tags": "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editors_get_a_clear_message_for_an_event_without_a_date(admin_client, index):
    url = f"/admin/pages/add/events/eventpage/{index.pk}/"
    response = admin_client.post(url, event_form_data())
    assert response.status_code == 200
    assert "tick &#x27;Date not recorded&#x27;" in response.content.decode()
    assert not EventPage.objects.exists()
    response = admin_client.post(
        url,
        event_form_data(
            date_not_recorded="on",
            agenda=streamfield([("item", {"time": "", "title": "Welcome", "who": "", "description": ""})]),
        ),
    )
    assert response.status_code == 302
    event = EventPage.objects.get()
    assert event.date_not_recorded and event.start is None and event.agenda[0].value["title"] == "Welcome"


def test_times_entered_in_the_admin_are_uk_time(admin_client, index):
    url = f"/admin/pages/add/events/eventpage/{index.pk}/"
    response = admin_client.post(url, event_form_data(start="2025-07-01 14:00"))
    assert response.status_code == 302
    assert EventPage.objects.get().start == datetime.datetime(2025, 7, 1, 13, 0, tzinfo=datetime.UTC)


def test_index_and_event_page_query_counts_are_small_and_constant(client, home):
    person = Person.objects.create(name="A speaker")
    slides = Document(title="Slides")
    slides.file.save("slides.pdf", ContentFile(b"%PDF-1.4 slides"), save=False)
    slides.save()
    reports = ReportIndexPageFactory(parent=home)
    report = ReportPageFactory(parent=reports)
    counts = []
    for number, count in enumerate((5, 60)):
        index = EventIndexPageFactory(parent=home, slug=f"events-{number}")
        events = []
        for n in range(count):
            start = days_from_now(n + 1) if n % 2 else uk_datetime(2020 + n % 5, 3, 4, 14, 0)
            event = EventPageFactory(
                parent=index,
                start=start,
                tags=["webinar"],
                slides=slides,
                resources=[("resource", {"page": report, "url": "", "title": "", "description": ""})],
            )
            event.speakers.add(EventSpeaker(person=person))
            event.save_revision().publish()
            events.append(event)
        counts.append((warm_query_count(client, index.url), warm_query_count(client, events[-1].url)))
    (index_5, page_5), (index_60, page_60) = counts
    assert index_5 == index_60 and index_5 <= 15
    assert page_5 == page_60 and page_5 <= 15


def test_demo_webinar_is_built_from_the_facts():
    call_command("load_demo", stdout=StringIO())
    webinar = EventPage.objects.get(slug="chec-webinar")
    assert webinar.date_not_recorded and webinar.start is None
    assert not webinar.recording and "not yet published" in webinar.recording_note
    assert [speaker.person.name for speaker in webinar.speakers.all()] == ["Sir Michael Marmot", "Rukshana Kapasi"]
    agenda = [item.value for item in webinar.agenda]
    assert all(item["time"] is None for item in agenda)
    assert {item["who"] for item in agenda} == {"", "CYP Champions", "ICS leads", "Attendees"}
    assert any("legacy products" in item["title"] for item in agenda)
    assert EventPage.objects.count() == 1  # loading again changes nothing: test_settings_and_commands.py
    index = EventIndexPage.objects.get()
    assert Page.objects.get(pk=index.pk).url == "/events/"


def test_past_events_come_twenty_a_page_while_every_upcoming_event_stays_on_each_page(client, index):
    for n in range(45):
        EventPageFactory(
            parent=index, title=f"Past webinar {n:02d}", start=uk_datetime(2024, 1, 1, 10) + datetime.timedelta(days=n)
        )
    EventPageFactory(parent=index, title="Next webinar", start=days_from_now(10))
    first = html_of(client, index.url)
    assert "Next webinar" in first and "Past webinar 44" in first and "Past webinar 24" not in first
    assert first.count('class="card-list__item"') == 21
    assert 'rel="next"' in first and 'href="?page=3"' in first
    last = html_of(client, index.url + "?page=3")
    assert (
        "Next webinar" in last
        and "Past webinar 00" in last
        and "Past webinar 04" in last
        and "Past webinar 05" not in last
    )
    assert last.count('class="card-list__item"') == 6
    # A page number past the end, or nonsense, never fails: the last page, or the first.
    assert "Past webinar 00" in html_of(client, index.url + "?page=999999999999999")
    assert "Past webinar 44" in html_of(client, index.url + "?page=%00abc")
