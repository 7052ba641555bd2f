"""The admin form every page type starts from: the content checks on every rich text and stream field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import StreamField

from hub.blocks import checked_content_fields, field_content_problems


class ContentCheckedPageForm(WagtailAdminPageForm):
    """Refuses, on saving, headings that skip a level and link text that says nothing about the destination, in
    every rich text field and every block of every stream field of the page, each message naming the field (and
    block) at fault.

    The heading rule starts from the heading the page template puts above the field: a page type says where that
    differs from the default (h2 above rich text fields, the page title above stream fields) in
    ``content_heading_levels``, e.g. ``{"body": 2}`` for a body shown under an h2.
    """

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
