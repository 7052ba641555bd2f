"""The download report for editors: how often each toolkit and file was downloaded (counts only, no people)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.documents import get_document_model

from hub import csv_safety

from .models import DOWNLOAD_REPORT_PERMISSION, DownloadCount, ToolkitPage

PERIODS = {
    "30": (_("Last 30 days"), 30),
    "90": (_("Last 90 days"), 90),
    "365": (_("Last 12 months"), 365),
    "all": (_("All time"), None),
}
DEFAULT_PERIOD = "90"


class DownloadReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "toolkit/admin/download_report.html"
    page_title = _("Toolkit downloads")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DOWNLOAD_REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def period(self) -> str:
        period = self.request.GET.get("period", DEFAULT_PERIOD)
        return period if period in PERIODS else DEFAULT_PERIOD

    def counts(self):
        counts = DownloadCount.objects.all()
        days = PERIODS[self.period][1]
        if days:
            counts = counts.filter(day__gt=timezone.localdate() - datetime.timedelta(days=days))
        return counts

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.counts()
        by_toolkit = {
            row["toolkit"]: row
            for row in counts.filter(toolkit__isnull=False)
            .values("toolkit")
            .annotate(
                files=Sum("count", filter=Q(document__isnull=False), default=0),
                bundles=Sum("count", filter=Q(document__isnull=True), default=0),
            )
        }
        toolkits = ToolkitPage.objects.filter(pk__in=by_toolkit).only("title", "locale_id").order_by("title")
        context["toolkit_rows"] = sorted(
            (
                {
                    "toolkit": toolkit,
                    "files": by_toolkit[toolkit.pk]["files"],
                    "bundles": by_toolkit[toolkit.pk]["bundles"],
                    "total": by_toolkit[toolkit.pk]["files"] + by_toolkit[toolkit.pk]["bundles"],
                }
                for toolkit in toolkits
            ),
            key=lambda row: (-row["total"], row["toolkit"].title),
        )
        by_document = {
            row["document"]: row
            for row in counts.filter(document__isnull=False)
            .values("document")
            .annotate(total=Sum("count"), from_toolkits=Sum("count", filter=Q(toolkit__isnull=False), default=0))
        }
        documents = get_document_model().objects.filter(pk__in=by_document).only("title", "file")
        context["document_rows"] = sorted(
            (
                {
                    "document": document,
                    "total": by_document[document.pk]["total"],
                    "from_toolkits": by_document[document.pk]["from_toolkits"],
                }
                for document in documents
            ),
            key=lambda row: (-row["total"], row["document"].title),
        )
        context["periods"] = [(value, label, value == self.period) for value, (label, _days) in PERIODS.items()]
        context["period_label"] = PERIODS[self.period][0]
        context["period"] = self.period
        return context

    def csv_response(self):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="toolkit-downloads-{self.period}.csv"'
        writer = csv_safety.writer(response)  # titles are typed by editors: no formulas in a spreadsheet
        writer.writerow(["day", "toolkit", "document", "what", "downloads"])
        rows = self.counts().select_related("toolkit", "document").order_by("day", "toolkit__title", "document__title")
        for row in rows:
            writer.writerow(
                [
                    row.day.isoformat(),
                    row.toolkit.title if row.toolkit else "",
                    row.document.title if row.document else "",
                    "file" if row.document_id else "all files (ZIP)",
                    row.count,
                ]
            )
        return response


class FeedbackSubmissionsListView(csv_safety.SafeCSVExportMixin, SubmissionsListView):
    """The admin's "Form submissions" of a toolkit: anonymous feedback, so its CSV export neutralises formulas."""
