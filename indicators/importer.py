"""Import indicator values from a CSV in the layout of an OHID Fingertips data download.

Columns read (by name; order and extra columns do not matter):

=========================  ========  ===========================================================
column                     required  stored as
=========================  ========  ===========================================================
Indicator ID               yes       ``Indicator.source_identifier`` (a missing indicator is created)
Indicator Name             yes       ``Indicator.name`` for a new indicator
Area Code                  yes       ``Area.code``
Area Name                  yes       ``Area.name``
Area Type                  yes       ``Area.area_type``: England, Region, ICB/ICS, or a local authority type
Time period                yes       ``IndicatorValue.period``
Value                      yes       ``value`` (empty means not published, e.g. suppressed)
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

A file is imported in one transaction. Rows are checked one by one: a bad row is skipped and reported with its line
number, and the good rows are imported. A header without the required columns imports nothing. Re-importing the
same file changes nothing; a newer file updates the values that changed. Work is done in chunks, so memory stays
bounded whatever the file size.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
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

NUMERIC_FIELDS = {
    "Value": "value",
    "Lower CI 95.0 limit": "lower_ci",
    "Upper CI 95.0 limit": "upper_ci",
    "Count": "count",
    "Denominator": "denominator",
}
VALUE_FIELDS = ["period_sort", "category_order", "value", "lower_ci", "upper_ci", "count", "denominator", "value_note"]
CHUNK_SIZE = 2000
MAX_FIELD_LENGTH = {"Area Code": 20, "Area Name": 200, "Time period": 30, "Sex": 20, "Age": 40}
MAX_FIELD_LENGTH.update({"Category Type": 150, "Category": 150, "Value note": 255, "Indicator Name": 250})
MAX_FIELD_LENGTH["Indicator ID"] = 40

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


class HeaderError(ValueError):
    """The file cannot be imported at all (wrong header, not a CSV)."""


@dataclass
class ImportResult:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    indicators_created: list[str] = field(default_factory=list)
    areas_created: int = 0

    def summary(self) -> str:
        lines = [
            f"Rows read: {self.rows_read}",
            f"Created: {self.created}",
            f"Updated: {self.updated}",
            f"Unchanged: {self.unchanged}",
            f"Skipped: {len(self.skipped)}",
        ]
        if self.indicators_created:
            lines.append("New indicators: " + ", ".join(self.indicators_created))
        lines.extend(f"  line {line}: {reason}" for line, reason in self.skipped)
        return "\n".join(lines)


def area_type_for(text: str) -> str | None:
    """Map Fingertips' area type names to ours; None for a type this site does not hold."""
    lowered = text.strip().lower()
    if lowered == "england":
        return Area.AreaType.ENGLAND
    if lowered.startswith("sub-icb") or "sub icb" in lowered:
        return None
    if lowered.startswith("icb") or "integrated care" in lowered or lowered.startswith("ics"):
        return Area.AreaType.ICS
    if "region" in lowered:
        return Area.AreaType.REGION
    words = set(re.findall(r"[a-z]+", lowered))
    if words & {"ua", "uas", "counties", "county", "district", "districts", "unitary"} or "local authorit" in lowered:
        return Area.AreaType.LOCAL_AUTHORITY
    return None


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
    if sortable.strip().isdigit():
        return int(sortable.strip())
    match = re.search(r"(19|20)\d\d", period)
    return int(match.group(0)) * 10000 if match else 0


def decoded_lines(binary: io.BufferedIOBase) -> Iterator[str]:
    """Text lines from a byte stream: UTF-8 with or without a BOM.

    Bytes that are not UTF-8 are kept as surrogate escapes, so the row that holds them can be reported and
    skipped while the rest of the file imports.
    """
    reader = codecs.getreader("utf-8")(binary, errors="surrogateescape")
    first = True
    for line in reader:
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line


def _has_undecodable(values: Iterable[str]) -> bool:
    return any(any("\udc80" <= character <= "\udcff" for character in value) for value in values)


@dataclass
class ParsedRow:
    line: int
    key: tuple
    indicator_id: str
    indicator_name: str
    area_code: str
    area_name: str
    area_type: str
    values: dict


