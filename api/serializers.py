"""Serializer pieces of the open data API: absolute page addresses from SITE_BASE_URL, named related objects."""

from __future__ import annotations

from django.urls import NoReverseMatch
from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageSerializer

from hub.base_url import page_url


class BaseUrlHtmlField(Field):
    """``html_url``: the page's public address on SITE_BASE_URL (hub/base_url.py), whatever the API's host."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        try:
            return page_url(page, self.context.get("request")) or None
        except NoReverseMatch:
            return None


class PublicPageSerializer(PageSerializer):
    html_url = BaseUrlHtmlField(read_only=True)


class NamedList(Field):
    """A many-to-many relation as ``[{"id": 1, "name": "..."}]``, read from the prefetched objects."""

    def __init__(self, attr: str = "name", **kwargs):
        self.attr = attr
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [{"id": item.pk, self.attr: str(getattr(item, self.attr))} for item in manager.all()]


class Named(Field):
    """A foreign key as ``{"id": 1, "name": "..."}`` (or null)."""

    def __init__(self, attr: str = "name", **kwargs):
        self.attr = attr
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, item):
        if item is None:
            return None
        return {"id": item.pk, self.attr: str(getattr(item, self.attr))}


class Choice(Field):
    """A choice field as ``{"value": "ogl-3", "label": "Open Government Licence v3.0"}``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, pair):
        instance, value = pair
        display = getattr(instance, f"get_{self.field_name}_display", None)
        return {"value": value, "label": str(display()) if display and value else ""}


class TagNames(Field):
    """Tag names in order, read from the prefetched tags (Wagtail's own tags field queries once per page)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return sorted((tag.name for tag in manager.all()), key=str.casefold)
