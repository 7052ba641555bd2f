"""The indicator data upload for moderators (the command for larger files is ``import_indicators``)."""

import codecs

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from indicators.importer import SNIFF_BYTES, HeaderError, import_indicator_file, not_csv_reason

IMPORT_PERMISSION = "indicators.add_indicatorvalue"
DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "INDICATOR_UPLOAD_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def looks_like_text_csv(head: bytes) -> bool:
    """The start of a UTF-8 text file (indicators.importer.not_csv_reason finds none of the usual mistakes).

    Later rows that are not UTF-8 are left to the importer, which skips and reports them.
    """
    return not_csv_reason(head.removeprefix(codecs.BOM_UTF8)) is None


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    not_csv_message = _(
        "Upload a .csv file. This does not look like a text CSV file: save the spreadsheet as CSV UTF-8 (in Excel: "
        "File, Save a copy, CSV UTF-8) and upload that."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV in the layout of an OHID Fingertips data download, saved as UTF-8. At most %(limit)s: import "
            "larger files with the import_indicators command."
        ) % {"limit": filesizeformat(max_upload_bytes())}

    def clean_file(self):
        """Refuse, before anything is imported, what would fail or take longer than a request may."""
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _(
                    "The file is larger than %(limit)s, too large to import here. Split it, or ask a developer to "
                    "import it with the import_indicators command."
                )
                % {"limit": filesizeformat(max_upload_bytes())}
            )
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if not upload.name.lower().endswith((".csv", ".txt")) or not looks_like_text_csv(head):
            raise forms.ValidationError(self.not_csv_message)
        return upload


class IndicatorUploadView(WagtailAdminTemplateMixin, FormView):
    form_class = IndicatorUploadForm
    template_name = "indicators/admin/import_indicators.html"
    page_title = _("Import indicator data")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_indicator_file(upload.file)
        except HeaderError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "Imported %(name)s: %(read)d row read, %(created)d created, %(updated)d updated, %(skipped)d skipped.",
                "Imported %(name)s: %(read)d rows read, %(created)d created, %(updated)d updated, %(skipped)d skipped.",
                result.rows_read,
            )
            % {
                "name": upload.name,
                "read": result.rows_read,
                "created": result.created,
                "updated": result.updated,
                "skipped": result.skipped_count,
            },
        )
        if result.rows_not_shown:
            messages.info(
                self.request,
                ngettext(
                    "%(rows)d row is for %(areas)s the pages do not show (neither England nor a partner ICS): it is "
                    "kept, and is in the downloads.",
                    "%(rows)d rows are for %(areas)s the pages do not show (neither England nor a partner ICS): they "
                    "are kept, and are in the downloads.",
                    result.rows_not_shown,
                )
                % {
                    "rows": result.rows_not_shown,
                    "areas": ngettext("%(count)d area", "%(count)d areas", len(result.areas_not_shown))
                    % {"count": len(result.areas_not_shown)},
                },
            )
        for line in result.skipped_lines()[:20]:
            messages.warning(self.request, _("Skipped: %(reason)s") % {"reason": line})
        return redirect(self.request.path)
