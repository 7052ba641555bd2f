"""manage.py import_content FOLDER: rebuild an export_content folder in an empty (freshly migrated) database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portability.content import ContentError, import_content


class Command(BaseCommand):
    help = "Rebuild exported content in an empty database (refuses a database that already holds content)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            manifest = import_content(folder, stdout=self.stdout)
        except ContentError as error:
            raise CommandError(str(error)) from error
        total = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {total} records and {len(manifest['files'])} files from {folder}. Users have no password: "
                "set one with manage.py changepassword USER (or use the admin's password reset)."
            )
        )
