"""The site a request is for, from the cache: Wagtail looks it up (and its home page) on every request.

``Site.find_for_request`` keeps its answer on the request (``request._wagtail_site``); this middleware fills that
from the cache, keyed by host, port and the page cache's version (hub/cache.py), which any save of a site or a page
bumps. The cached site carries its root page already made specific, so routing starts without a query. Hosts that
``ALLOWED_HOSTS`` refuses are left to Wagtail (and Django), never cached.
"""

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from hub import cache as page_cache

_MISSING = object()


def cached_site_for_request(request):
    try:
        host = request.get_host()
    except DisallowedHost:
        return _MISSING
    key = f"chec:site:{page_cache.version()}:{host}:{request.get_port()}"
    site = cache.get(key, _MISSING)
    if site is _MISSING:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 (made specific once, kept with the cached site)
        cache.set(key, site, 3600)
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = cached_site_for_request(request)
        if site is not _MISSING:
            request._wagtail_site = site
        return self.get_response(request)
