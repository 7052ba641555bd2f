"""Wagtail's redirect import from the command line, with this site's checks and a report of skipped rows.

Replaces Wagtail's own ``import_redirects`` (whose form has none of the checks, shortlinks/redirect_import.py).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.contrib.redirects.utils import get_format_cls_by_extension
from wagtail.contrib.redirects.views import create_redirects_from_dataset
from wagtail.models import Site

from shortlinks.redirect_import import read_dataset


class Command(BaseCommand):
    help = (
        "Create redirects from a CSV, TSV or XLSX file whose first row names the columns: old URL, then new URL. "
        "Good rows are imported even when other rows are bad; every skipped row is listed with the reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .csv (UTF-8), .tsv or .xlsx file")
        parser.add_argument("--temporary", action="store_true", help="make 302 redirects instead of 301")
        parser.add_argument("--site", help="host name of the site the redirects apply to (default: all sites)")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")

    def handle(self, *args, file, temporary, site, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        format_class = get_format_cls_by_extension(path.suffix.lstrip(".").lower())
        if format_class is None:
            raise CommandError(f"{path.name}: import a .csv, .tsv or .xlsx file.")
        site_object = None
        if site:
            site_object = Site.objects.filter(hostname=site).first()
            if site_object is None:
                raise CommandError(f"No site with the host name {site!r}.")
        try:
            dataset = read_dataset(path.read_bytes(), format_class())
        except ValidationError as error:
            raise CommandError(f"{path.name}: {' '.join(error.messages)} Nothing was imported.") from error
        with transaction.atomic():
            summary = create_redirects_from_dataset(
                dataset, {"from_index": 0, "to_index": 1, "permanent": not temporary, "site": site_object}
            )
            if dry_run:
                transaction.set_rollback(True)
        for old, new, reason in summary["errors"]:
            self.stdout.write(self.style.WARNING(f"skipped {old or '(empty)'} -> {new or '(empty)'}: {reason}"))
        verb = "would be created" if dry_run else "created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{plural(summary['total'], 'row')} read: {plural(summary['successes'], 'redirect')} {verb}, "
                f"{plural(summary['errors_count'], 'row')} skipped."
            )
        )


def plural(count: int, noun: str) -> str:
    """'1 row', '2 rows' (the command's output is English only)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
