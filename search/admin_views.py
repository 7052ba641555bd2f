"""Admin report for editors: what people searched for in the last 30 days, and what found nothing."""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search import stats
from search.models import SearchQueryStat

DAYS = 30
ROWS = 25


class SearchTermsReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/search_terms.html"
    page_title = _("Search terms")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        stats.flush()  # include this process's pending counts
        since = timezone.localdate() - timedelta(days=DAYS)
        recent = SearchQueryStat.objects.filter(day__gte=since).values("query")
        context = super().get_context_data(**kwargs)
        context["days"] = DAYS
        context["popular"] = recent.annotate(total=Sum("hits")).order_by("-total", "query")[:ROWS]
        context["no_results"] = (
            recent.annotate(total=Sum("zero_result_hits")).filter(total__gt=0).order_by("-total", "query")[:ROWS]
        )
        return context
