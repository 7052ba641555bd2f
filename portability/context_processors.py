"""``archive`` in every template: the static archive's details while ``manage.py build_archive`` renders it."""

from django.conf import settings


def archive(request):
    return {"archive": getattr(settings, "ARCHIVE_BUILD", None)}
