"""What an indicator page and a driver's table show, gathered in a fixed number of queries whatever the data size.

An indicator's data often holds several slices: sexes, age groups, and more than one deprivation decile set (county
and district deciles, say). The pages use one slice at a time, never a mixture: the headline sex and age (the
editor's choice, else "Persons" and "All ages" when present) for the trend, the latest values and the comparison
with England, and one deprivation decile set (the editor's choice, else the first in the data) for the inequality
section. Readers can switch slices with a plain GET form; every slice stays in the CSV downloads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from hub import cache as page_cache
from hub.models import IntegratedCareSystem
from indicators.models.data import Area, Indicator, IndicatorValue

from .charts import bar_chart, format_value, line_chart
from .stats import DecilePoint, compare_with_benchmark, deprivation_gap, slope_index_of_inequality

DEFAULT_SEX = "Persons"
DEFAULT_AGE = "All ages"
DECILE_TABLE_OPEN_ROWS = 5  # longer decile tables are folded behind a disclosure


def partner_area_codes() -> list[str]:
    """ONS codes of the partner ICSs (set on the ICS snippets), in name order."""
    codes = IntegratedCareSystem.objects.exclude(ons_code="").order_by("name").values_list("ons_code", flat=True)
    return list(dict.fromkeys(codes))


@dataclass
class Slice:
    """The breakdown a page shows, and the others the data holds (for the reader's choice)."""

    sex: str = DEFAULT_SEX
    age: str = ""
    deprivation: str = ""  # the Category Type of the decile set used, "" when the data has none
    sexes: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    deprivations: list[str] = field(default_factory=list)
    deprivation_is_default: bool = True

    @property
    def has_choice(self) -> bool:
        return len(self.sexes) > 1 or len(self.ages) > 1 or len(self.deprivations) > 1


def _pick(options: Counter, *candidates: str) -> str:
    """The first candidate the data has, else the option with the most rows (ties: alphabetical)."""
    for candidate in candidates:
        if candidate and candidate in options:
            return candidate
    if not options:
        return ""
    return sorted(options, key=lambda option: (-options[option], option))[0]


def breakdowns(indicator_ids) -> dict[int, list[dict]]:
    """{indicator_id: [{sex, age, category_type, rows, deciles, first}]}: what slices the data holds, one query."""
    result = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(indicator_id__in=indicator_ids)
        .values("indicator_id", "sex", "age", "category_type")
        .annotate(rows=Count("pk"), deciles=Count("category_order"), first=Min("pk"))
        .order_by()
    )
    for row in rows:
        result[row["indicator_id"]].append(row)
    return result


def choose_slice(indicator: Indicator, groups: list[dict], requested=None) -> Slice:
    """The slice to show: the reader's choice (``requested``: sex, age, deprivation) when the data has it, else the
    editor's, else the defaults."""
    requested = requested or {}
    sexes = Counter()
    for group in groups:
        sexes[group["sex"]] += group["rows"]
    sex = _pick(sexes, requested.get("sex", ""), indicator.headline_sex, DEFAULT_SEX)
    ages = Counter()
    for group in groups:
        if group["sex"] == sex:
            ages[group["age"]] += group["rows"]
    age = _pick(ages, requested.get("age", ""), indicator.headline_age, DEFAULT_AGE)
    first_seen = {}
    for group in groups:
        if group["deciles"] and group["category_type"]:
            name = group["category_type"]
            first_seen[name] = min(first_seen.get(name, group["first"]), group["first"])
    deprivations = sorted(first_seen, key=first_seen.get)
    chosen = next(
        (
            candidate
            for candidate in (requested.get("deprivation", ""), indicator.inequality_category_type)
            if candidate and candidate in first_seen
        ),
        "",
    )
    return Slice(
        sex=sex,
        age=age,
        deprivation=chosen or (deprivations[0] if deprivations else ""),
        sexes=sorted(sexes, key=lambda item: (item != DEFAULT_SEX, item)),
        ages=sorted(ages, key=lambda item: (item != DEFAULT_AGE, item)),
        deprivations=deprivations,
        deprivation_is_default=not chosen or chosen == indicator.inequality_category_type,
    )


def _shown_areas(codes: list[str]) -> Q:
    return Q(area__area_type=Area.AreaType.ENGLAND) | Q(area__code__in=codes)