def parse_row(line: int, row: dict) -> ParsedRow:
    """Check one row and turn it into model values; raises ValueError with a reader-friendly reason."""
    if None in row or any(value is None for value in row.values()):
        raise ValueError("the row has a different number of columns from the header")
    if _has_undecodable(row.values()):
        raise ValueError("the row is not UTF-8 text (save the file as UTF-8)")
    cells = {column: (value or "").strip() for column, value in row.items()}
    for column in REQUIRED_COLUMNS:
        if column != "Value" and not cells.get(column):
            raise ValueError(f"'{column}' is empty")
    for column, limit in MAX_FIELD_LENGTH.items():
        if len(cells.get(column, "")) > limit:
            raise ValueError(f"'{column}' is longer than {limit} characters")
    if not re.fullmatch(r"[A-Za-z0-9-]+", cells["Area Code"]):
        raise ValueError(f"unknown area code {cells['Area Code']!r}")
    area_type = area_type_for(cells["Area Type"])
    if area_type is None:
        raise ValueError(f"unknown area type {cells['Area Type']!r}")
    numbers = {}
    for column, name in NUMERIC_FIELDS.items():
        try:
            numbers[name] = parse_number(cells.get(column, ""))
        except ValueError:
            raise ValueError(f"'{column}' is not a number: {cells.get(column, '')!r}") from None
    sex = cells.get("Sex", "") or "Persons"
    age = cells.get("Age", "")
    category_type = cells.get("Category Type", "")
    category = cells.get("Category", "")
    period = cells["Time period"]
    values = {
        "period_sort": period_sort_for(period, cells.get("Time period Sortable", "")),
        "category_order": decile_order(category_type, category),
        "value_note": cells.get("Value note", ""),
        **numbers,
    }
    key = (cells["Indicator ID"], cells["Area Code"], period, sex, age, category_type, category)
    return ParsedRow(
        line=line,
        key=key,
        indicator_id=cells["Indicator ID"],
        indicator_name=cells["Indicator Name"],
        area_code=cells["Area Code"],
        area_name=cells["Area Name"],
        area_type=area_type,
        values=values,
    )


