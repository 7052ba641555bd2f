"""Wagtail's API v2, read-only: live public pages (every language), images and documents (docs/api.md).

Pages: only live pages with no view restriction on themselves or an ancestor, whoever asks (a logged-in editor
sees the same as anyone), with the restricted paths read once and cached (``hub.querysets.exclude_private``)
rather than Wagtail's query per restriction. Listings cost the same number of queries whatever their length:
the page type's related objects are prefetched (``api/fields.py``).
"""

from __future__ import annotations

from django.db.models import Q, prefetch_related_objects
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from hub.querysets import exclude_private

from .fields import PREFETCH
from .serializers import PublicPageSerializer


def _prefetches(model) -> tuple[str, ...]:
    return PREFETCH.get(model._meta.label, ())


class PublicPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer

    def get_base_queryset(self):
        site = Site.find_for_request(self.request) or Site.objects.filter(is_default_site=True).first()
        if site is None:
            return Page.objects.none()
        roots = Q()
        for root in site.root_page.get_translations(inclusive=True):
            roots |= Q(path__startswith=root.path)
        # Restricted subtrees as path filters (read once per request, cached): the search backend accepts them.
        return exclude_private(Page.objects.live().filter(roots), self.request).select_related("locale")

    def get_queryset(self):
        queryset = super().get_queryset()
        model = queryset.model
        if model is not Page:  # ?type=app.Model: the specific model's fields are shown, with their relations
            queryset = queryset.select_related("locale", "listing_image").prefetch_related(*_prefetches(model))
        return queryset

    def get_object(self):
        page = super().get_object()
        prefetches = _prefetches(type(page))
        if prefetches:
            prefetch_related_objects([page], *prefetches)
        return page


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents outside restricted collections (Wagtail's own rule), with their tags prefetched."""

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")
