"""Import redirects from a CSV file of old URL, new URL rows, and report what was created and skipped."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from shortlinks.redirect_import import RedirectFileError, import_redirects


class Command(BaseCommand):
    help = (
        "Create redirects from a CSV file with two columns: old URL, new URL (a header row is optional). Good rows "
        "are imported even when other rows are bad; every skipped row is listed with its line number and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8)")
        parser.add_argument("--temporary", action="store_true", help="make 302 redirects instead of 301")
        parser.add_argument("--site", help="host name of the site the redirects apply to (default: all sites)")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")

    def handle(self, *args, file, temporary, site, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        site_object = None
        if site:
            site_object = Site.objects.filter(hostname=site).first()
            if site_object is None:
                raise CommandError(f"No site with the host name {site!r}.")
        try:
            report = import_redirects(path.read_bytes(), permanent=not temporary, site=site_object, dry_run=dry_run)
        except RedirectFileError as error:
            raise CommandError(f"{path.name}: {error} Nothing was imported.") from error
        for row in report.created:
            arrow = "page" if row.to_page else "link"
            self.stdout.write(f"line {row.line}: created {row.old_path} -> {row.target} ({arrow})")
        for row in report.skipped:
            self.stdout.write(self.style.WARNING(f"line {row.line}: skipped {row.old or '(empty)'}: {row.reason}"))
        self.stdout.write(self.style.SUCCESS(report.summary()))
