"""Admin registrations: the short links menu and the redirect import under Settings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import IMPORT_REDIRECTS_PERMISSION, ImportRedirectsView, ShortLinkViewSet


@hooks.register("register_admin_viewset")
def register_short_links():
    return ShortLinkViewSet()


@hooks.register("register_admin_urls")
def register_import_redirects_url():
    return [path("redirects-import/", ImportRedirectsView.as_view(), name="shortlinks_import_redirects")]


class ImportRedirectsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_REDIRECTS_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_import_redirects_menu_item():
    return ImportRedirectsMenuItem(
        _("Import redirects (CSV)"),
        reverse("shortlinks_import_redirects"),
        name="import-redirects",
        icon_name="redirect",
        order=810,
    )
