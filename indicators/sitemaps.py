"""The sitemap section of the indicator pages: ``/data/<indicator>/`` in every language, with hreflang alternates
(hub/sitemap.py, ``GroupedSitemap``)."""

from __future__ import annotations

from collections import defaultdict

from django.urls import NoReverseMatch

from hub.i18n import locale_code
from hub.listing import public_q
from hub.sitemap import GroupedSitemap
from indicators.models import Indicator, IndicatorIndexPage


class IndicatorSitemap(GroupedSitemap):
    """``/data/<indicator>/`` (and its translations) for every indicator, under every live data index page."""

    def groups(self):
        indexes = list(IndicatorIndexPage.objects.live().filter(public_q()).order_by("path"))
        slugs = list(Indicator.objects.order_by("name").values_list("slug", flat=True))
        groups = defaultdict(dict)
        for index in indexes:
            base = index.get_url(self.request)
            if not base:
                continue
            for slug in slugs:
                try:
                    subpath = index.reverse_subpage("indicator", kwargs={"slug": slug})
                except NoReverseMatch:
                    continue
                groups[(index.translation_key, slug)][locale_code(index.locale_id)] = base + subpath
        return [(paths, None) for paths in groups.values()]
