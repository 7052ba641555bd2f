"""Query helpers shared by every listing."""

from django.db import models
from django.db.models import Q
from wagtail.models import PageViewRestriction
from wagtail.search.queryset import SearchableQuerySetMixin


class SearchableQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """A queryset with ``.search()``, for indexed models that are not pages (indicators, document text)."""


def exclude_private(queryset, request=None):
    """Like Wagtail's ``.public()``, but the restrictions are read once per request and shared.

    A page often has several listings (children, related pages, translations); ``.public()`` reads the
    restrictions table for each of them. Without a request this falls back to ``.public()``.
    """
    if request is None:
        return queryset.public()
    paths = getattr(request, "_restricted_page_paths", None)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        request._restricted_page_paths = paths
    if not paths:
        return queryset
    restricted = Q()
    for path in paths:
        restricted |= Q(path__startswith=path)
    return queryset.exclude(restricted)
