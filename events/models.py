"""Events and webinars: the listing (upcoming, then past by year) and the event page with its calendar file.

Times are stored timezone-aware (UTC in the database) and shown in UK time (Europe/London), whatever the time zone
of the editor who entered them. A past event whose date was never recorded is allowed, and listed as such: the site
does not make up dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from hub import cache as page_cache
from hub.blocks import SIMPLE_RICH_TEXT_FEATURES, BodyBlock, VideoBlock
from hub.cards import cards_by_id
from hub.listing import Pagination, page_size, parse_page_number
from hub.models import BasePage
from hub.models.base import standard_promote_panels
from hub.validators import validate_web_url

from .blocks import AgendaItemBlock, ResourceLinkBlock

EVENT_TIME_ZONE = ZoneInfo("Europe/London")
PAST_EVENTS_PER_PAGE = 20


class EventIndexPage(BasePage):
    """Lists upcoming events first (soonest first), then past events grouped by year (newest first)."""

    intro = models.TextField(blank=True, max_length=600)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")

    def get_events(self):
        return (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related(Prefetch("speakers", queryset=EventSpeaker.objects.select_related("person")))
        )

    def get_context(self, request, *args, **kwargs):
        """Every upcoming event (a programme has a few at most), then one page of past events: the listing stays the
        same size however many webinars the archive gathers. A page number past the end shows the last page."""
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        schedule = self.schedule()
        # Upcoming until it ends, or without an end until it starts (EventPage.is_upcoming).
        upcoming = sorted((event for event in schedule if event.is_upcoming(now)), key=lambda event: event.start)
        past = [event for event in schedule if not event.is_upcoming(now)]  # newest first, undated last
        paginator = Paginator(past, page_size(PAST_EVENTS_PER_PAGE))
        number = parse_page_number(request.GET.get("page"))
        page = paginator.get_page(number or paginator.num_pages)
        context.update(split_events(list(page.object_list), now))
        context["upcoming_events"] = upcoming
        context["has_past_events"] = paginator.count > 0
        context["pagination"] = Pagination(page, lambda number: f"?page={number}")
        upcoming_cards = self._cards(request, upcoming, "h3")
        context["upcoming_cards"] = [upcoming_cards[event.pk] for event in upcoming if event.pk in upcoming_cards]
        shown_past = [event for group in context["past_events_by_year"] for event in group["events"]]
        past_cards = self._cards(request, shown_past, "h4")
        for group in context["past_events_by_year"]:
            group["cards"] = [past_cards[event.pk] for event in group["events"] if event.pk in past_cards]
        return context

    def schedule(self) -> list[ListedEvent]:
        """What ordering and grouping need of every listed event (newest first, undated last), in one light query
        kept for the content version; whether each is upcoming is decided at each request, so an event moves to
        "Past" when it ends without an edit. The cards themselves are kept per event (``_cards``)."""
        key = f"chec:event-schedule:{page_cache.version()}:{self.pk}"
        rows = cache.get(key)
        if rows is None:
            rows = list(
                self.get_events()
                .order_by(F("start").desc(nulls_last=True), "title")
                .values_list("pk", "title", "start", "end", "date_not_recorded")
            )
            cache.set(key, rows, settings.FRAGMENT_CACHE_SECONDS)
        return [ListedEvent(*row) for row in rows]

    def _cards(self, request, events, heading: str) -> dict:
        """{event id: card} (``hub.cards``): only the events whose card is not kept are loaded, in one query."""
        return cards_by_id(
            request,
            [event.pk for event in events],
            "events/includes/event_card.html",
            lambda pks: self.get_events().filter(pk__in=pks),
            context_for=lambda event: {"heading": heading},
            variant=heading,
            item_name="event",
        )


def is_upcoming(start, end, date_not_recorded: bool, now=None) -> bool:
    """Upcoming until it ends (or, without an end, until it starts). An undated event is always past."""
    if date_not_recorded or not start:
        return False
    return (end or start) >= (now or timezone.now())


@dataclass(frozen=True)
class ListedEvent:
    """An event as the listing orders and groups it (its card is rendered from the page itself)."""

    pk: int
    title: str
    start: datetime.datetime | None
    end: datetime.datetime | None
    date_not_recorded: bool

    @property
    def start_local(self) -> datetime.datetime | None:
        return timezone.localtime(self.start, EVENT_TIME_ZONE) if self.start else None

    def is_upcoming(self, now=None) -> bool:
        return is_upcoming(self.start, self.end, self.date_not_recorded, now)


def split_events(events, now=None) -> dict:
    """Upcoming events soonest first; past events newest first, grouped by their UK year.

    Past events without a recorded date come last, in a group of their own (year ``None``).
    """
    now = now or timezone.now()
    upcoming = sorted((event for event in events if event.is_upcoming(now)), key=lambda event: event.start)
    past = [event for event in events if not event.is_upcoming(now)]
    dated = sorted((event for event in past if event.start), key=lambda event: event.start, reverse=True)
    undated = sorted((event for event in past if not event.start), key=lambda event: event.title)
    past_by_year = [
        {"year": year, "events": list(group)}
        for year, group in groupby(dated, key=lambda event: event.start_local.year)
    ]
    if undated:
        past_by_year.append({"year": None, "events": undated})
    return {"upcoming_events": upcoming, "past_events_by_year": past_by_year, "has_past_events": bool(past)}


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="tagged_items")


class EventPage(RoutablePageMixin, BasePage):
    """A webinar or event: when and where, how to register, speakers and agenda; afterwards the recording, its
    transcript, the slides, a summary of the questions and answers, and links to what was mentioned."""

    class Attendance(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in-person", _("In person")
        HYBRID = "hybrid", _("In person and online")

    start = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("starts"),
        help_text=_("Date and start time. Shown on the site in UK time (Europe/London)."),
    )
    end = models.DateTimeField(null=True, blank=True, verbose_name=_("ends"), help_text=_("Optional end time."))
    date_not_recorded = models.BooleanField(
        default=False,
        help_text=_(
            "Only for a past event whose date is not known: leave the start empty and tick this. The page then says "
            "'Date not recorded'."
        ),
    )
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.ONLINE, verbose_name=_("online or in person")
    )
    location = models.CharField(
        max_length=250, blank=True, help_text=_("For an event in person: the venue and town. Not needed online.")
    )
    registration_url = models.URLField(
        blank=True,
        max_length=500,
        validators=[validate_web_url],
        verbose_name=_("registration link"),
        help_text=_("Where people sign up. Shown only until the event starts."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        verbose_name=_("about the event"),
        help_text=_("What it is about."),
    )
    agenda = StreamField(
        [("item", AgendaItemBlock())],
        blank=True,
        use_json_field=True,
        help_text=_("The programme, in order. Times and names only where known."),
    )
    recording = StreamField(
        [("video", VideoBlock())],
        blank=True,
        max_num=1,
        use_json_field=True,
        help_text=_("After the event: the recording (YouTube or Vimeo, with captions) and its full transcript."),
    )
    recording_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Shown where the recording will be while there is none, e.g. 'The recording is not yet published on this "
            "site.' Leave empty once the recording is added."
        ),
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The slides as an accessible PDF or presentation. Format and size are shown beside the link."),
    )
    qa_summary = RichTextField(
        blank=True,
        features=SIMPLE_RICH_TEXT_FEATURES + ["h3", "ul", "ol"],
        verbose_name=_("questions and answers"),
        help_text=_("A summary of the questions asked and the answers given."),
    )
    resources = StreamField(
        [("resource", ResourceLinkBlock())],
        blank=True,
        use_json_field=True,
        verbose_name=_("products and reports mentioned"),
        help_text=_("Every product, report or page mentioned at the event, so attendees find them in one place."),
    )
    tags = ClusterTaggableManager(through=EventPageTag, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("date_not_recorded")],
            heading=_("When (UK time)"),
        ),
        MultiFieldPanel([FieldPanel("attendance"), FieldPanel("location")], heading=_("Where")),
        FieldPanel("registration_url"),
        InlinePanel("speakers", label=_("Speakers"), heading=_("Speakers")),
        FieldPanel("body"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("recording"),
                FieldPanel("recording_note"),
                FieldPanel("slides"),
                FieldPanel("qa_summary"),
                FieldPanel("resources"),
            ],
            heading=_("After the event"),
        ),
        FieldPanel("tags"),
    ]
    promote_panels = standard_promote_panels(summary=False)

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("agenda"),
        index.SearchField("recording"),  # the transcript: what was said is findable
        index.SearchField("qa_summary"),
        index.FilterField("start"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    feed_kind = "events"  # /feeds/events/ (hub/feeds.py)
    feed_title = _("Events")
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        errors = {}
        if self.date_not_recorded:
            if self.start or self.end:
                errors["date_not_recorded"] = _("Untick 'Date not recorded', or clear the start and end.")
        elif not self.start:
            errors["start"] = _(
                "Enter when the event starts. For a past event whose date is not known, tick 'Date not recorded'."
            )
        if self.end and self.start and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.attendance != self.Attendance.ONLINE and not self.location.strip():
            errors["location"] = _("Say where the event takes place.")
        if errors:
            raise ValidationError(errors)

    # Times, always in UK time.
    @property
    def start_local(self) -> datetime.datetime | None:
        return timezone.localtime(self.start, EVENT_TIME_ZONE) if self.start else None

    @property
    def end_local(self) -> datetime.datetime | None:
        return timezone.localtime(self.end, EVENT_TIME_ZONE) if self.end else None

    def is_upcoming(self, now=None) -> bool:
        return is_upcoming(self.start, self.end, self.date_not_recorded, now)

    @property
    def upcoming(self) -> bool:
        return self.is_upcoming()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (event_page.html's wagtailpagecache, which is kept
        # apart for before and after the event: is_upcoming is in its key).
        context["speakers"] = SimpleLazyObject(
            lambda: list(self.speakers.select_related("person", "person__organisation"))
        )
        context["is_upcoming"] = self.is_upcoming()
        context["resource_links"] = SimpleLazyObject(lambda: self.get_resource_links(request))
        return context

    def get_resource_links(self, request=None) -> list[dict]:
        """The resources as title, URL and description; pages that are not live are left out."""
        links = []
        for child in self.resources:
            value = child.value
            page = value.get("page")
            if page is not None:
                url = page.get_url(request) if page.live else None
                if not url:
                    continue
                links.append(
                    {"title": value.get("title") or page.title, "url": url, "description": value["description"]}
                )
            elif value.get("url"):
                links.append({"title": value["title"], "url": value["url"], "description": value["description"]})
        return links

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        """The event as an iCalendar (.ics) file, for upcoming events with a date."""
        if not self.is_upcoming():
            raise Http404
        from .ics import event_calendar  # keeps icalendar off the import path of every page request

        response = HttpResponse(event_calendar(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


class EventSpeaker(Orderable):
    """A speaker at an event, in the order they appear."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey("hub.Person", on_delete=models.CASCADE, related_name="event_appearances")
    role = models.CharField(
        max_length=150, blank=True, help_text=_("Their role at this event, e.g. 'Chair' or 'Co-lead'. Optional.")
    )

    panels = [FieldPanel("person"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")

    def __str__(self):
        return self.person.name
