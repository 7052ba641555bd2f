"""Admin registrations: the short links menu. Redirects are imported with Wagtail's own import (Settings >
Redirects > Import), which uses this app's checks (shortlinks/redirect_import.py)."""

from wagtail import hooks

from .admin_views import ShortLinkViewSet


@hooks.register("register_admin_viewset")
def register_short_links():
    return ShortLinkViewSet()
