"""Server-rendered SVG charts: the geometry is computed here, the markup lives in templates/indicators/charts/.

A small template set rather than a charting library: the charts need no JavaScript, their markup is ours to make
accessible (a title and description on every chart, an HTML table with the same numbers beside it, series told
apart by marker shape and line pattern as well as colour, comparisons in words as well as colour), and they add no
dependency.

Sized for phones first: the drawing is 400 units wide and its text 16 units, so on a 390 px wide screen (about
358 px for the chart) the text renders at about 14 px, the size of the site's small print, and the chart grows only
a little on wider screens (``.chart`` in main.css caps it). Text is never cut: long names wrap onto more lines, and
axis labels are thinned rather than overlapped. The width of a text is estimated from the advance widths of its
characters in DejaVu Sans (``text_width``): the widest of the common sans-serif fonts, and the one a Linux browser
falls back to when none of the site's fonts is installed, so the estimate is never short for the fonts of the
site's stack (San Francisco, Segoe UI, Roboto, Helvetica, Arial, Noto Sans), which are all narrower. Every text
keeps ``EDGE`` units from the sides of the drawing, and the first line leaves room for tall fonts' ascent (``TOP``).
"""

from __future__ import annotations

import math
import unicodedata

WIDTH = 400
FONT_SIZE = 16
EDGE = 2  # units kept free at the left and right of the drawing (a glyph's ink may reach past its advance)
LINE = 20  # height of a line of text
# Room above the first line of text: fonts' ascents differ (DejaVu Sans 0.93 em, Noto Sans 1.07 em), so the first
# baseline sits at least 1.15 em below the top of the drawing.
TOP = 4
BAR_HEIGHT = 18
ROW_GAP = 10
AXIS_HEIGHT = 30
GAP = 8

LINE_PLOT_HEIGHT = 200
LINE_TOP = 14  # the top tick label is centred on the top of the plot: half a line of room above it
MARKERS = ["circle", "square", "triangle", "diamond", "cross"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 5"]

# Bars are coloured by their comparison with England; the word is always written beside the value too.
COMPARISON_COLOURS = {
    "better": "#00703c",
    "worse": "#d4351c",
    "similar": "#505a5f",
    "higher": "#1d70b8",
    "lower": "#003078",
    "benchmark": "#0b0c0c",
}
COMPARISON_WORDS = {
    "better": "better",
    "worse": "worse",
    "similar": "similar",
    "higher": "higher",
    "lower": "lower",
    "benchmark": "England",
    "not compared": "not compared",
}


# Advance widths in thousandths of an em of the printable ASCII characters, from space to tilde, in DejaVu Sans
# (Book and Bold; read from the fonts' hmtx tables). Other characters count as OTHER_WIDTH, or WIDE_WIDTH when
# they are wide (CJK).
_ADVANCES = (
    "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 636 636 636 636 337 "
    "337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 557 863 748 787 603 787 695 635 611 732 "
    "684 989 685 611 685 390 337 390 838 500 500 613 635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 "
    "635 411 521 392 634 592 818 592 592 525 636 337 636 838"
)
_BOLD_ADVANCES = (
    "348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 696 696 696 696 400 "
    "400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 637 995 837 850 733 850 770 720 682 812 "
    "774 1103 771 724 725 457 365 457 838 500 500 675 716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 "
    "716 493 595 478 712 652 924 645 652 582 712 365 712 838"
)
ADVANCES = {chr(32 + index): int(width) / 1000 for index, width in enumerate(_ADVANCES.split())}
BOLD_ADVANCES = {chr(32 + index): int(width) / 1000 for index, width in enumerate(_BOLD_ADVANCES.split())}
OTHER_WIDTH = 0.8
WIDE_WIDTH = 1.0


def text_width(text: str, bold: bool = False) -> float:
    """The width of ``text`` in units at FONT_SIZE, on the generous side (see the module's docstring)."""
    table = BOLD_ADVANCES if bold else ADVANCES
    ems = 0.0
    for character in text:
        width = table.get(character)
        if width is None:
            width = WIDE_WIDTH if unicodedata.east_asian_width(character) in "WF" else OTHER_WIDTH
        ems += width
    return ems * FONT_SIZE


def wrap(text: str, width: float, bold: bool = False) -> list[str]:
    """Words on as many lines as needed to fit ``width`` units; a word longer than a line is split."""
    lines, current = [], ""
    for word in text.split():
        while text_width(word, bold) > width:
            if current:
                lines.append(current)
                current = ""
            cut = max(
                (end for end in range(1, len(word)) if text_width(word[:end] + "-", bold) <= width),
                default=1,
            )
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if text_width(candidate, bold) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw_step = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step + 1e-9) * step
    ticks, tick = [], start
    while tick <= high + step * 0.001:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(tick, 10))
    return ticks