def headline_values(indicator: Indicator, chosen: Slice, area_codes: list[str]) -> list[IndicatorValue]:
    """Totals of the chosen sex and age for England and the given areas, oldest period first, in one query."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator, category_type="", sex=chosen.sex, age=chosen.age)
        .filter(_shown_areas(area_codes))
        .select_related("area")
        .order_by("period_sort", "period")
    )


def latest_by_indicator_and_area(values: list[IndicatorValue]) -> dict:
    """{(indicator_id, area_id): latest IndicatorValue}."""
    latest = {}
    for value in values:  # ordered oldest first, so later periods overwrite earlier ones
        latest[(value.indicator_id, value.area_id)] = value
    return latest


def comparison_text(comparison: str) -> str:
    return {
        "better": _("better than England"),
        "worse": _("worse than England"),
        "similar": _("similar to England"),
        "higher": _("higher than England"),
        "lower": _("lower than England"),
    }.get(comparison, _("not compared"))


def amount_text(amount: float, unit: str) -> str:
    """A difference with its unit: percentage points for a percentage, never a signed "%"."""
    size = format_value(abs(amount))
    if unit.strip() == "%":
        return _("%(size)s percentage points") % {"size": size}
    return f"{size} {unit}".strip()


def gap_sentence(amount: float | None, unit: str, where: str) -> str:
    """e.g. "17.5 percentage points higher in the most deprived decile"."""
    if amount is None:
        return ""
    if round(amount, 1) == 0:
        return _("no difference")
    if amount > 0:
        return _("%(amount)s higher %(where)s") % {"amount": amount_text(amount, unit), "where": where}
    return _("%(amount)s lower %(where)s") % {"amount": amount_text(amount, unit), "where": where}


def chosen_slice(indicator: Indicator, requested=None) -> Slice:
    """The breakdown an indicator page shows for the reader's request. The data's breakdowns are one query, kept per
    content version (an import moves it on: ``hub.cache.invalidate``)."""
    key = f"chec:indicator-breakdowns:{page_cache.version()}:{indicator.pk}"
    groups = cache.get(key)
    if groups is None:
        groups = breakdowns([indicator.pk]).get(indicator.pk, [])
        cache.set(key, groups, settings.FRAGMENT_CACHE_SECONDS)
    return choose_slice(indicator, groups, requested)


def indicator_report(indicator: Indicator, requested=None, chosen: Slice | None = None) -> dict:
    codes = partner_area_codes()
    if chosen is None:
        chosen = chosen_slice(indicator, requested)
    values = headline_values(indicator, chosen, codes)
    areas: dict[int, Area] = {}
    for value in values:
        areas.setdefault(value.area_id, value.area)
    ordered_areas = sorted(areas.values(), key=lambda area: (area.area_type != Area.AreaType.ENGLAND, area.name))
    england = next((area for area in ordered_areas if area.area_type == Area.AreaType.ENGLAND), None)
    unit = indicator.unit.strip()
    unit_suffix = f" {unit}" if unit and unit != "%" else unit

    # Latest value for each partner ICS against England.
    latest = latest_by_indicator_and_area(values)
    england_latest = latest.get((indicator.pk, england.pk)) if england else None
    comparison_rows = []
    for area in ordered_areas:
        value = latest.get((indicator.pk, area.pk))
        if value is None:
            continue
        comparison = (
            "benchmark"
            if area == england
            else compare_with_benchmark(
                value.value,
                value.lower_ci,
                value.upper_ci,
                england_latest.value if england_latest else None,
                indicator.polarity,
            )
        )
        comparison_rows.append({"area": area, "value": value, "comparison": comparison})
    comparison_chart = None
    if comparison_rows:
        items = [
            {
                "label": row["area"].name,
                "value": row["value"].value,
                "lower": row["value"].lower_ci,
                "upper": row["value"].upper_ci,
                "highlight": row["area"] == england,
                "comparison": row["comparison"],
            }
            for row in comparison_rows
        ]
        summary = "; ".join(
            f"{row['area'].name} {format_value(row['value'].value)}{unit_suffix} in {row['value'].period}"
            + ("" if row["comparison"] == "benchmark" else f" ({comparison_text(row['comparison'])})")
            for row in comparison_rows
        )
        comparison_chart = bar_chart(
            f"{indicator.slug}-latest",
            _("%(name)s: latest value by area") % {"name": indicator.name},
            _("Latest values, with 95%% confidence intervals where published: %(summary)s.") % {"summary": summary},
            items,
        )

    # Trend over time for England and each partner ICS.
    periods: list[str] = []
    by_area_period: dict = defaultdict(dict)
    for value in values:
        if value.period not in periods:
            periods.append(value.period)
        by_area_period[value.area_id][value.period] = value.value
    trend_chart = None
    if len(periods) > 1:
        series = [
            {"name": area.name, "values": [by_area_period[area.pk].get(period) for period in periods]}
            for area in ordered_areas
        ]
        trend_chart = line_chart(
            f"{indicator.slug}-trend",
            _("%(name)s: trend from %(first)s to %(last)s")
            % {"name": indicator.name, "first": periods[0], "last": periods[-1]},
            _("A line for each area shows the value in each period; the table below gives the same figures."),
            periods,
            series,
        )
        if not trend_chart["zero_based"]:
            trend_chart["description"] += " " + _("The value axis starts at %(low)s, not at zero.") % {
                "low": f"{trend_chart['axis_low']:,g}"
            }
    trend_rows = [
        {"period": period, "values": [by_area_period[area.pk].get(period) for area in ordered_areas]}
        for period in periods
    ]

    # Inequality within each area across the chosen deprivation decile set, for its latest period.
    decile_values = []
    if chosen.deprivation:
        decile_values = (
            IndicatorValue.objects.filter(
                indicator=indicator,
                category_type=chosen.deprivation,
                sex=chosen.sex,
                age=chosen.age,
                category_order__isnull=False,
            )
            .filter(_shown_areas(codes))
            .select_related("area")
            .order_by("area__name", "period_sort", "category_order")
        )
    latest_deciles: dict[int, dict] = {}
    for value in decile_values:
        entry = latest_deciles.get(value.area_id)
        if entry is None or value.period_sort > entry["period_sort"]:
            entry = latest_deciles[value.area_id] = {
                "area": value.area,
                "period": value.period,
                "period_sort": value.period_sort,
                "values": [],
            }
        if value.period_sort == entry["period_sort"]:
            entry["values"].append(value)
    inequality = []
    for entry in sorted(latest_deciles.values(), key=lambda item: (item["area"] != england, item["area"].name)):
        points = [
            DecilePoint(order=value.category_order, value=value.value, weight=value.denominator or 1.0)
            for value in entry["values"]
            if value.value is not None
        ]
        gap = deprivation_gap(points)
        sii = slope_index_of_inequality(points)
        chart = bar_chart(
            f"{indicator.slug}-deciles-{entry['area'].code}".lower(),
            _("%(name)s in %(area)s by deprivation decile, %(period)s")
            % {"name": indicator.name, "area": entry["area"].name, "period": entry["period"]},
            (
                _("From the most deprived decile (%(most)s) to the least deprived (%(least)s).")
                % {"most": format_value(gap.most_deprived), "least": format_value(gap.least_deprived)}
                if gap
                else _("Too few deciles to compare.")
            ),
            [
                {
                    "label": value.category or str(value.category_order),
                    "value": value.value,
                    "lower": value.lower_ci,
                    "upper": value.upper_ci,
                }
                for value in entry["values"]
            ],
        )
        inequality.append(
            {
                **entry,
                "gap": gap,
                "gap_text": gap_sentence(gap.absolute, unit, _("in the most deprived decile")) if gap else "",
                "sii": sii,
                "sii_text": gap_sentence(sii, unit, _("at the most deprived end")),
                "chart": chart,
                "fold_table": len(entry["values"]) > DECILE_TABLE_OPEN_ROWS,
            }
        )

    return {
        "slice": chosen,
        "areas": ordered_areas,
        "comparison_rows": comparison_rows,
        "comparison_chart": comparison_chart,
        "periods": periods,
        "trend_rows": trend_rows,
        "trend_chart": trend_chart,
        "inequality": inequality,
    }


def latest_partner_values(indicators: list[Indicator]) -> dict:
    """For a driver page: {"areas": [...], "rows": [{"indicator", "cells": [value or None per area]}]}, 2 queries.

    Each indicator's values are those of its own headline sex and age.
    """
    codes = partner_area_codes()
    values = []
    if indicators:
        groups = breakdowns([indicator.pk for indicator in indicators])
        slices = Q(pk__in=[])
        for indicator in indicators:
            chosen = choose_slice(indicator, groups.get(indicator.pk, []))
            slices |= Q(indicator=indicator, sex=chosen.sex, age=chosen.age)
        values = list(
            IndicatorValue.objects.filter(slices, category_type="")
            .filter(_shown_areas(codes))
            .select_related("area")
            .order_by("period_sort", "period")
        )
    latest = latest_by_indicator_and_area(values)
    areas: dict[int, Area] = {}
    for value in values:
        areas.setdefault(value.area_id, value.area)
    ordered = sorted(areas.values(), key=lambda area: (area.area_type != Area.AreaType.ENGLAND, area.name))
    rows = [
        {"indicator": indicator, "cells": [latest.get((indicator.pk, area.pk)) for area in ordered]}
        for indicator in indicators
    ]
    return {"areas": ordered, "rows": rows}
