"""Absolute URLs in templates, all from ``settings.SITE_BASE_URL`` (hub/base_url.py)."""

from django import template

from hub.base_url import absolute_url, page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute(context, target=None):
    """``{% absolute page %}``, ``{% absolute "/search/" %}``, ``{% absolute %}`` (this request's path)."""
    if target is None:
        request = context.get("request")
        return absolute_url(request.path) if request else ""
    if hasattr(target, "get_url"):
        return page_url(target, context.get("request"))
    return absolute_url(str(target))
