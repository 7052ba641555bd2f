"""Benchmark: import a generated Fingertips "data download" of 100,000 rows into a fresh SQLite database.

Run with `make bench-import` (or `.venv/bin/python benchmarks/import_indicators.py [ROWS]`). The file has the layout
and the awkward properties of a real export (tests/indicators/fixtures/fingertips/): the 27 columns, a UTF-8 BOM,
CRLF line endings, an "Indicator Name" with a line break inside quotes, rows with the last field left off, England as
"England" and as "Country", regions, ICBs, sub-ICB locations, counties and districts, three sexes and two ages, two
deprivation decile sets, suppressed values with a note, denominators in the tens of millions and values with many
decimals. Prints, for the first import and for a re-import (nothing changes), the time taken, rows per second and
the peak memory of the process, with the machine's load average. Not a test: timings depend on the machine. The
target is under a minute for 100,000 rows, with memory bounded (rows are read and written in chunks).
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from indicators.importer import import_indicator_file  # noqa: E402
from indicators.models import Indicator  # noqa: E402

HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
    "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
    "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to Region value or percentiles", "Time period Sortable",
    "New data", "Compared to goal", "Time period range",
]  # fmt: skip
DECILE_SETS = [
    "County & UA deprivation deciles in England (IMD2019, 4/23 geography)",
    "District & UA deprivation deciles in England (IMD2019, 4/23 geography)",
]
DECILES = [
    "Most deprived decile (IMD2019)", "Second most deprived decile (IMD2019)", "Third more deprived decile (IMD2019)",
    "Fourth more deprived decile (IMD2019)", "Fifth more deprived decile (IMD2019)",
    "Fifth less deprived decile (IMD2019)", "Fourth less deprived decile (IMD2019)",
    "Third less deprived decile (IMD2019)", "Second least deprived decile (IMD2019)",
    "Least deprived decile (IMD2019)",
]  # fmt: skip
AREA_TYPES = [
    ("E54", "ICBs (from Apr 2023)"),
    ("E38", "Sub-ICB Locations (from Apr 2023)"),
    ("E06", "Counties & UAs (from Apr 2023)"),
    ("E07", "Districts & UAs (from Apr 2023)"),
    ("E12", "Regions (statistical)"),
]
SLICES = [("Persons", "All ages"), ("Persons", "0-9 yrs"), ("Male", "All ages"), ("Female", "All ages")]
INDICATORS = 10


def areas():
    yield "E92000001", "England", "England"
    for number in range(300):
        prefix, area_type = AREA_TYPES[number % len(AREA_TYPES)]
        yield f"{prefix}{number:06d}", f"NHS Example Area {number} Integrated Care Board", area_type


def generate(path: Path, rows: int) -> None:
    """Rows in the order Fingertips writes them: by indicator, area, breakdown and period."""
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        written = 0
        # 171,360 rows at most (10 indicators, 301 areas, 14 years)
        for indicator in range(1, INDICATORS + 1):
            name = f"Benchmark indicator {indicator}\n(children and young people)"
            for area_number, (code, area_name, area_type) in enumerate(areas()):
                if code == "E92000001" and indicator % 2 == 0:
                    area_type = "Country"
                breakdowns = [(sex, age, "", "") for sex, age in SLICES]
                if code == "E92000001":
                    breakdowns += [("Persons", "All ages", kind, decile) for kind in DECILE_SETS for decile in DECILES]
                for sex, age, kind, decile in breakdowns:
                    for year in range(2010, 2024):
                        if written >= rows:
                            return
                        value = 10 + (area_number % 17) + (year - 2010) * 0.3 + 0.123456789012345
                        suppressed = (area_number + year) % 97 == 0
                        denominator = 56_536_419 if code == "E92000001" else 12_000 + area_number
                        cells = [
                            f"9{indicator:04d}", name, "E92000001", "England", code, area_name, area_type, sex,
                            age, kind, decile, f"{year}/{(year + 1) % 100:02d}",
                            "" if suppressed else repr(value), "" if suppressed else repr(value - 0.5),
                            "" if suppressed else repr(value + 0.5), "", "", str(int(denominator * value / 100)),
                            str(denominator), "Value suppressed for disclosure control" if suppressed else "",
                            "", "Similar", "Similar", f"{year}0000", "", "", "1y",
                        ]  # fmt: skip
                        writer.writerow(cells[:-1] if written % 3 == 0 else cells)  # some rows are one short
                        written += 1


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"fresh database migrated in {time.perf_counter() - start:.0f} s ({settings.DATABASES['default']['ENGINE']})")
    for indicator in range(1, INDICATORS + 1):
        Indicator.objects.create(
            name=f"Benchmark {indicator}", slug=f"bench-{indicator}", source_identifier=f"9{indicator:04d}"
        )
    path = workdir / "bench.csv"
    generate(path, rows)
    print(f"{rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, in the layout of a Fingertips data download")
    for label in ("first import", "re-import (no changes)"):
        load = os.getloadavg()
        start = time.perf_counter()
        with open(path, "rb") as handle:
            result = import_indicator_file(handle)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {result.rows_read:,} rows in {seconds:.1f} s ({result.rows_read / seconds:,.0f} rows/s); "
            f"created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
            f"skipped {result.skipped_count}; peak memory of the process {peak_mb:.0f} MB; "
            f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ({os.cpu_count()} cores) "
            f"[{'under' if seconds < 60 else 'OVER'} a minute]"
        )


if __name__ == "__main__":
    main()
