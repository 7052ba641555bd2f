"""An event as an iCalendar file (RFC 5545), built with the icalendar library."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from hub.base_url import base_host, page_url

PRODUCT_ID = "-//CHEC knowledge hub//Events//EN"


def event_calendar(page, request=None) -> bytes:
    """One VEVENT in UK time (with its VTIMEZONE), a stable UID and the page's address."""
    url = page_url(page, request)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("calscale", "GREGORIAN")

    event = Event()
    # The same UID wherever the file is downloaded from, so calendars update the event instead of adding a copy.
    event.add("uid", f"event-{page.pk}@{base_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", page.start_local)
    if page.end:
        event.add("dtend", page.end_local)
    event.add("summary", page.title)
    description = "\n\n".join(part for part in (page.summary, url) if part)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    location = str(page.Attendance.ONLINE.label) if page.attendance == page.Attendance.ONLINE else page.location
    if location:
        event.add("location", location)
    if page.last_published_at:
        event.add("last-modified", page.last_published_at)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
