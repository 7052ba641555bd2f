"""What an indicator page shows, gathered in a fixed number of queries whatever the number of values."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from hub.models import IntegratedCareSystem
from indicators.models.data import Area, Indicator, IndicatorValue

from .charts import bar_chart, format_value, line_chart
from .stats import DecilePoint, compare_with_benchmark, deprivation_gap, slope_index_of_inequality

HEADLINE = Q(category_type="") & (Q(sex="Persons") | Q(sex=""))


def partner_area_codes() -> list[str]:
    """ONS codes of the partner ICSs (set on the ICS snippets), in name order."""
    codes = IntegratedCareSystem.objects.exclude(ons_code="").order_by("name").values_list("ons_code", flat=True)
    return list(dict.fromkeys(codes))


def headline_values(indicators, area_codes: list[str]) -> list[IndicatorValue]:
    """Totals (no breakdown) for England and the given areas, oldest period first, in one query."""
    return list(
        IndicatorValue.objects.filter(HEADLINE, indicator__in=indicators)
        .filter(Q(area__area_type=Area.AreaType.ENGLAND) | Q(area__code__in=area_codes))
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


def indicator_report(indicator: Indicator) -> dict:
    codes = partner_area_codes()
    values = headline_values([indicator], codes)
    areas: dict[int, Area] = {}
    for value in values:
        areas.setdefault(value.area_id, value.area)
    ordered_areas = sorted(areas.values(), key=lambda area: (area.area_type != Area.AreaType.ENGLAND, area.name))
    england = next((area for area in ordered_areas if area.area_type == Area.AreaType.ENGLAND), None)
    unit = f" {indicator.unit}" if indicator.unit and indicator.unit != "%" else indicator.unit

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
            }
            for row in comparison_rows
        ]
        summary = "; ".join(
            f"{row['area'].name} {format_value(row['value'].value)}{unit} in {row['value'].period}"
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
    trend_rows = [
        {"period": period, "values": [by_area_period[area.pk].get(period) for area in ordered_areas]}
        for period in periods
    ]

    # Inequality within each area across deprivation deciles, for the latest period that has deciles.
    decile_values = (
        IndicatorValue.objects.filter(indicator=indicator, category_order__isnull=False)
        .filter(Q(area__area_type=Area.AreaType.ENGLAND) | Q(area__code__in=codes))
        .filter(Q(sex="Persons") | Q(sex=""))
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
        inequality.append({**entry, "gap": gap, "sii": sii, "chart": chart})

    return {
        "areas": ordered_areas,
        "comparison_rows": comparison_rows,
        "comparison_chart": comparison_chart,
        "periods": periods,
        "trend_rows": trend_rows,
        "trend_chart": trend_chart,
        "inequality": inequality,
    }


def latest_partner_values(indicators: list[Indicator]) -> dict:
    """For a driver page: {"areas": [...], "rows": [{"indicator", "cells": [value or None per area]}]}, 1 query."""
    codes = partner_area_codes()
    values = headline_values(indicators, codes) if indicators else []
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
