"""Benchmark: import a generated 100,000-row Fingertips-layout CSV into a fresh SQLite database.

Run with `make bench-import` (or `.venv/bin/python benchmarks/import_indicators.py [ROWS]`). Prints the time taken,
rows per second and the peak memory of the process, then imports the file again to time the no-change path.
Not a test: timings depend on the machine. The target is under a minute for 100,000 rows with bounded memory.
"""

import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = Path(tempfile.mkdtemp(prefix="chec-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from indicators.importer import REQUIRED_COLUMNS, import_indicator_file  # noqa: E402

DECILES = [f"Decile {n}" for n in range(1, 11)]


def generate(path: Path, rows: int) -> None:
    columns = [*REQUIRED_COLUMNS, "Sex", "Age", "Category Type", "Category"]
    columns += ["Lower CI 95.0 limit", "Upper CI 95.0 limit"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        written = 0
        indicator = 0
        while written < rows:
            indicator += 1
            for area in range(150):
                for year in range(2015, 2025):
                    for decile in ["", *DECILES]:
                        if written >= rows:
                            return
                        value = 10 + (area % 17) + (year - 2015) * 0.3 + (DECILES.index(decile) if decile else 0)
                        writer.writerow(
                            [
                                f"bench-{indicator}",
                                f"Benchmark indicator {indicator}",
                                f"E0600{area:04d}",
                                f"Area {area}",
                                "Counties & UAs",
                                str(year),
                                f"{value:.1f}",
                                "Persons",
                                "0-4 yrs",
                                "County & UA deprivation deciles in England (IMD2019)" if decile else "",
                                decile,
                                f"{value - 1:.1f}",
                                f"{value + 1:.1f}",
                            ]
                        )
                        written += 1


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    path = workdir / "bench.csv"
    generate(path, rows)
    for label in ("first import", "re-import (no changes)"):
        start = time.perf_counter()
        with open(path, "rb") as handle:
            result = import_indicator_file(handle)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {result.rows_read:,} rows in {seconds:.1f} s ({result.rows_read / seconds:,.0f} rows/s); "
            f"created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
            f"skipped {len(result.skipped)}; peak memory of the process {peak_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
