"""What every template may read: the static archive's details, and the content version for fragment caches."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from hub import cache as page_cache


def archive(request):
    """``archive``: the static archive's details (``settings.ARCHIVE_BUILD``, e.g. its date) while it is rendered
    (portability/archive.py); None on a live site."""
    return {"archive": getattr(settings, "ARCHIVE_BUILD", None)}


def fragments(request):
    """``content_version`` and ``fragment_cache_seconds`` for ``{% wagtailpagecache %}`` around the parts of a page
    that other pages' changes alter: any publish, move or edit moves the version on (hub/cache.py), so a kept
    fragment is never stale. The version is read only when a template uses it."""
    return {
        "content_version": SimpleLazyObject(page_cache.version),
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
