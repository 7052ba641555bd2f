"""An event as an iCalendar file (RFC 5545), built with the icalendar library.

The ``VTIMEZONE`` comes from icalendar's own ``Timezone.from_tzinfo`` for the years around the event, with each
clock change on its own ``RDATE`` line: a comma-separated ``RDATE`` list (what the library writes by default) is
misread by vobject/dateutil and ical.js, which then put a winter event an hour early.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from hub.base_url import base_host, page_url

PRODUCT_ID = "-//CHEC knowledge hub//Events//EN"


def time_zone_component(tz, first: datetime.datetime, last: datetime.datetime) -> Timezone:
    """The VTIMEZONE of ``tz`` from the year before ``first`` to two years after ``last``, one RDATE per line."""
    component = Timezone.from_tzinfo(
        tz, first_date=datetime.date(first.year - 1, 1, 1), last_date=datetime.date(last.year + 2, 1, 1)
    )
    for observance in component.subcomponents:
        rdates = observance.pop("RDATE", None)
        if rdates is None:
            continue
        for value in rdates if isinstance(rdates, list) else [rdates]:
            for moment in value.dts:
                observance.add("rdate", moment.dt)
    return component


def event_calendar(page, request=None) -> bytes:
    """One VEVENT in UK time (with its VTIMEZONE), a stable UID and the page's address."""
    url = page_url(page, request)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("calscale", "GREGORIAN")

    start, end = page.start_local, page.end_local
    calendar.add_component(time_zone_component(start.tzinfo, start, end or start))

    event = Event()
    # The same UID wherever the file is downloaded from, so calendars update the event instead of adding a copy.
    event.add("uid", f"event-{page.pk}@{base_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    if end:
        event.add("dtend", end)
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
    return calendar.to_ical()
