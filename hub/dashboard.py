"""Admin dashboard panels for the comms team: what is in moderation, what changed lately, what is due for review.

Wagtail's own panels already show "Awaiting your review" (tasks the user can act on) and "Your most recent edits";
these add the whole team's view. The toolkit app adds "Top downloads this month" (toolkit/wagtail_hooks.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log
from wagtail.models import Locale, Page, PageLogEntry, TaskState, WorkflowState, get_page_models

REVIEW_AFTER_DAYS = 365
PANEL_ROWS = 8


# What counts as a review besides the "last reviewed" date: a moderator's approval, or "Mark reviewed".
REVIEW_ACTIONS = ("wagtail.workflow.approve", "wagtail.moderation.approve", "chec.mark_reviewed")
MARK_REVIEWED_ACTION = "chec.mark_reviewed"


def reviewable_page_models() -> list[type[Page]]:
    """Page types with a ``last_reviewed`` date (toolkits and case studies), found without importing their apps."""
    return [model for model in get_page_models() if any(f.name == "last_reviewed" for f in model._meta.fields)]


@dataclass
class DueForReview:
    """A page due for review, listed once with its translations."""

    page: Page
    reviewed: datetime.date | None
    translations: list[Page] = field(default_factory=list)

    @property
    def note(self) -> str:
        parts = [] if self.reviewed else [str(_("Never reviewed"))]
        if self.translations:
            languages = ", ".join(str(page.locale.get_display_name()) for page in self.translations)
            parts.append(str(_("Also in: %(languages)s")) % {"languages": languages})
        return "; ".join(parts)


def last_reviews(page_ids) -> dict[int, datetime.date]:
    """The day of each page's latest approval or "Mark reviewed" action, in one query."""
    latest = (
        PageLogEntry.objects.filter(page_id__in=page_ids, action__in=REVIEW_ACTIONS)
        .values("page_id")
        .annotate(latest=Max("timestamp"))
    )
    return {row["page_id"]: timezone.localdate(row["latest"]) for row in latest}


def pages_due_for_review(today: datetime.date | None = None, limit: int | None = PANEL_ROWS) -> list[DueForReview]:
    """Live pages not reviewed for 12 months, oldest review first (never reviewed before any date), each listed
    once with its translations.

    A page's review is the latest of its "last reviewed" date, its latest approval and its latest "Mark reviewed";
    a page and its translations are due as one, by the review of the page in the default language (or of the
    longest-reviewed translation when there is no such page). One query per page type, and one for the reviews.
    """
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    pages = []
    for model in reviewable_page_models():
        pages.extend(
            model.objects.live()
            .select_related("locale")
            .only("id", "title", "draft_title", "last_reviewed", "translation_key", "locale")
            .order_by("path")
        )
    reviews = last_reviews([page.pk for page in pages])
    default_locale_id = Locale.get_default().pk if pages else None
    groups: dict = {}
    for page in pages:
        reviewed = max(filter(None, [page.last_reviewed, reviews.get(page.pk)]), default=None)
        groups.setdefault(page.translation_key, []).append((page, reviewed))
    due = []
    for members in groups.values():
        members.sort(key=lambda pair: (pair[0].locale_id != default_locale_id, pair[1] or datetime.date.min))
        page, reviewed = members[0]
        if reviewed is None or reviewed < cutoff:
            due.append(DueForReview(page, reviewed, [other for other, _reviewed in members[1:]]))
    due.sort(key=lambda item: (item.reviewed or datetime.date.min, item.page.title))
    return due if limit is None else due[:limit]


def changes_requested(workflow_state) -> dict | None:
    """Who asked for changes, when and with what comment, for a workflow waiting on the editor's changes."""
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = (
        TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if task_state is None:
        return None
    who = task_state.finished_by
    return {
        "by": (who.get_full_name() or who.get_username()) if who else str(_("a moderator")),
        "when": task_state.finished_at,
        "comment": task_state.get_comment(),
    }


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
            requested = changes_requested(state)
            if requested:
                note = _("Changes requested by %(by)s") % {"by": requested["by"]}
                if requested["comment"]:
                    note = f"{note}: “{requested['comment']}”"
            else:
                note = _("Awaiting %(task)s") % {"task": task} if task else _("Awaiting approval")
            if who:
                note = f"{note} · {_('submitted by %(who)s') % {'who': who}}"
            rows.append({"page": page, "when": state.created_at, "note": note, "state": state.status})
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


class UnpublishedDraftsPanel(DashboardListPanel):
    """The user's pages that were never published: an abandoned "add page" (or autosave) leaves one, and its slug
    then blocks a new page of the same title. Listed so the author can finish or delete it."""

    name = "chec_unpublished_drafts"
    order = 95
    heading = _("Your unpublished drafts (never published)")
    empty_text = _("You have no page that was never published.")
    date_heading = _("Last saved")

    def rows(self, request):
        if getattr(self, "_rows", None) is not None:
            return self._rows
        drafts = (
            Page.objects.filter(owner=request.user, live=False, first_published_at__isnull=True)
            .exclude(depth__lte=1)
            .order_by("-latest_revision_created_at", "-pk")
            .only("id", "title", "draft_title", "latest_revision_created_at", "slug")[:PANEL_ROWS]
        )
        self._rows = [
            {"page": page, "when": page.latest_revision_created_at, "note": _("Slug: %(slug)s") % {"slug": page.slug}}
            for page in drafts
        ]
        return self._rows

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.rows(parent_context["request"]) else ""


class DueForReviewPanel(DashboardListPanel):
    name = "chec_due_for_review"
    order = 270
    heading = _("Due for review (not reviewed for 12 months)")
    empty_text = _("Every toolkit and case study has been reviewed in the last 12 months.")
    date_heading = _("Last reviewed")
    template_name = "hub/admin/due_for_review_panel.html"

    def rows(self, request):
        return [{"page": item.page, "day": item.reviewed, "note": item.note} for item in self.due]

    def get_context_data(self, parent_context):
        self.due = pages_due_for_review(limit=None)
        context = super().get_context_data(parent_context)
        context["total"] = len(self.due)
        context["rows"] = context["rows"][:PANEL_ROWS]
        context["full_list_url"] = reverse("chec_due_for_review")
        context["request"] = parent_context["request"]
        context["csrf_token"] = get_token(parent_context["request"])  # the "Mark reviewed" forms
        return context


# Views: the full "Due for review" list and "Mark reviewed" ----------------------------------------------------------


def due_for_review_view(request):
    """Every page due for review (the dashboard panel shows the first few)."""
    due = pages_due_for_review(limit=None)
    return TemplateResponse(
        request,
        "hub/admin/due_for_review.html",
        {
            "header_title": _("Due for review"),
            "rows": [{"page": item.page, "day": item.reviewed, "note": item.note} for item in due],
            "total": len(due),
            "date_heading": _("Last reviewed"),
        },
    )


@require_POST
def mark_reviewed_view(request, page_id):
    """Record that someone who may edit the page checked it and found it correct and current."""
    page = get_object_or_404(Page, pk=page_id).specific
    if page.specific_class not in reviewable_page_models():
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    log(instance=page, action=MARK_REVIEWED_ACTION, user=request.user)
    messages.success(request, _("'%(title)s' is marked as reviewed today.") % {"title": page.get_admin_display_title()})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)
