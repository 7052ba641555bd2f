"""Dates and times of events, always in UK time whatever the reader's or editor's time zone.

These filters take the stored (timezone-aware) value themselves, so Django's per-request time zone (Wagtail
activates the editor's own in previews) never changes what the page says.
"""

from django import template
from django.utils import dateformat, timezone

from events.models import EVENT_TIME_ZONE

register = template.Library()


def _local(value):
    return timezone.localtime(value, EVENT_TIME_ZONE) if value else None


@register.filter
def uk_date(value) -> str:
    """'Tuesday 4 March 2025'."""
    local = _local(value)
    return dateformat.format(local, "l j F Y") if local else ""


@register.filter
def uk_time(value) -> str:
    """'2pm' or '2:30pm' (the GOV.UK style)."""
    local = _local(value)
    if not local:
        return ""
    text = dateformat.format(local, "g:i" if local.minute else "g")
    if local.hour == 12 and not local.minute:
        return "midday"
    return text + ("am" if local.hour < 12 else "pm")


@register.filter
def uk_zone(value) -> str:
    """'GMT' or 'BST'."""
    local = _local(value)
    return local.tzname() if local else ""


@register.filter
def uk_iso(value) -> str:
    """A machine-readable datetime for <time datetime>, with its UK offset."""
    local = _local(value)
    return local.isoformat() if local else ""


@register.filter
def same_uk_day(start, end) -> bool:
    return bool(start and end) and _local(start).date() == _local(end).date()