class Importer:
    def __init__(self, progress: Callable[[int], None] | None = None, illustrative: bool = False):
        self.progress = progress or (lambda rows: None)
        self.illustrative = illustrative
        self.result = ImportResult()
        self.indicators: dict[str, Indicator] = {}
        self.areas: dict[str, Area] = {}
        # Line of the first row with each key, by the key's hash: a few bytes a row rather than the whole key.
        self.seen_keys: dict[int, int] = {}

    def run(self, binary: io.BufferedIOBase) -> ImportResult:
        reader = csv.DictReader(decoded_lines(binary))
        try:
            header = [column.strip() for column in (reader.fieldnames or [])]
        except csv.Error as error:
            raise HeaderError(f"This is not a readable CSV file ({error}).") from None
        if _has_undecodable(header):
            raise HeaderError("The header is not UTF-8 text. Save the file as UTF-8 CSV and try again.")
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise HeaderError("The file is missing these columns: " + ", ".join(missing) + ". Nothing was imported.")
        reader.fieldnames = header
        with transaction.atomic():
            chunk: list[ParsedRow] = []
            try:
                for row in reader:
                    self.result.rows_read += 1
                    line = reader.line_num
                    try:
                        parsed = parse_row(line, row)
                    except ValueError as error:
                        self.result.skipped.append((line, str(error)))
                        continue
                    key_hash = hash(parsed.key)
                    if key_hash in self.seen_keys:
                        self.result.skipped.append((line, f"duplicate of line {self.seen_keys[key_hash]}"))
                        continue
                    self.seen_keys[key_hash] = line
                    chunk.append(parsed)
                    if len(chunk) >= CHUNK_SIZE:
                        self._save(chunk)
                        chunk = []
                        self.progress(self.result.rows_read)
            except csv.Error as error:
                self.result.skipped.append((reader.line_num, f"the CSV cannot be read from here on ({error})"))
            self._save(chunk)
            self.progress(self.result.rows_read)
        return self.result

    def _indicator(self, parsed: ParsedRow) -> Indicator:
        indicator = self.indicators.get(parsed.indicator_id)
        if indicator is None:
            indicator = Indicator.objects.filter(source_identifier=parsed.indicator_id).order_by("pk").first()
            if indicator is None:
                base = slugify(parsed.indicator_name)[:80] or "indicator"
                slug = base
                while Indicator.objects.filter(slug=slug).exists():
                    slug = f"{base}-{slugify(parsed.indicator_id)}"[:100]
                    if Indicator.objects.filter(slug=slug).exists():
                        slug = f"{base}-{Indicator.objects.count() + 1}"
                indicator = Indicator.objects.create(
                    name=parsed.indicator_name,
                    slug=slug,
                    source="OHID Fingertips",
                    source_identifier=parsed.indicator_id,
                    is_illustrative=self.illustrative,
                )
                self.result.indicators_created.append(indicator.name)
            self.indicators[parsed.indicator_id] = indicator
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
        rows = [(parsed, self._indicator(parsed), self._area(parsed)) for parsed in chunk]
        existing = {
            (
                value.indicator_id,
                value.area_id,
                value.period,
                value.sex,
                value.age,
                value.category_type,
                value.category,
            ): (value)
            for value in IndicatorValue.objects.filter(
                indicator_id__in={indicator.pk for _, indicator, _ in rows},
                area_id__in={area.pk for _, _, area in rows},
                period__in={parsed.key[2] for parsed, _, _ in rows},
            )
        }
        to_create, to_update = [], []
        for parsed, indicator, area in rows:
            _, _, period, sex, age, category_type, category = parsed.key
            current = existing.get((indicator.pk, area.pk, period, sex, age, category_type, category))
            if current is None:
                to_create.append(
                    IndicatorValue(
                        indicator=indicator,
                        area=area,
                        period=period,
                        sex=sex,
                        age=age,
                        category_type=category_type,
                        category=category,
                        **parsed.values,
                    )
                )
            elif any(getattr(current, name) != parsed.values[name] for name in VALUE_FIELDS):
                for name in VALUE_FIELDS:
                    setattr(current, name, parsed.values[name])
                to_update.append(current)
            else:
                self.result.unchanged += 1
        IndicatorValue.objects.bulk_create(to_create, batch_size=500)
        IndicatorValue.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=500)
        self.result.created += len(to_create)
        self.result.updated += len(to_update)


def import_indicator_file(binary, progress=None, illustrative: bool = False) -> ImportResult:
    """Import one file (a binary file object). Raises HeaderError when nothing can be imported."""
    from hub import cache as page_cache

    result = Importer(progress=progress, illustrative=illustrative).run(binary)
    # bulk_create/bulk_update send no signals: the data pages must not keep showing the old figures.
    page_cache.invalidate()
    return result


def format_number(number: float | None) -> str:
    if number is None:
        return ""
    return f"{number:g}" if abs(number) < 1e15 else repr(number)


def export_rows(values) -> Iterator[list[str]]:
    """CSV rows (header first) for an iterable of IndicatorValue with indicator and area loaded.

    The layout is the importer's, so a download can be imported again anywhere.
    """
    yield EXPORT_COLUMNS
    area_type_names = {
        Area.AreaType.ENGLAND: "England",
        Area.AreaType.REGION: "Region",
        Area.AreaType.ICS: "ICB",
        Area.AreaType.LOCAL_AUTHORITY: "Counties & UAs",
    }
    for value in values:
        note = value.value_note
        if value.indicator.is_illustrative and "illustrative" not in note.lower():
            note = f"{note} Illustrative sample data, not official statistics".strip()
        row = {
            "Indicator ID": value.indicator.source_identifier or value.indicator.slug,
            "Indicator Name": value.indicator.name,
            "Area Code": value.area.code,
            "Area Name": value.area.name,
            "Area Type": area_type_names.get(value.area.area_type, value.area.area_type),
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
