"""Query helpers shared by every listing."""

from django.db import models
from django.db.models import Q
from wagtail.models import PageViewRestriction
from wagtail.search.queryset import SearchableQuerySetMixin


class SearchableQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """A queryset with ``.search()``, for indexed models that are not pages (indicators, document text)."""


def restricted_page_paths() -> list[str]:
    """Tree paths of the pages with a view restriction, kept in the cache until anything public changes.

    The entry is keyed by the page cache's version (hub/cache.py), which every page save, move and view restriction
    change bumps, from any process (web worker, management command, shell), once more after the change commits,
    and which every process reads (a shared cache or a stamp file): a newly restricted page is never listed from a
    stale entry, not even one a reader built while the change was still uncommitted.
    """
    from django.core.cache import cache

    from hub import cache as page_cache

    key = f"chec:restricted-paths:{page_cache.version()}"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, 3600)
    return paths


def exclude_private(queryset, request=None):
    """Like Wagtail's ``.public()``, but the restrictions are read once per request and shared.

    A page often has several listings (children, related pages, translations); ``.public()`` reads the
    restrictions table for each of them. Without a request this falls back to ``.public()``.
    """
    if request is None:
        return queryset.public()
    paths = getattr(request, "_restricted_page_paths", None)
    if paths is None:
        paths = restricted_page_paths()
        request._restricted_page_paths = paths
    if not paths:
        return queryset
    restricted = Q()
    for path in paths:
        restricted |= Q(path__startswith=path)
    return queryset.exclude(restricted)
