"""Admin registrations of the indicators: the snippets, the data upload, and the section they add to driver pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from indicators.admin_views import IMPORT_PERMISSION, IndicatorUploadView
from indicators.models import Indicator, IndicatorIndexPage
from indicators.page_data import latest_partner_values


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    menu_order = 255
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(IndicatorViewSet)


@hooks.register("register_admin_urls")
def register_indicator_import_url():
    return [path("indicators/import/", IndicatorUploadView.as_view(), name="indicators_import")]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_indicator_import_menu_item():
    return PermissionMenuItem(
        _("Import indicator data"),
        reverse("indicators_import"),
        icon_name="upload",
        order=260,
        permission=IMPORT_PERMISSION,
    )


@hooks.register("driver_page_sections")
def driver_indicators(driver, request):
    """The driver's indicators with their latest values (hub.models.DriverPage.extra_sections)."""
    indicators = list(
        Indicator.objects.filter(drivers__translation_key=driver.translation_key).distinct().order_by("name")
    )
    return {
        "template": "indicators/includes/driver_indicators.html",
        "indicators": indicators,
        "table": latest_partner_values(indicators),
        "indicator_page": (
            IndicatorIndexPage.objects.live().filter(locale_id=driver.locale_id).first() if indicators else None
        ),
    }
