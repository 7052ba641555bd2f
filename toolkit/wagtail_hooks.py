"""Admin and serving hooks of the toolkit section: download counting, the download report, feedback access."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hub.dashboard import PANEL_ROWS, DashboardListPanel

from .admin_views import DownloadReportView
from .models import DOWNLOAD_REPORT_PERMISSION, FEEDBACK_PERMISSION, DownloadCount, ToolkitPage, record_download


@hooks.register("before_serve_document", order=100)  # after Wagtail's own access checks
def count_document_download(document, request):
    """Count a download of any document, per day; and per toolkit when the link came from a toolkit page.

    Toolkit pages link their files as ``/documents/<id>/<name>?toolkit=<page id>``; the toolkit is counted only if
    that file is one of its downloads. Requests for the rest of a file (a PDF viewer's byte ranges) and HEAD
    requests are not counted. Nothing about the reader is stored.
    """
    if request.method != "GET":
        return None
    byte_range = request.headers.get("Range", "")
    if byte_range and not byte_range.replace(" ", "").startswith("bytes=0-"):
        return None
    toolkit = None
    toolkit_id = request.GET.get("toolkit", "")
    if toolkit_id.isascii() and toolkit_id.isdigit() and len(toolkit_id) < 12:
        toolkit = ToolkitPage.objects.filter(pk=int(toolkit_id)).only("pk").first()
        if toolkit is not None and not toolkit.has_document(document):
            toolkit = None
    record_download(document=document, toolkit=toolkit)
    return None


@hooks.register("filter_form_submissions_for_user")
def feedback_for_moderators_only(user, editable_forms):
    """Adopters' feedback (it may hold an email address) is for users with the feedback permission only."""
    if user.has_perm(FEEDBACK_PERMISSION):
        return editable_forms
    return editable_forms.exclude(content_type=ContentType.objects.get_for_model(ToolkitPage))


@hooks.register("register_admin_urls")
def register_download_report_url():
    return [path("reports/toolkit-downloads/", DownloadReportView.as_view(), name="toolkit_download_report")]


class DownloadReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DOWNLOAD_REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_download_report_menu_item():
    return DownloadReportMenuItem(
        _("Toolkit downloads"), reverse("toolkit_download_report"), icon_name="download", order=900
    )


class TopDownloadsPanel(DashboardListPanel):
    """The toolkits downloaded most since the 1st of this month (files from the toolkit page and ZIPs)."""

    name = "chec_top_downloads"
    order = 280
    heading = _("Top toolkit downloads this month")
    empty_text = _("No toolkit has been downloaded this month yet.")
    date_heading = _("Downloads")

    def rows(self, request):
        first_of_month = timezone.localdate().replace(day=1)
        totals = list(
            DownloadCount.objects.filter(day__gte=first_of_month, toolkit__isnull=False)
            .values("toolkit")
            .annotate(total=Sum("count"))
            .order_by("-total")[:PANEL_ROWS]
        )
        pages = ToolkitPage.objects.only("id", "title", "draft_title").in_bulk([row["toolkit"] for row in totals])
        return [
            {"page": pages[row["toolkit"]], "count": row["total"], "note": ""}
            for row in totals
            if row["toolkit"] in pages
        ]


@hooks.register("construct_homepage_panels")
def add_top_downloads_panel(request, panels):
    if request.user.has_perm(DOWNLOAD_REPORT_PERMISSION):
        panels.append(TopDownloadsPanel())
