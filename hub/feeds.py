"""RSS 2.0 and Atom feeds of new content: one per kind (reports, events, toolkits, case studies) and one for all.

``/feeds/<kind>/rss/`` and ``/feeds/<kind>/atom/``, inside the language prefix: each lists the live, public pages of
the reader's language, newest first (by first publication), at most 50, in a constant number of queries.

The core imports no feature app: each kind names its page types as ("app label", "Model"), read through the app
registry, so a kind appears as soon as its app defines the model (a kind with none gives a 404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404
from django.urls import path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from hub.models import OrganisationSettings

MAX_ITEMS = 50

FEED_KINDS: dict[str, tuple] = {
    "reports": (_("Reports"), [("hub", "ReportPage")]),
    "events": (_("Events"), [("events", "EventPage")]),
    "toolkits": (_("Toolkits"), [("toolkit", "ToolkitPage")]),
    "case-studies": (_("Case studies"), [("casestudies", "CaseStudyPage")]),
}
ALL = "all"


def feed_models(kind: str) -> list:
    """The page models of a kind that exist now (an app may not have defined its model yet)."""
    if kind == ALL:
        specs = [spec for _label, kind_specs in FEED_KINDS.values() for spec in kind_specs]
    elif kind in FEED_KINDS:
        specs = FEED_KINDS[kind][1]
    else:
        return []
    models = []
    for app_label, model_name in specs:
        try:
            models.append(apps.get_model(app_label, model_name))
        except LookupError:
            continue
    return models


def available_kinds() -> list[str]:
    return [kind for kind in [ALL, *FEED_KINDS] if feed_models(kind)]


@dataclass
class FeedSource:
    kind: str
    label: str
    models: list
    request: object


@dataclass
class FeedItem:
    title: str
    link: str
    description: str
    pubdate: object
    updateddate: object
    guid: str
    category: str


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


class ContentFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, kind):
        models = feed_models(kind)
        if not models:
            raise Http404(f"No feed called {kind!r}.")
        label = _("Everything new") if kind == ALL else FEED_KINDS[kind][0]
        return FeedSource(kind=kind, label=str(label), models=models, request=request)

    def title(self, source):
        site_name = OrganisationSettings.for_request(source.request).short_name
        return f"{site_name}: {source.label}"

    def link(self, source):
        site = Site.find_for_request(source.request)
        root = site.root_page.localized if site else None
        return (root.get_full_url(source.request) if root else None) or "/"

    def feed_url(self, source):
        return source.request.path

    def description(self, source):
        organisation = OrganisationSettings.for_request(source.request).organisation_name
        return str(_("New and updated content from the %(organisation)s: %(label)s.")) % {
            "organisation": organisation,
            "label": source.label.lower(),
        }

    def items(self, source):
        content_types = ContentType.objects.get_for_models(*source.models, for_concrete_models=False).values()
        pages = (
            Page.objects.live()
            .public()
            .filter(content_type__in=content_types, locale=_active_locale())
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
            .defer_streamfields()
            .specific()[:MAX_ITEMS]
        )
        request = source.request
        host = request.get_host().split(":")[0]
        items = []
        for page in pages:
            url = page.get_full_url(request)
            if not url:
                continue
            items.append(
                FeedItem(
                    title=page.title,
                    link=url,
                    description=page.search_description or getattr(page, "summary", "") or "",
                    pubdate=page.first_published_at or page.latest_revision_created_at,
                    updateddate=page.last_published_at or page.first_published_at or page.latest_revision_created_at,
                    guid=f"tag:{host},2023:page-{page.pk}",
                    category=str(page._meta.verbose_name).capitalize(),
                )
            )
        return items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.pubdate

    def item_updateddate(self, item):
        return item.updateddate

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item.category]


class AtomContentFeed(ContentFeed):
    feed_type = Atom1Feed

    def subtitle(self, source):
        return self.description(source)


app_name = "feeds"
urlpatterns = [
    path("<slug:kind>/rss/", ContentFeed(), name="rss"),
    path("<slug:kind>/atom/", AtomContentFeed(), name="atom"),
]
