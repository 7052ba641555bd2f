"""Factories for the events pages (wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from events.models import EVENT_TIME_ZONE, EventIndexPage, EventPage


def uk_datetime(*args) -> datetime.datetime:
    """An aware datetime in UK time, e.g. uk_datetime(2025, 3, 4, 14, 0)."""
    return datetime.datetime(*args, tzinfo=EVENT_TIME_ZONE)


def days_from_now(days: int, hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return uk_datetime(day.year, day.month, day.day, hour, 0)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Webinar {n}")
    slug = factory.Sequence(lambda n: f"webinar-{n}")
    summary = "What the webinar is about."
    start = factory.LazyFunction(lambda: days_from_now(30))
    attendance = EventPage.Attendance.ONLINE

    class Meta:
        model = EventPage
