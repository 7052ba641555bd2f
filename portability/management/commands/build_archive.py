"""manage.py build_archive: the static archive of the public site (portability/archive.py; `make archive`)."""

import datetime
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portability.archive import ArchiveError, build_archive


class Command(BaseCommand):
    help = (
        "Render every live public page (all languages), feed, sitemap, document, image and static file, the short "
        "links and redirects, into a static copy that any plain file server can serve, with Pagefind search and a "
        "ZIP of it. The previous archive is replaced only when the whole build succeeds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "artifacts" / "archive",
            help="Folder for site/ and chec-archive.zip (default: artifacts/archive/).",
        )
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="The archive's date (YYYY-MM-DD; default today)."
        )
        parser.add_argument("--no-search", action="store_true", help="Leave out the Pagefind search index.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, output, date, no_search, no_progress, **options):
        def progress():
            # disable=None: no bar when stderr is not a terminal (CI logs, cron mail).
            disable = True if no_progress else None
            return tqdm(total=0, unit=" addresses", desc="Archiving", file=sys.stderr, disable=disable)

        try:
            result = build_archive(output, archive_date=date, search=not no_search, progress_factory=progress)
        except ArchiveError as error:
            raise CommandError(f"{error}\nNo archive was written; the previous one, if any, is unchanged.") from error
        for path, linked_from in result.broken_links:
            self.stderr.write(f"Broken link: {path} (linked from {linked_from or 'the sitemap'})")
        for path, why in result.skipped:
            self.stdout.write(f"Left out: {path}: {why}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Archived {result.pages} pages, {result.files} files and {result.redirects} redirects "
                f"({result.date:%-d %B %Y}) in {result.folder} and {result.zip_path}."
            )
        )
        self.stdout.write(f"Serve it with: cd {result.folder} && python3 -m http.server 8080")
