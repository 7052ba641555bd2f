"""python manage.py compile_translations: build the .mo files from the project's .po files, in pure Python.

Django's `compilemessages` needs GNU gettext installed; this uses polib (installed with wagtail-localize), so
`make run` and `make test` work on a machine with only Python. The .mo files are build output and not committed.
"""

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (skips files that are up to date)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                # Written beside it, then moved into place: another process (a test worker, a server) reading
                # the catalogue meanwhile sees the old file or the new one, never half of one.
                handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
                os.close(handle)
                try:
                    polib.pofile(str(po_path)).save_as_mofile(temporary)
                    os.chmod(temporary, 0o644)  # mkstemp makes it private; the server may run as another user
                    os.replace(temporary, mo_path)
                except BaseException:
                    os.unlink(temporary)
                    raise
                compiled += 1
                self.stdout.write(f"Compiled {po_path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(f"{compiled} translation file(s) compiled.")
