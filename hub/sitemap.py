"""A sitemap of every live page in every language, each with hreflang links to its translations."""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from hub.i18n import locale_code


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
        versions = defaultdict(list)
        for item in items:
            versions[item.translation_key].append(item)
        urls, last_mods = [], set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                group = versions[item.translation_key]
                if len(group) > 1:
                    url_info["alternates"] = [
                        {"lang_code": locale_code(version.locale_id), "location": version.get_full_url(self.request)}
                        for version in group
                    ]
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
