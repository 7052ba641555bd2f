"""Indicator charts on a phone and a desktop: at 320, 390 and 1280 px wide no chart text renders smaller than
11 CSS px, none is cut or overflows its chart, and labels on one line do not overlap (measured from the SVG text's
bounding boxes), on every indicator page of the demo."""

import itertools
import re

import pytest

MEASURE = """() => Array.from(document.querySelectorAll("svg.chart")).map((svg) => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    return {
        id: svg.querySelector("title").id,
        texts: Array.from(svg.querySelectorAll("text")).map((text) => {
            const rect = text.getBoundingClientRect();
            return {
                text: text.textContent,
                px: parseFloat(getComputedStyle(text).fontSize) * scale,
                left: rect.left - box.left, right: rect.right - box.left,
                top: rect.top - box.top, bottom: rect.bottom - box.top,
                anchor: text.getAttribute("text-anchor"), y: text.getAttribute("y"),
            };
        }),
        width: box.width, height: box.height,
    };
})"""

WIDTHS = {320: "phone-320", 390: "phone", 1280: "desktop"}


def chart_problems(charts: list[dict], viewport: int) -> list[str]:
    problems = []
    for chart in charts:
        if chart["width"] > viewport:
            problems.append(f"{chart['id']} is {chart['width']:.0f} px wide")
        for text in chart["texts"]:
            where = f"{chart['id']}: {text['text']!r}"
            if text["px"] < 11:
                problems.append(f"{where} renders at {text['px']:.1f} px")
            if "…" in text["text"] or "..." in text["text"]:
                problems.append(f"{where} is cut")
            if text["left"] < -0.5 or text["right"] > chart["width"] + 0.5:
                problems.append(f"{where} overflows sideways ({text['left']:.1f} to {text['right']:.1f})")
            if text["top"] < -0.5 or text["bottom"] > chart["height"] + 0.5:
                problems.append(f"{where} overflows ({text['top']:.1f} to {text['bottom']:.1f})")
        # Labels on one line of the x axis must not overlap one another.
        rows = {}
        for text in chart["texts"]:
            if text["anchor"] == "middle":
                rows.setdefault(text["y"], []).append(text)
        for row in rows.values():
            row.sort(key=lambda text: text["left"])
            for before, after in itertools.pairwise(row):
                if before["right"] > after["left"] + 0.5:
                    problems.append(f"{chart['id']}: {before['text']} overlaps {after['text']}")
    return problems


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_indicator_charts_are_readable(demo_server, browser, artifacts, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=2, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(demo_server.url("/data/"))
        paths = sorted(
            {
                re.sub(r"^https?://[^/]+", "", href)
                for href in tab.eval_on_selector_all("main a[href]", "links => links.map(link => link.href)")
                if re.search(r"/data/[^/]+/$", href) and "/download/" not in href
            }
        )
        assert len(paths) >= 3, f"the demo's indicator pages, found {paths}"
        names = [name for (name,) in demo_server.query("SELECT name FROM indicators_area")]
        problems = []
        for path in paths:
            tab.goto(demo_server.url(path))
            charts = tab.evaluate(MEASURE)
            if path == "/data/infant-mortality-rate/":
                assert len(charts) >= 3, "the latest values, the trend and the deciles"
                tab.screenshot(path=str(artifacts / "screenshots" / f"indicator-{WIDTHS[width]}.png"), full_page=True)
            problems += [f"{path} at {width} px: {problem}" for problem in chart_problems(charts, width)]
            # Every area's name is there whole (wrapped lines joined), never truncated.
            words = " ".join(text["text"] for chart in charts for text in chart["texts"])
            content = tab.content()
            for name in names:
                if name in content and not all(word in words for word in name.split()):
                    problems.append(f"{path} at {width} px: {name!r} is not whole in the charts")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
