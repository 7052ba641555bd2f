"""RSS 2.0 and Atom feeds of new content: one per kind (reports, events, toolkits, case studies) and one for all.

``/feeds/<kind>/rss/`` and ``/feeds/<kind>/atom/``, inside the language prefix: each lists the live, public pages of
the reader's language, newest first (by first publication), at most 50, in a constant number of queries.

The core names no feature app: a page type joins a feed by declaring ``feed_kind = "toolkits"`` (and
``feed_title``, the feed's translated name), found among Wagtail's page models, so a kind exists as soon as an app
defines such a model (any other kind gives a 404).

Every address is absolute from ``SITE_BASE_URL`` (hub/base_url.py). Atom (RFC 4287): each feed has its own ``id``
(its own address: kind, format and language), and the feed and each entry name the organisation as author.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site, get_page_models

from hub.base_url import absolute_url, base_host, page_url
from hub.models import OrganisationSettings

MAX_ITEMS = 50

ALL = "all"


def feed_kinds() -> dict[str, list]:
    """Each kind and its page models, in the order Wagtail lists page models (the order of INSTALLED_APPS)."""
    kinds: dict[str, list] = {}
    for model in get_page_models():
        kind = getattr(model, "feed_kind", None)
        if kind:
            kinds.setdefault(kind, []).append(model)
    return kinds


def feed_models(kind: str) -> list:
    """The page models of a kind (every kind's for ``all``); none for an unknown kind."""
    kinds = feed_kinds()
    if kind == ALL:
        return [model for models in kinds.values() for model in models]
    return kinds.get(kind, [])


def feed_title(kind: str):
    if kind == ALL:
        return _("Everything new")
    model = feed_models(kind)[0]
    return getattr(model, "feed_title", None) or capfirst(model._meta.verbose_name_plural)


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
    author: str


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
        return FeedSource(kind=kind, label=str(feed_title(kind)), models=models, request=request)

    def title(self, source):
        site_name = OrganisationSettings.for_request(source.request).short_name
        return f"{site_name}: {source.label}"

    def link(self, source):
        site = Site.find_for_request(source.request)
        root = site.root_page.localized if site else None
        return page_url(root, source.request) or absolute_url("/")

    def feed_url(self, source):
        return absolute_url(source.request.path)

    def feed_guid(self, source):
        """The feed's own address: the five feeds of a language (and their RSS and Atom forms) never share an id."""
        return absolute_url(source.request.path)

    def author_name(self, source):
        return OrganisationSettings.for_request(source.request).organisation_name or settings.WAGTAIL_SITE_NAME

    def item_author_name(self, item):
        return item.author

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
        host = base_host()
        author = self.author_name(source)
        items = []
        for page in pages:
            url = page_url(page, request)
            if not url:
                continue
            items.append(
                FeedItem(
                    title=page.title,
                    link=url,
                    description=page.search_description or getattr(page, "summary", "") or "",
                    pubdate=page.first_published_at or page.latest_revision_created_at,
                    # RFC 4287 requires an entry's <updated>: pages created outside the editor may have no dates.
                    updateddate=page.last_published_at
                    or page.first_published_at
                    or page.latest_revision_created_at
                    or timezone.now(),
                    guid=f"tag:{host},2023:page-{page.pk}",
                    category=str(page._meta.verbose_name).capitalize(),
                    author=author,
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
