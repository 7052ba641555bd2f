"""Import indicator values from a CSV in the layout of an OHID Fingertips data download, and write them back out.

A Fingertips "data download" is taken as it comes: a UTF-8 BOM, CRLF line endings, quoted fields with line breaks
in them (an "Indicator Name"), rows with fewer fields than the header (trailing columns such as "Compared to goal"
left off), extra columns (ignored) and columns in any order. Columns read (by name):

=========================  ========  ===========================================================
column                     required  stored as
=========================  ========  ===========================================================
Indicator ID               yes       matched to ``Indicator.source_identifier`` (or, failing that, its slug);
                                     rows of an indicator the site has not defined are skipped
Indicator Name             yes       ``Indicator.name`` only when ``create_missing`` makes the indicator
Area Code                  yes       ``Area.code``
Area Name                  yes       ``Area.name``
Area Type                  yes       ``Area.area_type``: ``Country`` and ``England`` rows are England (the
                                     comparator); regions, ICBs, sub-ICB locations, counties, districts and UAs
                                     are kept whatever the site shows; any other type is kept as "other"
Time period                yes       ``IndicatorValue.period``
Value                      yes       ``value`` (empty means not published: the row is kept with its note)
Sex                        no        ``sex`` (default "Persons")
Age                        no        ``age``
Category Type              no        ``category_type`` (empty for the total)
Category                   no        ``category``; deprivation deciles also get ``category_order`` 1 to 10
Lower CI 95.0 limit        no        ``lower_ci``
Upper CI 95.0 limit        no        ``upper_ci``
Count                      no        ``count``
Denominator                no        ``denominator``
Value note                 no        ``value_note``
Time period Sortable       no        ``period_sort`` (else the first year in the period)
=========================  ========  ===========================================================

Every row that can be placed is kept: each sex, age and category type is a breakdown of its own (the key is
indicator, area, period, sex, age, category type, category), never merged with another. Rows that cannot be placed
are skipped and reported grouped by reason, with a count and the first line numbers. A header without the required
columns, or a file that is not CSV text at all, imports nothing. A file is imported in one transaction, in chunks
written with plain ``executemany`` statements, so memory stays bounded and 100,000 rows take seconds
(``make bench-import``). Re-importing the same file, or a download from this site, changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils.text import slugify

from indicators.models.data import Area, Indicator, IndicatorValue

REQUIRED_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Time period",
    "Value",
]
OPTIONAL_COLUMNS = [
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Count",
    "Denominator",
    "Value note",
    "Time period Sortable",
]
EXPORT_COLUMNS = REQUIRED_COLUMNS[:5] + OPTIONAL_COLUMNS[:4] + REQUIRED_COLUMNS[5:] + OPTIONAL_COLUMNS[4:]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

NUMERIC_FIELDS = {
    "Value": "value",
    "Lower CI 95.0 limit": "lower_ci",
    "Upper CI 95.0 limit": "upper_ci",
    "Count": "count",
    "Denominator": "denominator",
}
KEY_FIELDS = ["indicator_id", "area_id", "period", "sex", "age", "category_type", "category"]
VALUE_FIELDS = ["period_sort", "category_order", "value", "lower_ci", "upper_ci", "count", "denominator", "value_note"]
CHUNK_SIZE = 2000
FIRST_LINES_SHOWN = 5
MAX_FIELD_LENGTH = {"Area Code": 20, "Area Name": 200, "Time period": 30, "Sex": 20, "Age": 40}
MAX_FIELD_LENGTH.update({"Category Type": 150, "Category": 150, "Value note": 255, "Indicator Name": 250})
MAX_FIELD_LENGTH["Indicator ID"] = 40
ILLUSTRATIVE_NOTE = "Illustrative sample data, not official statistics"

DECILE_WORDS = {
    "most": 1,
    "second most": 2,
    "third more": 3,
    "fourth more": 4,
    "fifth more": 5,
    "fifth less": 6,
    "fourth less": 7,
    "third less": 8,
    "second least": 9,
    "least": 10,
}
DECILE_PATTERN = re.compile(r"^(" + "|".join(sorted(DECILE_WORDS, key=len, reverse=True)) + r") deprived decile")
NUMBERED_DECILE_PATTERN = re.compile(r"^(?:decile\s*)?(10|[1-9])\b")
AREA_CODE_PATTERN = re.compile(r"[A-Za-z0-9-]+")
UNDECODABLE = re.compile("[\udc80-\udcff]")
YEAR_PATTERN = re.compile(r"(19|20)\d\d")

# Files people give the importer by mistake: spreadsheets, documents and archives (XLSX, ODS and DOCX are ZIP files).
BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP file or a spreadsheet (XLSX, ODS)",
    b"\xd0\xcf\x11\xe0": "an Excel 97-2003 (XLS) or Word file",
    b"%PDF": "a PDF",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SNIFF_BYTES = 64 * 1024


class HeaderError(ValueError):
    """The file cannot be imported at all (not CSV text, or a header without the required columns)."""


class RowError(ValueError):
    """A row that cannot be placed: ``reason`` groups it in the report, ``example`` shows what was found."""

    def __init__(self, reason: str, example: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.example = example


@dataclass
class SkipGroup:
    count: int = 0
    lines: list[int] = field(default_factory=list)  # the first few
    example: str = ""


@dataclass
class ImportResult:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, SkipGroup] = field(default_factory=dict)
    indicators_created: list[str] = field(default_factory=list)
    areas_created: int = 0
    rows_not_shown: int = 0  # kept (in the downloads), for areas the pages do not show
    areas_not_shown: set[str] = field(default_factory=set)
    rows_by_area_type: Counter = field(default_factory=Counter)

    @property
    def skipped_count(self) -> int:
        return sum(group.count for group in self.skipped.values())

    def skip(self, line: int, reason: str, example: str = "") -> None:
        group = self.skipped.get(reason)
        if group is None:
            group = self.skipped[reason] = SkipGroup(example=example)
        group.count += 1
        if len(group.lines) < FIRST_LINES_SHOWN:
            group.lines.append(line)

    def skipped_lines(self) -> list[str]:
        """One line per reason: the reason, how many rows, the first line numbers (and an example)."""
        lines = []
        for reason, group in self.skipped.items():
            more = ", …" if group.count > len(group.lines) else ""
            where = "line" if group.count == 1 else "lines"
            example = f" (e.g. {group.example})" if group.example else ""
            numbers = ", ".join(str(line) for line in group.lines)
            rows = "row" if group.count == 1 else "rows"
            lines.append(f"{reason}{example}: {group.count} {rows}, {where} {numbers}{more}")
        return lines

    def summary(self) -> str:
        lines = [
            f"Rows read: {self.rows_read}",
            f"Created: {self.created}",
            f"Updated: {self.updated}",
            f"Unchanged: {self.unchanged}",
            f"Skipped: {self.skipped_count}",
        ]
        if self.rows_not_shown:
            lines.append(
                f"Kept for downloads, not shown on the pages: {self.rows_not_shown} "
                f"{'row' if self.rows_not_shown == 1 else 'rows'} for {len(self.areas_not_shown)} "
                f"{'area' if len(self.areas_not_shown) == 1 else 'areas'} that are neither England nor a partner ICS"
            )
        if self.rows_by_area_type:
            lines.append(
                "Rows by area type: " + ", ".join(f"{name} {count}" for name, count in self.rows_by_area_type.items())
            )
        if self.indicators_created:
            lines.append("New indicators: " + ", ".join(self.indicators_created))
        lines.extend(f"  skipped: {line}" for line in self.skipped_lines())
        return "\n".join(lines)


def area_type_for(text: str, code: str = "") -> str:
    """Fingertips' area type name as ours. Types the site does not list separately are "other", never refused."""
    lowered = text.strip().lower()
    if lowered == "england" or (lowered == "country" and code.upper().startswith("E92")):
        return Area.AreaType.ENGLAND
    if lowered.startswith("sub-icb") or "sub icb" in lowered:
        return Area.AreaType.SUB_ICB
    if lowered.startswith(("icb", "ics")) or "integrated care" in lowered:
        return Area.AreaType.ICS
    if "region" in lowered:
        return Area.AreaType.REGION
    words = set(re.findall(r"[a-z]+", lowered))
    if words & {"ua", "uas", "counties", "county", "district", "districts", "unitary"} or "local authorit" in lowered:
        return Area.AreaType.LOCAL_AUTHORITY
    return Area.AreaType.OTHER


