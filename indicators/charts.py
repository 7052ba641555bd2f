"""Server-rendered SVG charts: the geometry is computed here, the markup lives in templates/indicators/charts/.

A small template set rather than a charting library: the charts need no JavaScript, their markup is ours to make
accessible (a title and description on every chart, an HTML table with the same numbers beside it, series told
apart by marker shape and line pattern as well as colour), and they add no dependency.
"""

from __future__ import annotations

import math

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 70
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 10
AXIS_HEIGHT = 30

LINE_HEIGHT = 300
LINE_LEFT = 56
LINE_RIGHT = 16
LINE_TOP = 16
LINE_BOTTOM = 40
MARKERS = ["circle", "square", "triangle", "diamond", "cross"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 5"]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw_step = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step) * step
    ticks, tick = [], start
    while tick <= high + step * 0.001:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(tick, 10))
    return ticks


def format_value(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "no data"
    return f"{value:,.{decimals}f}"


def bar_chart(chart_id: str, title: str, description: str, items: list[dict]) -> dict:
    """Horizontal bars. Each item: label, value, and optional lower/upper (95% CI) and highlight (benchmark)."""
    values = [item["value"] for item in items if item.get("value") is not None]
    uppers = [item["upper"] for item in items if item.get("upper") is not None]
    lowers = [item["lower"] for item in items if item.get("lower") is not None]
    low = min([0.0, *values, *lowers])
    high = max([0.0, *values, *uppers]) or 1.0
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def x(value: float) -> float:
        return LABEL_WIDTH + (value - low) / (high - low) * plot_width

    bars = []
    for index, item in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        bar = {"label": item["label"], "y": y, "text_y": y + BAR_HEIGHT - 4, "highlight": item.get("highlight")}
        if item.get("value") is not None:
            start, end = sorted((x(0 if low <= 0 <= high else low), x(item["value"])))
            bar.update(x=round(start, 1), width=round(max(end - start, 1), 1), value_text=format_value(item["value"]))
            if item.get("lower") is not None and item.get("upper") is not None:
                bar["ci"] = {
                    "x1": round(x(item["lower"]), 1),
                    "x2": round(x(item["upper"]), 1),
                    "y": y + BAR_HEIGHT / 2,
                }
        else:
            bar.update(x=LABEL_WIDTH, width=0, value_text="no data")
        bars.append(bar)
    height = TOP + len(items) * ROW_HEIGHT + AXIS_HEIGHT
    axis_y = TOP + len(items) * ROW_HEIGHT
    return {
        "kind": "bar",
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": height,
        "bars": bars,
        "value_x": WIDTH - VALUE_WIDTH + 6,
        "axis": {
            "y": axis_y,
            "x1": LABEL_WIDTH,
            "x2": LABEL_WIDTH + plot_width,
            "ticks": [{"x": round(x(tick), 1), "label": f"{tick:g}"} for tick in ticks],
        },
        "bar_height": BAR_HEIGHT,
    }


def marker_path(marker: str, x: float, y: float) -> str:
    """An SVG path for a series marker centred on (x, y)."""
    if marker == "circle":
        return f"M{x - 5},{y} a5,5 0 1,0 10,0 a5,5 0 1,0 -10,0 z"
    if marker == "square":
        return f"M{x - 5},{y - 5} h10 v10 h-10 z"
    if marker == "triangle":
        return f"M{x},{y - 6} l6,10 h-12 z"
    if marker == "diamond":
        return f"M{x},{y - 6} l6,6 l-6,6 l-6,-6 z"
    return f"M{x - 5},{y - 5} l10,10 m0,-10 l-10,10"


def line_chart(chart_id: str, title: str, description: str, periods: list[str], series: list[dict]) -> dict:
    """Lines over time. Each series: name and values (a list aligned with periods, None where missing)."""
    values = [value for item in series for value in item["values"] if value is not None]
    low = min([0.0, *values])
    high = max(values) if values else 1.0
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    plot_width = WIDTH - LINE_LEFT - LINE_RIGHT
    plot_height = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = plot_width / max(len(periods) - 1, 1)

    def x(index: int) -> float:
        return round(LINE_LEFT + (index * step if len(periods) > 1 else plot_width / 2), 1)

    def y(value: float) -> float:
        return round(LINE_TOP + plot_height - (value - low) / (high - low) * plot_height, 1)

    lines = []
    for number, item in enumerate(series):
        points = [(x(index), y(value)) for index, value in enumerate(item["values"]) if value is not None]
        marker = MARKERS[number % len(MARKERS)]
        lines.append(
            {
                "name": item["name"],
                "markers": [marker_path(marker, px, py) for px, py in points],
                "path": " ".join(f"{px},{py}" for px, py in points),
                "marker": marker,
                "dash": DASHES[number % len(DASHES)],
                "series_class": f"series-{number % len(MARKERS)}",
            }
        )
    legend_y = LINE_HEIGHT + 8
    for number, line in enumerate(lines):
        legend_x, legend_row_y = LINE_LEFT + (number % 3) * 190, legend_y + (number // 3) * 22
        line["legend"] = {
            "x": legend_x + 12,
            "y": legend_row_y,
            "marker": marker_path(line["marker"], legend_x, legend_row_y),
        }
    height = LINE_HEIGHT + 16 + ((len(lines) + 2) // 3) * 22
    return {
        "kind": "line",
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": height,
        "lines": lines,
        "x_labels": [{"x": x(index), "label": period} for index, period in enumerate(periods)],
        "y_ticks": [{"y": y(tick), "label": f"{tick:g}"} for tick in ticks],
        "plot": {"left": LINE_LEFT, "right": LINE_LEFT + plot_width, "top": LINE_TOP, "bottom": LINE_TOP + plot_height},
    }
