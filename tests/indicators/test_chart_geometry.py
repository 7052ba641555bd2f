"""The geometry of the server-rendered charts keeps every text inside the drawing (issue 13).

Widths are checked against DejaVu Sans, the widest common sans-serif font and the one Debian's Chromium uses when
none of the site's fonts is installed (its digits are 0.636 em wide, "England" 4.06 em): the browser test
tests/e2e/test_indicator_charts.py measures the rendered text at 320, 390 and 1280 px."""

from indicators.charts import EDGE, FONT_SIZE, WIDTH, bar_chart, line_chart, text_width, wrap

ROUNDING = 0.05  # positions are rounded to a tenth of a unit


def test_text_widths_are_never_short_of_dejavu_sans():
    assert text_width("0") >= 0.636 * FONT_SIZE
    assert text_width("England") >= 4.06 * FONT_SIZE
    assert text_width("England", bold=True) > text_width("England")
    assert text_width("Łódź") > 0  # characters outside the table count too


def test_latest_values_chart_keeps_tick_labels_values_and_names_inside():
    items = [
        {"label": "England", "value": 3.9, "lower": 3.8, "upper": 4.0, "highlight": True, "comparison": "benchmark"},
        {"label": "NHS Birmingham and Solihull Integrated Care Board", "value": 5.2, "comparison": "worse"},
        {"label": "Somewhere", "value": 12_345_678.9, "comparison": "not compared"},
    ]
    chart = bar_chart("test", "Title", "Description", items)
    first_tick, last_tick = chart["axis"]["ticks"][0], chart["axis"]["ticks"][-1]
    assert first_tick["x"] - text_width(first_tick["label"]) / 2 >= EDGE - ROUNDING
    assert last_tick["x"] + text_width(last_tick["label"]) / 2 <= WIDTH - EDGE + ROUNDING
    for bar in chart["bars"]:
        assert bar["value_x"] + text_width(bar["value_text"]) <= WIDTH - EDGE + ROUNDING, bar["value_text"]
        for line in bar["label_lines"]:
            bold = bar["label"] == "England"
            assert chart["label_x"] >= EDGE
            assert chart["label_x"] + text_width(line["text"], bold=bold) <= WIDTH - EDGE + ROUNDING, line["text"]
    assert [line["text"] for line in chart["bars"][2]["label_lines"]] == ["Somewhere"]
    assert " ".join(line["text"] for line in chart["bars"][1]["label_lines"]) == items[1]["label"]


def test_trend_chart_keeps_axis_and_period_labels_inside():
    chart = line_chart(
        "trend",
        "Title",
        "Description",
        ["2019/20", "2020/21", "2021/22"],
        [{"name": "England", "values": [10_000.5, 12_000.25, 11_000.0]}],
    )
    for tick in chart["y_ticks"]:
        assert chart["tick_x"] - text_width(tick["label"]) >= EDGE - ROUNDING, tick["label"]
    first, last = chart["x_labels"][0], chart["x_labels"][-1]
    assert first["x"] - text_width(first["label"]) / 2 >= EDGE - ROUNDING
    assert last["x"] + text_width(last["label"]) / 2 <= WIDTH - EDGE + ROUNDING


def test_wrap_splits_words_longer_than_a_line_and_keeps_every_character():
    lines = wrap("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", 120)
    assert len(lines) > 1
    assert all(text_width(line) <= 120 for line in lines)
    assert (
        "".join(line.removesuffix("-") for line in lines)
        == "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    )


def test_the_first_and_last_lines_leave_room_for_tall_fonts():
    """Noto Sans (which Debian's Chromium uses once fonts-noto-core is installed) rises 1.07 em above its baseline
    and falls 0.29 em below it; DejaVu Sans 0.93 and 0.24."""
    chart = bar_chart("test", "Title", "Description", [{"label": "England", "value": 3.9, "highlight": True}])
    assert chart["bars"][0]["label_lines"][0]["y"] >= 1.07 * FONT_SIZE
    assert chart["axis"]["label_y"] + 0.29 * FONT_SIZE <= chart["height"]
    trend = line_chart("trend", "Title", "Description", ["2019", "2020"], [{"name": "England", "values": [1, 2]}])
    top_tick = min(tick["y"] for tick in trend["y_ticks"])
    assert top_tick - (1.07 + 0.29) / 2 * FONT_SIZE >= 0  # centred on its tick (dominant-baseline: middle)
