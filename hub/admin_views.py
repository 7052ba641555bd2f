"""Admin views of the core: wagtail-localize's PO file upload with clear messages for bad files."""

import tempfile

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

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
        # From a temporary file, never from the text itself: polib reads a path it is given as a string. Read as
        # wagtail-localize reads it (the encoding named in the file), so a file that passes here parses there too.
        with tempfile.NamedTemporaryFile(suffix=".po") as handle:
            handle.write(upload.read())
            handle.flush()
            try:
                po = polib.pofile(handle.name)
            except (OSError, ValueError):  # polib's parse errors; ValueError includes UnicodeError
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
