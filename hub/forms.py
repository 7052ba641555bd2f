"""The admin form every page type starts from: the content checks on every rich text and stream field."""

from __future__ import annotations

from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorList
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import StreamField

from hub.blocks import checked_content_fields, field_content_problems


def _panel_field_names(panel) -> list[str]:
    names = [name for name in (getattr(panel, "field_name", None), getattr(panel, "relation_name", None)) if name]
    for child in getattr(panel, "children", ()):
        names += _panel_field_names(child)
    return names


@cache
def field_tabs(model) -> tuple[list, dict]:
    """The tab headings of a page type's editor, in order, and the tab each form field is on (headings stay lazy:
    they are translated when shown)."""
    tabs, where = [], {}
    for tab in getattr(model.get_edit_handler(), "children", ()):
        heading = tab.heading
        tabs.append(heading)
        for name in _panel_field_names(tab):
            where.setdefault(name, heading)
    return tabs, where


class ContentCheckedPageForm(WagtailAdminPageForm):
    """Refuses, on saving, headings that skip a level and link text that says nothing about the destination, in
    every rich text field and every block of every stream field of the page, each message naming the field (and
    block) at fault.

    The heading rule starts from the heading the page template puts above the field: a page type says where that
    differs from the default (h2 above rich text fields, the page title above stream fields) in
    ``content_heading_levels``, e.g. ``{"body": 2}`` for a body shown under an h2.
    """

    def full_clean(self):
        """Then, if a field on another tab than the first has an error, say so at the top of the form.

        Wagtail marks the tab, but an editor on the Content tab does not see, say, a slug error on the Promote tab;
        a form-wide error makes Wagtail's message at the top list every error with its field.
        """
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        self._explain_slug_taken_by_a_draft()
        tabs, where = field_tabs(type(self.instance))
        hidden: dict = {}
        for name in self._errors:
            tab = where.get(name)
            if name != NON_FIELD_ERRORS and tab and tabs and tab != tabs[0]:
                label = self.fields[name].label if name in self.fields else name
                hidden.setdefault(tab, []).append(str(capfirst(label)))
        for tab, labels in hidden.items():
            message = _("Also fix the %(tab)s tab: %(fields)s.") % {"tab": tab, "fields": ", ".join(labels)}
            self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield")).append(message)

    def _explain_slug_taken_by_a_draft(self):
        """An abandoned "add page" leaves a draft holding the slug: name it, so the editor can open or delete it."""
        slug = self.data.get(self.add_prefix("slug"), "")
        parent = self.parent_page
        if "slug" not in self._errors or not slug or parent is None:
            return
        draft = (
            parent.get_children()
            .filter(slug=slug, live=False, first_published_at__isnull=True)
            .exclude(pk=self.instance.pk)
            .select_related("owner")
            .first()
        )
        if draft is None:
            return
        owner = draft.owner.get_full_name() or draft.owner.get_username() if draft.owner else _("someone")
        self._errors["slug"].append(
            _(
                "It belongs to a draft that was never published: '%(title)s', started by %(owner)s. Open it from "
                "'Your unpublished drafts' on the dashboard (to finish or delete it), or choose another slug."
            )
            % {"title": draft.get_admin_display_title(), "owner": owner}
        )

    def clean(self):
        cleaned_data = super().clean()
        model = type(self.instance)
        for field in checked_content_fields(model):
            if field.name not in self.fields or field.name not in cleaned_data:
                continue  # not on this form, or already refused by its own validation
            problems = field_content_problems(model, field, cleaned_data[field.name])
            if not problems:
                continue
            if isinstance(field, StreamField):
                # One error carrying every message: the stream widget shows the first error of its list.
                self.add_error(field.name, StreamBlockValidationError(non_block_errors=ErrorList(problems)))
            else:
                self.add_error(field.name, ValidationError(problems))
        return cleaned_data