def tick_label(tick: float) -> str:
    return f"{tick:,.10g}" if abs(tick) < 1e15 else f"{tick:,.0f}"


def format_value(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "no data"
    return f"{value:,.{decimals}f}"


def axis_range(values: list[float], include_zero: bool) -> tuple[float, float, list[float]]:
    """The value axis: from zero when ``include_zero`` or when the values reach near it, else around the values."""
    if not values:
        return 0.0, 1.0, [0.0, 1.0]
    low, high = min(values), max(values)
    if include_zero or low <= 0 <= high or (low > 0 and low < 0.5 * high) or (high < 0 and high > 0.5 * low):
        low, high = min(low, 0.0), max(high, 0.0)
    elif low == high:
        low, high = low - abs(low) * 0.1 - 1, high + abs(high) * 0.1 + 1
    else:
        padding = (high - low) * 0.1
        low, high = low - padding, high + padding
    ticks = nice_ticks(low, high)
    return ticks[0], ticks[-1], ticks


def bar_chart(chart_id: str, title: str, description: str, items: list[dict]) -> dict:
    """Horizontal bars, each under its label (wrapped, never cut).

    Each item: label, value, optional lower/upper (95% CI), comparison (a key of COMPARISON_WORDS: the bar's colour
    and the word beside the value) and highlight (the benchmark).
    """
    values = [item["value"] for item in items if item.get("value") is not None]
    limits = [item[key] for item in items for key in ("lower", "upper") if item.get(key) is not None]
    low, high, ticks = axis_range(values + limits, include_zero=True)  # bar lengths must start at zero
    value_texts = []
    for item in items:
        text = format_value(item.get("value"))
        if item.get("comparison") and item.get("value") is not None:
            text += " " + COMPARISON_WORDS.get(item["comparison"], item["comparison"])
        value_texts.append(text)
    # The value text follows the bar (GAP / 2 after it) and must end EDGE units before the drawing's edge; the tick
    # labels are centred on their ticks, so the first and last need half their width free beyond the plot.
    # (No cap: a long value text makes the bars shorter, never runs off the drawing.)
    value_width = max(text_width(text) for text in value_texts) + GAP / 2 + EDGE if items else 0
    tick_room = text_width(tick_label(ticks[-1])) / 2 + EDGE
    plot_left, plot_right = text_width(tick_label(ticks[0])) / 2 + EDGE, WIDTH - value_width
    plot_right = min(plot_right, WIDTH - tick_room)

    def x(value: float) -> float:
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    bars, y = [], float(TOP)
    for item, value_text in zip(items, value_texts, strict=True):
        label_lines = []
        for line_text in wrap(item["label"], WIDTH - 2 * EDGE, bold=bool(item.get("highlight"))):
            y += LINE
            label_lines.append({"y": round(y - 5, 1), "text": line_text})
        bar_y = y + 4
        comparison = item.get("comparison") or ("benchmark" if item.get("highlight") else "")
        bar = {
            "label": item["label"],
            "label_lines": label_lines,
            "y": round(bar_y, 1),
            "text_y": round(bar_y + BAR_HEIGHT - 4, 1),
            "highlight": item.get("highlight"),
            "value_text": value_text,
            "colour": COMPARISON_COLOURS.get(comparison),
        }
        if item.get("value") is not None:
            start, end = sorted((x(0 if low <= 0 <= high else low), x(item["value"])))
            bar.update(x=round(start, 1), width=round(max(end - start, 1), 1))
            if item.get("lower") is not None and item.get("upper") is not None:
                bar["ci"] = {
                    "x1": round(x(item["lower"]), 1),
                    "x2": round(x(item["upper"]), 1),
                    "y": round(bar_y + BAR_HEIGHT / 2, 1),
                }
            bar["value_x"] = round(max(end, x(item.get("upper") or item["value"])) + GAP / 2, 1)
        else:
            bar.update(x=plot_left, width=0, value_x=plot_left)
        bars.append(bar)
        y = bar_y + BAR_HEIGHT + ROW_GAP
    axis_y = y
    return {
        "kind": "bar",
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": round(axis_y + AXIS_HEIGHT, 1),
        "font_size": FONT_SIZE,
        "bars": bars,
        "axis": {
            "y": round(axis_y, 1),
            "label_y": round(axis_y + LINE, 1),
            "x1": round(plot_left, 1),
            "x2": round(plot_right, 1),
            "ticks": [{"x": round(x(tick), 1), "label": tick_label(tick)} for tick in ticks],
        },
        "bar_height": BAR_HEIGHT,
        "label_x": EDGE,
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
    """Lines over time. Each series: name and values (a list aligned with periods, None where missing).

    The value axis starts at zero only when the values come near it, so lines far from zero are not flattened;
    ``zero_based`` says which (the page says so when it is not).
    """
    values = [value for item in series for value in item["values"] if value is not None]
    low, high, ticks = axis_range(values, include_zero=False)
    labels = [tick_label(tick) for tick in ticks]
    left = max(text_width(label) for label in labels) + GAP + EDGE  # labels end GAP before the axis (clear of markers)
    first_half = text_width(periods[0]) / 2 if periods else 0
    last_half = text_width(periods[-1]) / 2 if periods else 0
    left = max(left, first_half + EDGE)
    right = WIDTH - max(last_half + EDGE, 6)
    top, bottom = LINE_TOP, LINE_TOP + LINE_PLOT_HEIGHT
    step = (right - left) / max(len(periods) - 1, 1)

    def x(index: int) -> float:
        return round(left + (index * step if len(periods) > 1 else (right - left) / 2), 1)

    def y(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - top), 1)

    # Period labels: every k-th (always the last), so that no two overlap.
    widest = max((text_width(period) for period in periods), default=0) + GAP
    every = max(1, math.ceil(widest / step)) if len(periods) > 1 else 1
    shown = set(range(len(periods) - 1, -1, -every))
    x_labels = [{"x": x(index), "label": period} for index, period in enumerate(periods) if index in shown]

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
    legend_y = bottom + LINE + 2 + LINE  # below the period labels
    for line in lines:
        name_lines = wrap(line["name"], WIDTH - 44 - EDGE)
        line["legend"] = {
            "x": 44,
            "lines": [{"y": round(legend_y + index * LINE, 1), "text": text} for index, text in enumerate(name_lines)],
            "marker": marker_path(line["marker"], 12, legend_y - 5),
            "dash_x1": 2,
            "dash_x2": 36,
            "dash_y": round(legend_y - 5, 1),
        }
        legend_y += LINE * len(name_lines) + 6
    return {
        "kind": "line",
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": round(legend_y, 1),
        "font_size": FONT_SIZE,
        "lines": lines,
        "x_labels": x_labels,
        "x_label_y": bottom + LINE + 2,
        "tick_x": round(left - GAP, 1),
        "y_ticks": [{"y": y(tick), "label": label} for tick, label in zip(ticks, labels, strict=True)],
        "zero_based": low <= 0 <= high,
        "axis_low": low,
        "plot": {"left": round(left, 1), "right": round(right, 1), "top": top, "bottom": bottom},
    }
