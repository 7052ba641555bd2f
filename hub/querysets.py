"""Query helpers shared by every listing."""

from django.db import models
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.search.queryset import SearchableQuerySetMixin


class SearchableQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """A queryset with ``.search()``, for indexed models that are not pages (indicators, document text)."""


def _access_paths() -> dict:
    """Tree paths of the pages with a view restriction and of the alias pages, kept in the cache until anything
    public changes.

    The entry is keyed by the page cache's version (hub/cache.py), which every page save, move and view restriction
    change bumps, from any process (web worker, management command, shell), once more after the change commits,
    and which every process reads (a shared cache or a stamp file): a newly restricted page is never listed from a
    stale entry, not even one a reader built while the change was still uncommitted.
    """
    from django.core.cache import cache

    from hub import cache as page_cache

    key = f"chec:access-paths:{page_cache.version()}"
    paths = cache.get(key)
    if paths is None:
        paths = {
            "restricted": list(PageViewRestriction.objects.values_list("page__path", flat=True)),
            "aliases": list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
        }
        cache.set(key, paths, 3600)
    return paths


def restricted_page_paths() -> list[str]:
    """Tree paths of the pages with a view restriction (their descendants are restricted too)."""
    return _access_paths()["restricted"]


def may_have_view_restrictions(page) -> bool:
    """False when neither the page nor an ancestor is restricted or an alias (whose source page's restrictions
    apply): then Wagtail's two queries per request for the page's restrictions can be skipped."""
    if page.alias_of_id:
        return True
    paths = _access_paths()
    return any(page.path.startswith(path) for path in (*paths["restricted"], *paths["aliases"]))


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
