"""Measures of inequality across deprivation deciles, and comparison with England.

Deciles are numbered 1 (most deprived) to 10 (least deprived), as the importer stores them.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_POINTS_FOR_SII = 5


@dataclass(frozen=True)
class DecilePoint:
    order: int  # 1 = most deprived
    value: float
    weight: float = 1.0  # population (denominator) when known


@dataclass(frozen=True)
class Gap:
    most_deprived: float
    least_deprived: float
    absolute: float  # most deprived minus least deprived
    relative: float | None  # most deprived divided by least deprived


def deprivation_gap(points: list[DecilePoint]) -> Gap | None:
    """The gap between the most and the least deprived decile present; None with fewer than two deciles."""
    usable = sorted((point for point in points if point.value is not None), key=lambda point: point.order)
    if len(usable) < 2:
        return None
    most, least = usable[0].value, usable[-1].value
    return Gap(
        most_deprived=most,
        least_deprived=least,
        absolute=most - least,
        relative=(most / least) if least else None,
    )


def slope_index_of_inequality(points: list[DecilePoint]) -> float | None:
    """The slope index of inequality (SII): the modelled difference between the most and least deprived ends.

    Each decile is placed at the midpoint of its cumulative share of the population, ranked from the most deprived
    (0) to the least deprived (1), and a least-squares line (weighted by population where known) is fitted through
    the values. The SII is the fitted value at the most deprived end minus the fitted value at the least deprived
    end: positive when values are higher in more deprived areas. None with fewer than five deciles.
    """
    usable = sorted((point for point in points if point.value is not None), key=lambda point: point.order)
    if len(usable) < MIN_POINTS_FOR_SII:
        return None
    weights = [point.weight if point.weight and point.weight > 0 else 1.0 for point in usable]
    total = sum(weights)
    ranks, cumulative = [], 0.0
    for weight in weights:
        ranks.append((cumulative + weight / 2) / total)
        cumulative += weight
    mean_x = sum(w * x for w, x in zip(weights, ranks, strict=True)) / total
    mean_y = sum(w * point.value for w, point in zip(weights, usable, strict=True)) / total
    sxx = sum(w * (x - mean_x) ** 2 for w, x in zip(weights, ranks, strict=True))
    if sxx == 0:
        return None
    sxy = sum(w * (x - mean_x) * (point.value - mean_y) for w, x, point in zip(weights, ranks, usable, strict=True))
    slope = sxy / sxx
    return -slope  # value at rank 0 (most deprived) minus value at rank 1 (least deprived)


def compare_with_benchmark(value, lower_ci, upper_ci, benchmark, polarity: str) -> str:
    """Fingertips-style comparison: 'better', 'worse', 'similar', 'higher', 'lower' or 'not compared'.

    Uses the 95% confidence interval: an area is similar when its interval contains the benchmark.
    """
    if value is None or benchmark is None or lower_ci is None or upper_ci is None:
        return "not compared"
    if lower_ci <= benchmark <= upper_ci:
        return "similar"
    higher = lower_ci > benchmark
    if polarity == "higher-better":
        return "better" if higher else "worse"
    if polarity == "higher-worse":
        return "worse" if higher else "better"
    return "higher" if higher else "lower"