def decile_order(category_type: str, category: str) -> int | None:
    """1 (most deprived) to 10 (least deprived) for a deprivation decile category, else None."""
    if "deprivation" not in category_type.lower() or "decile" not in category_type.lower():
        return None
    lowered = category.strip().lower()
    if match := DECILE_PATTERN.match(lowered):
        return DECILE_WORDS[match.group(1)]
    if match := NUMBERED_DECILE_PATTERN.match(lowered):
        return int(match.group(1))
    return None


def parse_number(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if text == "":
        return None
    number = float(text)  # raises ValueError for text that is not a number
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return number


def period_sort_for(period: str, sortable: str) -> int:
    if sortable.isdigit():
        return int(sortable)
    match = YEAR_PATTERN.search(period)
    return int(match.group(0)) * 10000 if match else 0


def not_csv_reason(head: bytes) -> str | None:
    """Why the start of a file is not CSV text (a PDF, a spreadsheet...), or None when it may be."""
    for signature, kind in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return f"it is {kind}"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is UTF-16 text (Excel's 'Unicode text')"
    if CONTROL_CHARACTERS.search(head):
        return "it holds binary data"
    first_line = head.split(b"\n", 1)[0]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(first_line, final=b"\n" in head or len(head) < SNIFF_BYTES)
    except UnicodeDecodeError:
        return "its header is not UTF-8 text"
    return None


def not_csv_message(reason: str) -> str:
    return (
        f"This is not a CSV text file ({reason}). Nothing was imported. Save the data as CSV UTF-8 (in Excel: File, "
        "Save a copy, CSV UTF-8) and import that file."
    )


@dataclass(slots=True)
class ParsedRow:
    line: int
    indicator: Indicator
    area_code: str
    area_name: str
    area_type: str
    area_type_label: str
    period: str
    sex: str
    age: str
    category_type: str
    category: str
    values: tuple  # in the order of VALUE_FIELDS


class Importer:
    def __init__(
        self,
        progress: Callable[[int], None] | None = None,
        illustrative: bool = False,
        create_missing: bool = False,
    ):
        self.progress = progress or (lambda rows: None)
        self.illustrative = illustrative
        self.create_missing = create_missing
        self.result = ImportResult()
        self.indicators: dict[str, Indicator | None] = {}
        self.areas: dict[str, Area] = {}
        self.shown_codes: set[str] = set()
        # Line of the first row with each key, by the key's hash: a few bytes a row rather than the whole key.
        self.seen_keys: dict[int, int] = {}

    def run(self, binary) -> ImportResult:
        if hasattr(binary, "seekable") and binary.seekable():
            start = binary.tell()
            head = binary.read(SNIFF_BYTES)
            binary.seek(start)
            if reason := not_csv_reason(head.removeprefix(codecs.BOM_UTF8)):
                raise HeaderError(not_csv_message(reason))
        # newline="": the csv module sees line endings as they are (CRLF, and line breaks inside quoted fields).
        # Bytes that are not UTF-8 become surrogate escapes, so the row holding them is reported and skipped.
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
        try:
            return self._run(text)
        finally:
            text.detach()  # leave the caller's file open

    def _run(self, text) -> ImportResult:
        reader = csv.reader(text)
        try:
            header = [column.strip() for column in next(reader, [])]
        except csv.Error as error:
            raise HeaderError(not_csv_message(f"it cannot be read as CSV: {error}")) from None
        if UNDECODABLE.search("".join(header)):
            raise HeaderError(not_csv_message("its header is not UTF-8 text"))
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise HeaderError("The file is missing these columns: " + ", ".join(missing) + ". Nothing was imported.")
        positions = {column: header.index(column) for column in COLUMNS if column in header}
        from indicators.page_data import partner_area_codes

        self.shown_codes = set(partner_area_codes())
        with transaction.atomic():
            chunk: list[ParsedRow] = []
            line = reader.line_num + 1
            try:
                for row in reader:
                    self.result.rows_read += 1
                    try:
                        parsed = self._parse(line, row, len(header), positions)
                    except RowError as error:
                        self.result.skip(line, error.reason, error.example)
                    else:
                        key_hash = hash(
                            (parsed.indicator.pk, parsed.area_code, parsed.period, parsed.sex, parsed.age)
                            + (parsed.category_type, parsed.category)
                        )
                        first = self.seen_keys.setdefault(key_hash, line)
                        if first != line:
                            self.result.skip(line, "a second row for the same indicator, area, period and breakdown")
                        else:
                            chunk.append(parsed)
                            if len(chunk) >= CHUNK_SIZE:
                                self._save(chunk)
                                chunk = []
                                self.progress(self.result.rows_read)
                    line = reader.line_num + 1
            except csv.Error as error:
                self.result.skip(reader.line_num, f"the CSV cannot be read from here on ({error})")
            self._save(chunk)
            self.progress(self.result.rows_read)
        return self.result

    def _parse(self, line: int, row: list[str], width: int, positions: dict[str, int]) -> ParsedRow:
        """Check one row and turn it into model values; raises RowError with a reason a reader understands."""
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise RowError("the row has more fields than the header")
        if UNDECODABLE.search("\x1f".join(row)):
            raise RowError("the row is not UTF-8 text (save the file as UTF-8)")
        cells = {}
        for column, position in positions.items():
            if position < len(row):
                cells[column] = row[position].strip()
            elif column in REQUIRED_COLUMNS:  # a short row may leave off optional trailing columns only
                raise RowError("the row has fewer fields than the header", f"no '{column}'")
            else:
                cells[column] = ""
        for column in REQUIRED_COLUMNS:
            if column != "Value" and not cells[column]:
                raise RowError(f"'{column}' is empty")
        for column, limit in MAX_FIELD_LENGTH.items():
            if len(cells.get(column, "")) > limit:
                raise RowError(f"'{column}' is longer than {limit} characters")
        code = cells["Area Code"]
        if not AREA_CODE_PATTERN.fullmatch(code):
            raise RowError("the area code is not an ONS code", repr(code[:20]))
        indicator = self._indicator(cells["Indicator ID"], cells["Indicator Name"])
        numbers = []
        for column in NUMERIC_FIELDS:
            try:
                numbers.append(parse_number(cells.get(column, "")))
            except ValueError:
                raise RowError(f"'{column}' is not a number", repr(cells.get(column, "")[:20])) from None
        category_type = cells.get("Category Type", "")
        category = cells.get("Category", "")
        period = cells["Time period"]
        note = cells.get("Value note", "")
        if indicator.is_illustrative and note.endswith(ILLUSTRATIVE_NOTE):
            note = note.removesuffix(ILLUSTRATIVE_NOTE).strip()  # the label every download adds (export_rows)
        area_type_label = cells["Area Type"]
        self.result.rows_by_area_type[area_type_label] += 1
        return ParsedRow(
            line=line,
            indicator=indicator,
            area_code=code,
            area_name=cells["Area Name"],
            area_type=area_type_for(area_type_label, code),
            area_type_label=area_type_label,
            period=period,
            sex=cells.get("Sex", "") or "Persons",
            age=cells.get("Age", ""),
            category_type=category_type,
            category=category,
            values=(
                period_sort_for(period, cells.get("Time period Sortable", "")),
                decile_order(category_type, category),
                *numbers,
                note,
            ),
        )

    def _indicator(self, identifier: str, name: str) -> Indicator:
        if identifier in self.indicators:
            indicator = self.indicators[identifier]
        else:
            indicator = (
                Indicator.objects.filter(source_identifier=identifier).order_by("pk").first()
                or Indicator.objects.filter(source_identifier="", slug=identifier).first()
            )
            if indicator is None and self.create_missing:
                indicator = self._create_indicator(identifier, " ".join(name.split()))
            self.indicators[identifier] = indicator
        if indicator is None:
            raise RowError(
                f"indicator ID {identifier!r} is not defined on this site (add it under Indicators, with this ID as "
                "its source identifier, then import again)"
            )
        return indicator

    def _create_indicator(self, identifier: str, name: str) -> Indicator:
        base = slugify(name)[:80] or "indicator"
        slug = base
        while Indicator.objects.filter(slug=slug).exists():
            slug = f"{base}-{slugify(identifier)}"[:100]
            if Indicator.objects.filter(slug=slug).exists():
                slug = f"{base}-{Indicator.objects.count() + 1}"
        indicator = Indicator.objects.create(
            name=name,
            slug=slug,
            source="OHID Fingertips",
            source_identifier=identifier,
            is_illustrative=self.illustrative,
        )
        self.result.indicators_created.append(indicator.name)
        return indicator

    def _area(self, parsed: ParsedRow) -> Area:
        area = self.areas.get(parsed.area_code)
        if area is None:
            area, created = Area.objects.get_or_create(
                code=parsed.area_code, defaults={"name": parsed.area_name, "area_type": parsed.area_type}
            )
            if created:
                self.result.areas_created += 1
            elif (area.name, area.area_type) != (parsed.area_name, parsed.area_type):
                area.name, area.area_type = parsed.area_name, parsed.area_type
                area.save(update_fields=["name", "area_type"])
            self.areas[parsed.area_code] = area
        return area

    def _save(self, chunk: list[ParsedRow]) -> None:
        if not chunk:
            return
        keyed = []
        for parsed in chunk:
            area = self._area(parsed)
            if area.area_type != Area.AreaType.ENGLAND and area.code not in self.shown_codes:
                self.result.rows_not_shown += 1
                self.result.areas_not_shown.add(area.code)
            key = (parsed.indicator.pk, area.pk, parsed.period, parsed.sex, parsed.age)
            keyed.append((key + (parsed.category_type, parsed.category), parsed.values))
        existing = {
            tuple(row[1:8]): (row[0], tuple(row[8:]))
            for row in IndicatorValue.objects.filter(
                indicator_id__in={key[0] for key, _ in keyed},
                area_id__in={key[1] for key, _ in keyed},
                period__in={key[2] for key, _ in keyed},
            ).values_list("pk", *KEY_FIELDS, *VALUE_FIELDS)
        }
        to_create, to_update = [], []
        for key, values in keyed:
            current = existing.get(key)
            if current is None:
                to_create.append(key + values)
            elif current[1] != values:
                to_update.append(values + (current[0],))
            else:
                self.result.unchanged += 1
        # Plain executemany: the ORM's bulk_create builds a model instance and compiles SQL for every row, which
        # made a 100,000-row file take minutes.
        quote = connection.ops.quote_name
        table = quote(IndicatorValue._meta.db_table)
        columns = KEY_FIELDS + VALUE_FIELDS
        with connection.cursor() as cursor:
            if to_create:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(quote(name) for name in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    to_create,
                )
            if to_update:
                assignments = ", ".join(f"{quote(name)} = %s" for name in VALUE_FIELDS)
                cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s", to_update)
        self.result.created += len(to_create)
        self.result.updated += len(to_update)


def import_indicator_file(binary, progress=None, illustrative: bool = False, create_missing: bool = False):
    """Import one file (a binary file object). Raises HeaderError when nothing can be imported.

    Rows of indicators the site has not defined are skipped, unless ``create_missing`` (new indicators are then
    labelled illustrative when ``illustrative``).
    """
    from hub import cache as page_cache

    result = Importer(progress=progress, illustrative=illustrative, create_missing=create_missing).run(binary)
    # Plain SQL sends no signals: the data pages must not keep showing the old figures.
    page_cache.invalidate()
    return result


def format_number(number: float | None) -> str:
    """The stored number written out in full: never rounded, never in exponent notation.

    ``repr`` gives the shortest text that reads back as the same float, so a download imports to identical values.
    """
    if number is None:
        return ""
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return format(Decimal(repr(number)), "f")


AREA_TYPE_NAMES = {
    Area.AreaType.ENGLAND: "England",
    Area.AreaType.REGION: "Region",
    Area.AreaType.ICS: "ICB",
    Area.AreaType.SUB_ICB: "Sub-ICB location",
    Area.AreaType.LOCAL_AUTHORITY: "Counties & UAs",
    Area.AreaType.OTHER: "Other",
}


def export_rows(values) -> Iterator[list[str]]:
    """CSV rows (header first) for an iterable of IndicatorValue with indicator and area loaded.

    The layout is the importer's, so a download can be imported again anywhere.
    """
    yield EXPORT_COLUMNS
    for value in values:
        note = value.value_note
        if value.indicator.is_illustrative and "illustrative" not in note.lower():
            note = f"{note} {ILLUSTRATIVE_NOTE}".strip()
        row = {
            "Indicator ID": value.indicator.source_identifier or value.indicator.slug,
            "Indicator Name": value.indicator.name,
            "Area Code": value.area.code,
            "Area Name": value.area.name,
            "Area Type": AREA_TYPE_NAMES.get(value.area.area_type, value.area.area_type),
            "Sex": value.sex,
            "Age": value.age,
            "Category Type": value.category_type,
            "Category": value.category,
            "Time period": value.period,
            "Value": format_number(value.value),
            "Lower CI 95.0 limit": format_number(value.lower_ci),
            "Upper CI 95.0 limit": format_number(value.upper_ci),
            "Count": format_number(value.count),
            "Denominator": format_number(value.denominator),
            "Value note": note,
            "Time period Sortable": str(value.period_sort),
        }
        yield [row[column] for column in EXPORT_COLUMNS]
