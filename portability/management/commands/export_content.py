"""manage.py export_content FOLDER: every page, snippet, setting, document, image, short link and redirect."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portability.content import ContentError, export_content


class Command(BaseCommand):
    help = "Write all content (JSON and original files) to a new folder, for import_content into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            manifest = export_content(folder, stdout=self.stdout)
        except ContentError as error:
            raise CommandError(str(error)) from error
        total = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Exported {total} records and {len(manifest['files'])} files to {folder}.")
        )
