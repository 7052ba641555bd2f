"""Touch targets at the phone Lighthouse emulates (412 x 823 px, touch, device pixel ratio 1.75): axe-core's
``target-size`` rule (WCAG 2.2 SC 2.5.8, at least 24 x 24 px or 24 px apart) on every discovered public page, in
both directions. Lighthouse's accessibility audit found a sidebar link 19 px high and 23 px from its neighbour on a
toolkit page at this width, which the axe runs at 320, 390 and 1280 px (test_accessibility.py) did not."""

from __future__ import annotations

from tests.e2e.test_accessibility import public_urls

LIGHTHOUSE_PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75}


def test_touch_targets_are_big_enough_on_lighthouses_phone(demo_server, browser, axe_source):
    context = browser.new_context(**LIGHTHOUSE_PHONE, is_mobile=True, has_touch=True, locale="en-GB", bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(20000)
    failures = {}
    try:
        for kind, direction, url in public_urls(demo_server):
            tab.goto(demo_server.url(url))
            tab.add_script_tag(content=axe_source)
            result = tab.evaluate(
                "async () => await axe.run(document, {runOnly: {type: 'rule', values: ['target-size']},"
                " resultTypes: ['violations']})"
            )
            nodes = [node["target"] for violation in result["violations"] for node in violation["nodes"]]
            if nodes:
                failures[f"{kind} ({direction}) {url}"] = nodes[:5]
    finally:
        context.close()
    assert not failures, "\n".join(f"{where}: {nodes}" for where, nodes in failures.items())
