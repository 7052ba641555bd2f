"""Admin: the search terms report (editors), in place of Wagtail's. Promoted results' permissions: Wagtail's app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import SearchTermsReportView


@hooks.register("register_admin_urls")
def register_search_terms_url():
    return [
        path("reports/search-terms/", SearchTermsReportView.as_view(), name="search_terms_report"),
        path(
            "reports/search-terms/results/",
            SearchTermsReportView.as_view(results_only=True),
            name="search_terms_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return MenuItem(_("Search terms"), reverse("search_terms_report"), icon_name="search", order=700)


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms_report(request, menu_items):
    """Wagtail's report reads the same counts (superusers only, no "found nothing"): one "Search terms" item."""
    wagtails = reverse("wagtailsearchpromotions:search_terms")
    menu_items[:] = [item for item in menu_items if item.url != wagtails]
