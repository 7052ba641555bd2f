"""The sitemap: every live page in every language, each with hreflang links to its translations and an x-default.

Valid against the sitemaps.org schema with the ``xhtml:link`` extension (``tests/site/test_standards.py`` checks it with
the XSD in ``tests/site/schemas/``). Every address is absolute from ``SITE_BASE_URL`` (hub/base_url.py).

Addresses that are not pages of the tree (an indicator of the data page, a tag page) come from sections that apps
add with :func:`register_section`; each lists groups of one thing in several languages (:class:`GroupedSitemap`).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from hub.base_url import absolute_url, page_url, rebase_url
from hub.i18n import locale_code


def _alternates(versions: dict[str, str]) -> list[dict]:
    """hreflang alternates of one thing (language code -> absolute URL), with the default language as x-default."""
    if len(versions) < 2:
        return []
    alternates = [{"lang_code": code, "location": url} for code, url in versions.items()]
    default = versions.get(settings.LANGUAGE_CODE)
    if default:
        alternates.append({"lang_code": "x-default", "location": default})
    return alternates


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap lists only the default language's tree; this one walks every translation of the root."""

    def items(self):
        site = self.get_wagtail_site()
        roots = Q()
        for root in site.root_page.get_translations(inclusive=True):
            roots |= Q(path__startswith=root.path)
        return Page.objects.live().public().filter(roots).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        versions = defaultdict(dict)
        for item in items:
            url = page_url(item, self.request)
            if url:
                versions[item.translation_key][locale_code(item.locale_id)] = url
        urls, last_mods = [], set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                url_info["location"] = rebase_url(url_info.get("location"))
                if not url_info["location"]:
                    continue
                group = versions[item.translation_key]
                if url_info["location"] in group.values():  # the page itself, not one of its extra views
                    url_info["alternates"] = _alternates(group)
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class GroupedSitemap(Sitemap):
    """A section of addresses outside the page tree: ``groups()`` yields ``({language code: path}, lastmod)``."""

    def groups(self):
        return []

    def items(self):
        return list(self.groups())

    def _urls(self, page, protocol, domain):
        urls = []
        for paths, lastmod in self.paginator.page(page).object_list:
            versions = {code: absolute_url(path) for code, path in paths.items()}
            alternates = _alternates(versions)
            for url in versions.values():
                urls.append({"location": url, "lastmod": lastmod, "alternates": alternates})
        return urls


SECTIONS: dict[str, type[Sitemap]] = {"pages": MultilingualSitemap}


def register_section(name: str, sitemap_class: type[Sitemap]) -> None:
    """Add a section to /sitemap.xml (call it from an app's ``AppConfig.ready()``)."""
    SECTIONS[name] = sitemap_class
