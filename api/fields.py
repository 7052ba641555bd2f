"""Which fields the API shows for each page type (what other sites need to reuse the content), and what to prefetch.

The models stay unaware of the API: ``ApiConfig.ready()`` sets each model's ``api_fields`` from ``FIELDS`` (Wagtail's
own mechanism), for the models that are installed. Keys are ``app_label.ModelName``.
"""

from __future__ import annotations

from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from .serializers import Choice, Named, NamedList, TagNames

COMMON = [
    APIField("summary"),
    APIField("for_young_people"),
    APIField("listing_image"),
    APIField("listing_image_thumbnail", serializer=ImageRenditionField("fill-600x400", source="listing_image")),
]
DRIVERS = APIField("drivers", serializer=NamedList("title"))
TAGS = APIField("tags", serializer=TagNames())
LIFE_STAGES = APIField("life_stages", serializer=NamedList("name"))

FIELDS: dict[str, list] = {
    "home.HomePage": [*COMMON, APIField("body")],
    "home.StandardPage": [*COMMON, APIField("body")],
    "hub.FrameworkPage": [
        *COMMON,
        APIField("intro"),
        APIField("published_date"),
        APIField("updated_date"),
        APIField("body"),
    ],
    "hub.DriverPage": [*COMMON, APIField("short_name"), APIField("why_it_matters"), LIFE_STAGES, APIField("body")],
    "reports.ReportIndexPage": [*COMMON, APIField("intro")],
    "reports.ReportPage": [
        *COMMON,
        APIField("publication_date"),
        APIField("updated_date"),
        APIField("organisations", serializer=NamedList("name")),
        APIField("authors", serializer=NamedList("name")),
        APIField("pdf"),
        APIField("citation"),
        APIField("young_peoples_summary"),
        TAGS,
        APIField("body"),
    ],
    "reports.ReportChapterPage": [*COMMON, APIField("body")],
    "casestudies.CaseStudyIndexPage": [*COMMON, APIField("intro")],
    "casestudies.CaseStudyPage": [
        *COMMON,
        APIField("kind", serializer=Choice()),
        APIField("ics", serializer=Named("name")),
        APIField("period"),
        DRIVERS,
        LIFE_STAGES,
        APIField("problem"),
        APIField("approach"),
        APIField("young_peoples_involvement"),
        APIField("partners", serializer=NamedList("name")),
        APIField("evaluation_status", serializer=Choice()),
        APIField("outcomes"),
        APIField("legacy"),
        APIField("cost"),
        APIField("resources_needed"),
        APIField("last_reviewed"),
        TAGS,
        APIField("illustrative_note"),
    ],
    "toolkit.ToolkitIndexPage": [*COMMON, APIField("intro")],
    "toolkit.ToolkitPage": [
        *COMMON,
        APIField("what_it_is"),
        APIField("resource_type", serializer=Choice()),
        APIField("audiences", serializer=NamedList("code")),
        DRIVERS,
        APIField("published_date"),
        APIField("last_reviewed"),
        APIField("how_to_adopt"),
        APIField("time_needed"),
        APIField("skills_needed"),
        APIField("licence", serializer=Choice()),
        APIField("licence_note"),
        APIField("credit"),
        APIField("downloads"),
        TAGS,
        APIField("body"),
        APIField("illustrative_note"),
    ],
    "toolkit.ToolkitDownload": [
        APIField("title"),
        APIField("description"),
        APIField("language"),
        APIField("document"),
        APIField("alternative_document"),
    ],
    "toolkit.JourneyPage": [*COMMON, APIField("intro"), APIField("stages")],
    "events.EventIndexPage": [*COMMON, APIField("intro")],
    "events.EventPage": [
        *COMMON,
        APIField("start"),
        APIField("end"),
        APIField("attendance", serializer=Choice()),
        APIField("location"),
        APIField("registration_url"),
        APIField("body"),
        APIField("agenda"),
        APIField("recording"),
        APIField("recording_note"),
        APIField("slides"),
        TAGS,
    ],
}

# Related objects each page type's fields read, fetched once per listing page (a constant number of queries).
PREFETCH: dict[str, tuple[str, ...]] = {
    "hub.DriverPage": ("life_stages",),
    "reports.ReportPage": ("organisations", "authors", "tags", "pdf"),
    "casestudies.CaseStudyPage": ("drivers", "life_stages", "partners", "tags", "ics"),
    "toolkit.ToolkitPage": (
        "audiences",
        "drivers",
        "tags",
        "downloads__document",
        "downloads__alternative_document",
    ),
    "events.EventPage": ("tags", "slides"),
}
