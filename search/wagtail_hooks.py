"""Admin: the search terms report (editors) and promoted results' permissions live with Wagtail's app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import SearchTermsReportView


@hooks.register("register_admin_urls")
def register_search_terms_url():
    return [path("reports/search-terms/", SearchTermsReportView.as_view(), name="search_terms_report")]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return MenuItem(_("Search terms"), reverse("search_terms_report"), icon_name="search", order=700)
