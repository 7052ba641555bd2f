"""CSV files that are safe to open in a spreadsheet (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run as a formula by Excel,
LibreOffice or Google Sheets (``=HYPERLINK(...)`` sends the reader's data elsewhere). Every CSV the site writes goes
through ``safe_cell``: such text gets a leading single quote, so it shows as text. Real numbers (``-17.5``,
``+3``, ``1e-05``) are left as they are, so numeric columns stay numeric and round-trip exactly.

XLSX exports need nothing: Wagtail's ``SpreadsheetExportMixin`` already stores formula-looking values as text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value, or text starting with a formula character prefixed with ``'``. Non-text values are unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """``csv.writer`` whose rows go through ``safe_cell``."""

    def __init__(self, file, *args, **kwargs):
        self._writer = csv.writer(file, *args, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def writer(file, *args, **kwargs) -> SafeWriter:
    """Use instead of ``csv.writer`` for any CSV the site writes for people to open."""
    return SafeWriter(file, *args, **kwargs)


class SafeCSVExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: its CSV export writes cells as they are."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


def protect_wagtail_exports() -> None:
    """Make every CSV export of Wagtail's admin (reports such as "Aging pages", "Site history", "Workflows", and
    any ``list_export`` of a viewset) go through ``safe_cell``. Called once from ``HubConfig.ready()``: those views
    are Wagtail's own, so there is no subclass of ours to give the mixin to."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.write_csv_row = SafeCSVExportMixin.write_csv_row
