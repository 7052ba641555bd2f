"""Admin registrations of the core: the taxonomy snippets in one menu group."""

from django.contrib import messages
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.admin_views import upload_translation_pofile
from hub.dashboard import (
    MARK_REVIEWED_ACTION,
    DueForReviewPanel,
    InModerationPanel,
    RecentlyEditedPanel,
    UnpublishedDraftsPanel,
    changes_requested,
    due_for_review_view,
    mark_reviewed_view,
)
from hub.models import IntegratedCareSystem, Organisation, Person
from hub.permissions import ensure_ics_editors_group
from hub.translation_permissions import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    UpdateTranslationsView,
    convert_to_alias,
)


class IntegratedCareSystemViewSet(SnippetViewSet):
    model = IntegratedCareSystem
    icon = "site"
    menu_label = _("Integrated Care Systems")
    list_display = ["name", "short_name", "region"]
    search_fields = ["name", "region"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 250
    items = (IntegratedCareSystemViewSet, OrganisationViewSet, PersonViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_urls", order=-10)  # before wagtail-localize's own URLs, which these replace
def register_safe_pofile_upload_url():
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_translation_pofile,
            name="chec_upload_pofile",
        ),
        # Publishing a translation needs publish permission (hub/translation_permissions.py).
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="chec_update_translations",
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", convert_to_alias, name="chec_convert_to_alias"),
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitPageTranslationView.as_view(),
            name="chec_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            SubmitSnippetTranslationView.as_view(),
            name="chec_submit_snippet_translation",
        ),
    ]


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias_from_non_publishers(menu_items, request, context):
    """Converting to an alias page publishes (hub/translation_permissions.py): offered only to publishers."""
    tester = context.get("user_page_permissions_tester")
    if tester is not None and not tester.can_publish():
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("due-for-review/", due_for_review_view, name="chec_due_for_review"),
        path("pages/<int:page_id>/mark-reviewed/", mark_reviewed_view, name="chec_mark_reviewed"),
    ]


@hooks.register("register_log_actions")
def register_review_log_action(actions):
    actions.register_action(MARK_REVIEWED_ACTION, _("Mark reviewed"), _("Marked as reviewed"))


@hooks.register("before_edit_page")
def announce_requested_changes(request, page):
    """After "Request changes", the editor lands on the edit view: say so, by whom, with the moderator's comment."""
    if request.method != "GET":
        return
    requested = changes_requested(page.current_workflow_state)
    if requested is None:
        return
    when = date_format(timezone.localtime(requested["when"]), "j F Y, H:i") if requested["when"] else ""
    if requested["comment"]:
        message = _("Changes requested by %(by)s (%(when)s): “%(comment)s” Make the changes, then submit again.")
    else:
        message = _("Changes requested by %(by)s (%(when)s), without a comment. Make the changes, then submit again.")
    messages.warning(request, message % {"by": requested["by"], "when": when, "comment": requested["comment"]})


@hooks.register("insert_global_admin_css")
def admin_css():
    """Fixes to markup of Wagtail's add-ons that the project cannot change at the source (static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("css/admin.css"))


@hooks.register("insert_editor_js")
def save_rich_text_before_submit():
    """Draftail writes its content to the form 250 ms after a change: a form sent sooner (paste, then Save at once)
    lost the paste, which the content checks never saw. The script makes every editor write it before sending."""
    return format_html('<script src="{}"></script>', versioned_static("js/admin/rich-text-save-on-submit.js"))


class FullContentCheckerItem(ContentCheckerItem):
    """The accessibility checker of the userbar and the editor's checks panel, with every axe rule switched on
    (Wagtail's default runs a short list), plus Wagtail's content checks (alt text quality, meta description)."""

    axe_run_only = None


@hooks.register("construct_wagtail_userbar")
def use_full_accessibility_checker(request, items, page=None):
    items[:] = [
        FullContentCheckerItem(in_editor=item.in_editor) if isinstance(item, ContentCheckerItem) else item
        for item in items
    ]


@hooks.register("after_create_snippet")
def create_ics_editors_group(request, instance):
    """A new ICS gets its editors group and media collection straight away (hub/permissions.py)."""
    if isinstance(instance, IntegratedCareSystem) and instance.locale_id == Locale.get_default().pk:
        ensure_ics_editors_group(instance)


@hooks.register("construct_homepage_panels")
def add_team_dashboard_panels(request, panels):
    """The comms team's shared view: moderation queue, recent edits and reviews due (hub/dashboard.py)."""
    panels.extend([UnpublishedDraftsPanel(), InModerationPanel(), RecentlyEditedPanel(), DueForReviewPanel()])
