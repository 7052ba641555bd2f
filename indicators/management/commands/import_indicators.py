"""python manage.py import_indicators FILE.csv [FILE.csv ...]: import indicator values (Fingertips layout)."""

import os

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from indicators.importer import HeaderError, import_indicator_file


class Command(BaseCommand):
    help = (
        "Import indicator values from CSV files in the column layout of an OHID Fingertips data download "
        "(columns documented in indicators/importer.py). Each file is imported in one transaction; rows that cannot "
        "be placed (among them rows of indicators the site has not defined) are skipped and reported by reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="CSV files to import")
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="Mark indicators this import creates (with --create-indicators) as illustrative sample data.",
        )
        parser.add_argument(
            "--create-indicators",
            action="store_true",
            help="Create an indicator for each Indicator ID the site does not know, instead of skipping its rows.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, files, illustrative, create_indicators, no_progress, **options):
        failed = []
        for path in files:
            if not os.path.isfile(path):
                raise CommandError(f"No such file: {path}")
            self.stdout.write(f"Importing {path}")
            size = os.path.getsize(path)
            with (
                open(path, "rb") as handle,
                tqdm(total=size, unit="B", unit_scale=True, disable=no_progress or None, file=self.stderr._out) as bar,
            ):
                last = [0]

                def progress(_rows, handle=handle, bar=bar, last=last):
                    position = handle.tell()
                    bar.update(position - last[0])
                    last[0] = position

                try:
                    result = import_indicator_file(
                        handle, progress=progress, illustrative=illustrative, create_missing=create_indicators
                    )
                except HeaderError as error:
                    failed.append(path)
                    self.stderr.write(self.style.ERROR(f"{path}: {error}"))
                    continue
            self.stdout.write(result.summary())
        if failed:
            raise CommandError(f"Nothing was imported from: {', '.join(failed)}")
