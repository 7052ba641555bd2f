"""Admin views of the core: the indicator data upload for moderators."""

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from hub.data.importer import HeaderError, import_indicator_file

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
IMPORT_PERMISSION = "hub.add_indicatorvalue"


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A CSV in the layout of an OHID Fingertips data download, saved as UTF-8. At most 50 MB."),
    )
    illustrative = forms.BooleanField(
        required=False,
        label=_("Illustrative sample data"),
        help_text=_("Tick only for demonstration files: new indicators are then labelled illustrative."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB. Split it, or use the import command."))
        head = upload.read(2048)
        upload.seek(0)
        if b"\x00" in head:
            raise forms.ValidationError(_("This does not look like a text CSV file (save it as CSV UTF-8)."))
        return upload


class IndicatorUploadView(WagtailAdminTemplateMixin, FormView):
    form_class = IndicatorUploadForm
    template_name = "hub/admin/import_indicators.html"
    page_title = _("Import indicator data")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_indicator_file(upload.file, illustrative=form.cleaned_data["illustrative"])
        except HeaderError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Imported %(name)s: %(read)d rows read, %(created)d created, %(updated)d updated, %(skipped)d skipped.")
            % {
                "name": upload.name,
                "read": result.rows_read,
                "created": result.created,
                "updated": result.updated,
                "skipped": len(result.skipped),
            },
        )
        for line, reason in result.skipped[:50]:
            messages.warning(self.request, _("Line %(line)d skipped: %(reason)s") % {"line": line, "reason": reason})
        if len(result.skipped) > 50:
            messages.warning(self.request, _("…and %(count)d more.") % {"count": len(result.skipped) - 50})
        return redirect(self.request.path)


MAX_PO_BYTES = 5 * 1024 * 1024


def upload_translation_pofile(request, translation_id: int):
    """wagtail-localize's PO file upload, with the bad files it does not expect turned into clear messages.

    Its own view answers a missing file or a PO file without its translation header with a server error. Here
    every bad upload (no file, too big, not a PO file, a PO file for another translation or another page) gets an
    error message and changes nothing; a good file goes on to wagtail-localize's view.
    """
    import polib
    from django.http import HttpResponseNotAllowed
    from django.shortcuts import get_object_or_404
    from wagtail.admin.utils import get_valid_next_url_from_request
    from wagtail_localize.models import Translation
    from wagtail_localize.views.edit_translation import upload_pofile

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    translation = get_object_or_404(Translation, id=translation_id)
    next_url = get_valid_next_url_from_request(request) or "wagtailadmin_home"
    upload = request.FILES.get("file")
    problem = None
    if upload is None:
        problem = _("Choose a PO file to upload.")
    elif upload.size > MAX_PO_BYTES:
        problem = _("The file is too big for a translation file (the limit is 5 MB).")
    else:
        # From a temporary file, never from the text itself: polib reads a path it is given as a string.
        with tempfile.NamedTemporaryFile(suffix=".po") as handle:
            handle.write(upload.read())
            handle.flush()
            try:
                po = polib.pofile(handle.name, encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError):
                po = None
        if po is None or not po.metadata.get("X-WagtailLocalize-TranslationID"):
            problem = _("Please upload a valid PO file (a .po file downloaded from this translation).")
        elif po.metadata.get("X-WagtailLocalize-TranslationID") != str(translation.uuid):
            problem = _(
                "This PO file was made for a different translation. Download the PO file of this page and "
                "language, translate it, and upload that."
            )
    if problem:
        messages.error(request, problem)
        return redirect(next_url)
    upload.seek(0)
    return upload_pofile(request, translation_id)
