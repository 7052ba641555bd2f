"""The parts of every page that come from settings rather than the page: header, menus, footer, demo notice.

They are read from three settings models and the pages the menus point at, in the reader's language. Every page
needs them, so they are built once and kept in Django's cache (the same cache Wagtail keeps its site root paths in),
keyed by the page cache's version (``hub.cache.version()``): any save of a setting, the footer text, a page, a site
or a locale bumps it, in every process (it lives in Redis, or in a stamp file every process of the machine reads),
so a worker never caches a page with another worker's stale menu. An entry also expires after CHROME_CACHE_SECONDS.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from hub import cache as page_cache
from hub.i18n import active_locale_id
from hub.models import FooterText, NavigationSettings, OrganisationSettings
from hub.models.site_settings import SOCIAL_PLATFORMS


def _menu_links(stream_value, locale_id) -> list[dict]:
    """Menu items as {url, label}, each resolved to the live page in the reader's language (one query)."""
    items = [child.value for child in stream_value if child.value.get("page")]
    if not items:
        return []
    keys = [item["page"].translation_key for item in items]
    by_key: dict = {}
    for page in Page.objects.live().filter(translation_key__in=keys):
        # Prefer the reader's language; fall back to any live version (usually the default language).
        if page.translation_key not in by_key or page.locale_id == locale_id:
            by_key[page.translation_key] = page
    links = []
    for item in items:
        page = by_key.get(item["page"].translation_key)
        url = page.get_url() if page else None
        if url:
            links.append({"url": url, "label": item.get("label") or page.title})
    return links


def _build(site: Site, locale_id) -> dict:
    organisation = OrganisationSettings.for_site(site)
    navigation = NavigationSettings.for_site(site)
    texts = dict(FooterText.objects.values_list("locale_id", "text"))
    platforms = {code: str(label) for code, label in SOCIAL_PLATFORMS}
    default_locale_id = Locale.get_default().pk if texts else None
    return {
        "organisation_name": organisation.organisation_name,
        "short_name": organisation.short_name,
        "contact_email": organisation.contact_email,
        "partners": [dict(block.value) for block in organisation.partners],
        "social_links": [
            {"url": block.value["url"], "label": platforms.get(block.value["platform"], block.value["platform"])}
            for block in organisation.social_links
        ],
        "default_language_code": settings.LANGUAGE_CODE,
        "show_demo_notice": organisation.show_demo_notice,
        "demo_notice": organisation.demo_notice,
        "show_sample_translation_notice": organisation.show_sample_translation_notice,
        "default_social_image_id": organisation.default_social_image_id,
        "footer_text": texts.get(locale_id) or texts.get(default_locale_id, ""),
        "main_menu": _menu_links(navigation.main_menu, locale_id),
        "footer_links": _menu_links(navigation.footer_links, locale_id),
    }


def site_chrome(request) -> dict:
    """The cached chrome for the request's site and language."""
    cached = getattr(request, "_chec_chrome", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {}
    locale_id = active_locale_id()
    key = f"chec:chrome:{page_cache.version()}:{site.pk}:{locale_id}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = _build(site, locale_id)
        # Building may create a missing settings row, which bumps the version: store under the current one.
        key = f"chec:chrome:{page_cache.version()}:{site.pk}:{locale_id}"
        cache.set(key, chrome, getattr(settings, "CHROME_CACHE_SECONDS", 300))
    request._chec_chrome = chrome
    return chrome


def mark_current(links: list[dict], path: str) -> list[dict]:
    """Copies of the links with is_current (this page) and is_section (an ancestor section) set for ``path``."""
    return [
        {
            **link,
            "is_current": path == link["url"],
            "is_section": link["url"] not in ("/", "") and path.startswith(link["url"]) and path != link["url"],
        }
        for link in links
    ]
