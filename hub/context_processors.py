"""``archive`` in every template: the static archive's details (``settings.ARCHIVE_BUILD``, e.g. its date) while
it is rendered (portability/archive.py); None on a live site."""

from django.conf import settings


def archive(request):
    return {"archive": getattr(settings, "ARCHIVE_BUILD", None)}
