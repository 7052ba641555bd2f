"""The script that builds the events section and its events from ``events/demo_content/events.yaml``.

Every fact comes from ``shared/brief/facts.md`` and ``facts-sourced.md``; the sentences are our own. Where the
sources give no date or recording, the page says so instead of anything made up.
"""

import datetime
from zoneinfo import ZoneInfo

from wagtail.models import Page, Site

from hub.demo_tools import content, ensure_child, ensure_menu_item, home_page, stream
from hub.models import Person

from .models import EventIndexPage, EventPage, EventSpeaker

ORDER = 50  # after the core (people, framework, reports), before short links

CONTENT = content(__name__, "events")
UK = ZoneInfo("Europe/London")


def _page_at(home, url_path: str):
    return Page.objects.live().filter(url_path=home.url_path + url_path.strip("/") + "/").first()


def _start(value):
    """ "2024-05-30 10:00" in UK time, or None when the date is not known."""
    return datetime.datetime.fromisoformat(str(value)).replace(tzinfo=UK) if value else None


def ensure_event(index, home, data, stdout):
    existed = index.get_children().filter(slug=data["slug"]).exists()
    start = _start(data.get("start"))
    resources = [
        ("resource", {"page": page, "url": "", "title": "", "description": resource["description"]})
        for resource in data.get("resources", [])
        if (page := _page_at(home, resource["page"])) is not None
    ]
    event = ensure_child(
        index,
        EventPage,
        data["slug"],
        stdout,
        title=data["title"],
        summary=data["summary"],
        start=start,
        date_not_recorded=start is None,
        attendance=data["attendance"],
        body=stream(data.get("body")),
        agenda=[
            ("item", {"time": None, "title": item["title"], "who": item.get("who", ""), "description": ""})
            for item in data.get("agenda", [])
        ],
        recording_note=data.get("recording_note", ""),
        resources=resources,
    )
    if not existed:
        people = {
            person.name: person for person in Person.objects.filter(name__in=[s["name"] for s in data["speakers"]])
        }
        for speaker in data.get("speakers", []):
            if speaker["name"] in people:
                event.speakers.add(EventSpeaker(person=people[speaker["name"]], role=speaker.get("role", "")))
        event.tags.add(*data.get("tags", []))
        event.save_revision().publish()
    return event


def load(stdout):
    home = home_page()
    data = CONTENT["index"]
    index = ensure_child(
        home, EventIndexPage, "events", stdout, title=data["title"], summary=data["summary"], intro=data["intro"]
    )
    for event in CONTENT["events"]:
        ensure_event(index, home, event, stdout)
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Events", before_slug="about")
