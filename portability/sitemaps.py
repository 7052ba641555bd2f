"""Sitemap section for addresses outside the page tree: each tag page (the indicators app lists its own).

Both are listed in every language that has them, with hreflang alternates (hub/sitemap.py, ``GroupedSitemap``).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page, get_page_models

from hub.i18n import locale_code
from hub.listing import public_q
from hub.sitemap import GroupedSitemap


def _live_pages(model):
    return model.objects.live().filter(public_q()).order_by("path")


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
