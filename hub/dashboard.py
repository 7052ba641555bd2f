"""Admin dashboard panels for the comms team: what is in moderation, what changed lately, what is due for review.

Wagtail's own panels already show "Awaiting your review" (tasks the user can act on) and "Your most recent edits";
these add the whole team's view. The toolkit app adds "Top downloads this month" (toolkit/wagtail_hooks.py).
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, PageLogEntry, WorkflowState, get_page_models

REVIEW_AFTER_DAYS = 365
PANEL_ROWS = 8


def reviewable_page_models() -> list[type[Page]]:
    """Page types with a ``last_reviewed`` date (toolkits and case studies), found without importing their apps."""
    return [model for model in get_page_models() if any(f.name == "last_reviewed" for f in model._meta.fields)]


def pages_due_for_review(today: datetime.date | None = None, limit: int = PANEL_ROWS) -> list[Page]:
    """Live pages never reviewed or last reviewed more than 12 months ago, oldest first (never reviewed before
    any date): at most ``limit`` of them, in one query per page type."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    due = []
    for model in reviewable_page_models():
        due.extend(
            model.objects.live()
            .filter(Q(last_reviewed__lt=cutoff) | Q(last_reviewed__isnull=True))
            .order_by(F("last_reviewed").asc(nulls_first=True), "title")
            .only("id", "title", "draft_title", "last_reviewed")[:limit]
        )
    return sorted(due, key=lambda page: (page.last_reviewed or datetime.date.min, page.title))[:limit]


class DashboardListPanel(Component):
    """A titled table of pages on the dashboard; subclasses give the rows.

    Each row is a dict: ``page``, one of ``when`` (a datetime), ``day`` (a date) or ``count``, and ``note``.
    """

    template_name = "hub/admin/dashboard_panel.html"
    heading = ""
    empty_text = ""
    date_heading = _("Date")

    def rows(self, request) -> list[dict]:
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "empty_text": self.empty_text,
            "date_heading": self.date_heading,
            "rows": self.rows(request),
        }


class InModerationPanel(DashboardListPanel):
    name = "chec_in_moderation"
    order = 90
    heading = _("Pages in moderation (whole team)")
    empty_text = _("No page is waiting for approval.")
    date_heading = _("Submitted")

    def rows(self, request):
        states = (
            WorkflowState.objects.active()
            .filter(base_content_type=ContentType.objects.get_for_model(Page))
            .select_related("requested_by", "current_task_state__task")
            .order_by("-created_at")[:PANEL_ROWS]
        )
        page_ids = [int(state.object_id) for state in states if state.object_id.isdigit()]
        pages = Page.objects.in_bulk(page_ids)
        rows = []
        for state in states:
            page = pages.get(int(state.object_id)) if state.object_id.isdigit() else None
            if page is None:
                continue
            task = state.current_task_state.task.name if state.current_task_state_id else ""
            who = ""
            if state.requested_by is not None:
                who = state.requested_by.get_full_name() or state.requested_by.get_username()
            rows.append({"page": page, "when": state.created_at, "note": f"{task} · {who}" if who else task})
        return rows


class RecentlyEditedPanel(DashboardListPanel):
    name = "chec_recently_edited"
    order = 260
    heading = _("Recently edited (whole team)")
    empty_text = _("No page has been edited yet.")
    date_heading = _("Last edited")

    def rows(self, request):
        latest = (
            PageLogEntry.objects.filter(action__in=["wagtail.edit", "wagtail.publish", "wagtail.create"])
            .values("page_id")
            .annotate(latest=Max("timestamp"))
            .order_by("-latest")[:PANEL_ROWS]
        )
        latest = list(latest)
        pages = Page.objects.in_bulk([row["page_id"] for row in latest])
        return [
            {"page": pages[row["page_id"]], "when": row["latest"], "note": ""}
            for row in latest
            if row["page_id"] in pages
        ]


class DueForReviewPanel(DashboardListPanel):
    name = "chec_due_for_review"
    order = 270
    heading = _("Due for review (not reviewed for 12 months)")
    empty_text = _("Every toolkit and case study has been reviewed in the last 12 months.")
    date_heading = _("Last reviewed")

    def rows(self, request):
        return [
            {"page": page, "day": page.last_reviewed, "note": "" if page.last_reviewed else _("Never reviewed")}
            for page in pages_due_for_review()
        ]
