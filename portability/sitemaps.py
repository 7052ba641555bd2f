"""Sitemap sections for addresses outside the page tree: each indicator of the data pages, and each tag page.

Both are listed in every language that has them, with hreflang alternates (hub/sitemap.py, ``GroupedSitemap``).
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page, get_page_models

from hub.i18n import locale_code
from hub.listing import public_q
from hub.sitemap import GroupedSitemap


def _model(name: str):
    """The indicators' models live in the core today and in their own app after the move (issue 13)."""
    for label in ("indicators", "hub"):
        try:
            return apps.get_model(label, name)
        except LookupError:
            continue
    return None


def _live_pages(model):
    return model.objects.live().filter(public_q()).order_by("path")


class IndicatorSitemap(GroupedSitemap):
    """``/data/<indicator>/`` (and its translations) for every indicator, under every live data index page."""

    def groups(self):
        index_model, indicator_model = _model("IndicatorIndexPage"), _model("Indicator")
        if index_model is None or indicator_model is None:
            return []
        indexes = list(_live_pages(index_model))
        slugs = list(indicator_model.objects.order_by("name").values_list("slug", flat=True))
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


def tagged_page_models() -> list:
    """Page models with tags (case studies, toolkits, reports, events), found by their ``tags`` field."""
    models = []
    for model in get_page_models():
        try:
            model._meta.get_field("tags")
        except FieldDoesNotExist:
            continue
        if not model._meta.abstract and model is not Page:
            models.append(model)
    return models


class TagSitemap(GroupedSitemap):
    """``/tags/<tag>/`` in each language where a live, public page has the tag."""

    def groups(self):
        by_tag = defaultdict(set)
        for model in tagged_page_models():
            rows = _live_pages(model).order_by().values_list("tags__slug", "locale_id").distinct()
            for slug, locale_id in rows:
                if slug:
                    by_tag[slug].add(locale_code(locale_id))
        groups = []
        for slug in sorted(by_tag):
            paths = {}
            for code in sorted(by_tag[slug]):
                with translation.override(code):
                    try:
                        paths[code] = reverse("tag_page", kwargs={"slug": slug})
                    except NoReverseMatch:
                        continue
            if paths:
                groups.append((paths, None))
        return groups
