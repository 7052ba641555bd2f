"""Admin report for editors: what people searched for, how often, and how often it found nothing.

Wagtail's own "Search terms" report (wagtail.contrib.search_promotions) reads the same tables, but it is for
superusers only, has no "found nothing" count, and its date filter does not limit the counts to the dates chosen (it
joins the daily hits twice, so a term searched on three of the days shows three times its all-time total). This
report is Wagtail's ``ReportView`` (search, sorting, date filter, CSV and Excel export) with the counts summed in
subqueries over the chosen dates; it replaces Wagtail's in the Reports menu (search/wagtail_hooks.py).
"""

from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import stats
from search.models import NoResultsDailyHits


def search_terms(start=None, end=None):
    """Queries searched between two dates (inclusive; None: no limit), with ``searches`` and ``found_nothing``."""
    days = Q(query=OuterRef("pk"))
    if start:
        days &= Q(date__gte=start)
    if end:
        days &= Q(date__lte=end)

    def total(model):
        sums = model.objects.filter(days).order_by().values("query").annotate(total=Sum("hits")).values("total")
        return Coalesce(Subquery(sums, output_field=IntegerField()), 0)

    return (
        Query.objects.annotate(searches=total(QueryDailyHits), found_nothing=total(NoResultsDailyHits))
        .filter(searches__gt=0)
        .order_by("-searches", "query_string")
    )


class SearchTermsFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"), method="within_dates", widget=DateRangePickerWidget)

    class Meta:
        model = Query
        fields = []

    def within_dates(self, queryset, name, value):
        return queryset  # the view sums the counts over these dates (filtering the rows here would not limit them)


class SearchTermsReportView(ReportView):
    template_name = "search/admin/search_terms.html"
    page_title = _("Search terms")
    header_icon = "search"
    index_url_name = "search_terms_report"
    index_results_url_name = "search_terms_report_results"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchTermsFilterSet
    default_ordering = "-searches"
    columns = [
        Column("query_string", label=_("Search term"), sort_key="query_string"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("found_nothing", label=_("Found nothing"), sort_key="found_nothing"),
    ]
    list_export = ["query_string", "searches", "found_nothing"]
    export_headings = {"query_string": _("Search term"), "searches": _("Searches"), "found_nothing": _("Found nothing")}

    def get(self, request, *args, **kwargs):
        stats.flush()  # include this process's pending counts
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        days = None
        if self.filters and self.filters.is_valid():
            days = self.filters.form.cleaned_data.get("date")
        if not days:
            return search_terms()
        # django-filter gives the range as datetimes in the current time zone (start and end of day).
        return search_terms(days.start and days.start.date(), days.stop and days.stop.date())
