"""Accessibility in a real browser: axe-core (WCAG 2.2 A/AA) on one page of every kind, in English and right to left,
at 320, 390 and 1280 px wide, on the admin edit view of one page of each type, plus screenshots at phone (390 px) and
desktop (1280 px) widths in both directions (``artifacts/screenshots/``, not committed).

Every check runs over every discovered target (``discover.py``) and reports all failures at once.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import admin_login

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# axe runs at each of these widths: the smallest phone WCAG's reflow criterion names, a common phone, a desktop.
AXE_VIEWPORTS = {"320": {"width": 320, "height": 700}, **VIEWPORTS}

# Parts of the Wagtail admin left out of the axe run, because they fail inside Wagtail's own widgets, which this
# project cannot change (seen on Wagtail 7.4.4 with axe-core 4.14.1). Only these widgets are left out, not the rules:
# every rule still runs on everything else, so our own panels, field labels and help text must pass.
# docs/quality.md repeats this list.
ADMIN_EXCLUDED_SELECTORS = {
    # Draftail rich text editor: its contenteditable (role="textbox") is named by aria-describedby on the
    # placeholder only, so axe reports aria-input-field-name. The field's <label> is Wagtail's and sits outside it.
    ".Draftail-Editor": "aria-input-field-name inside Wagtail's Draftail rich text editor",
    # Tag field (jQuery UI tag-it): the text box it creates has no label of its own (the field label points at the
    # hidden input that holds the tags), so axe reports label.
    ".tagit": "label on the input that Wagtail's tag widget (tag-it) creates",
    # The minimap (the page outline on the right of the editor) is a scrollable list without tabindex, so axe
    # reports scrollable-region-focusable; its links are focusable and the same headings are in the form.
    ".w-minimap": "scrollable-region-focusable on Wagtail's minimap list",
}


def run_axe(tab, axe_source: str, excluded_selectors=()) -> list[dict]:
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.add_script_tag(content=axe_source)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    context = {"exclude": [[selector] for selector in excluded_selectors]} if excluded_selectors else None
    result = tab.evaluate(
        "async ([context, options]) => await axe.run(context || document, options)", [context, options]
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


@pytest.fixture
def axe_tab(browser):
    """A tab that may inject axe-core despite the page's Content-Security-Policy (only axe is injected)."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-GB", bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(20000)
    yield tab
    context.close()


def public_urls(server) -> list[tuple[str, str, str]]:
    """(kind, direction, url) for every target, in English and, where it exists, in the right-to-left locale."""
    urls = []
    for target in server.targets:
        urls.append((target["kind"], "ltr", target["url"]))
        if target["rtl_url"]:
            urls.append((target["kind"], "rtl", target["rtl_url"]))
    return urls


def test_every_kind_of_page_has_zero_axe_violations_in_both_directions(demo_server, axe_tab, axe_source, artifacts):
    failures = {}
    report = []
    for width, viewport in AXE_VIEWPORTS.items():
        axe_tab.set_viewport_size(viewport)
        for kind, direction, url in public_urls(demo_server):
            response = axe_tab.goto(demo_server.url(url))
            assert response is not None
            expected_status = 404 if kind == "404" else 200
            assert response.status == expected_status, (url, response.status)
            assert axe_tab.get_attribute("html", "dir") == direction, (url, "dir")
            violations = run_axe(axe_tab, axe_source)
            report.append({"kind": kind, "direction": direction, "width": width, "url": url, "violations": violations})
            if violations:
                failures[f"{kind} {direction} {width}px {url}"] = violations
    (artifacts / "axe-public.json").write_text(json.dumps(report, indent=2))
    print(f"axe: {len(report)} public page views checked (3 widths), {len(failures)} with violations")
    assert not failures, json.dumps(failures, indent=2)
    assert any(direction == "rtl" for _, direction, _ in public_urls(demo_server)), "no right-to-left page checked"


def test_admin_edit_view_of_every_page_type_has_zero_axe_violations(demo_server, axe_tab, axe_source, artifacts):
    admin_login(axe_tab, demo_server)
    failures = {}
    report = []
    for target in demo_server.targets:
        if not target["edit_url"]:
            continue
        response = axe_tab.goto(demo_server.url(target["edit_url"]))
        assert response is not None and response.status == 200, target
        axe_tab.wait_for_selector("form[data-edit-form], #page-edit-form, main")
        violations = run_axe(axe_tab, axe_source, ADMIN_EXCLUDED_SELECTORS)
        report.append({"kind": target["kind"], "url": target["edit_url"], "violations": violations})
        if violations:
            failures[f"{target['kind']} {target['edit_url']}"] = violations
    (artifacts / "axe-admin.json").write_text(json.dumps(report, indent=2))
    print(f"axe: {len(report)} admin edit views checked, {len(failures)} with violations")
    assert report
    assert not failures, json.dumps(failures, indent=2)


def test_screenshots_of_every_kind_of_page_without_csp_or_script_errors(demo_server, page, artifacts):
    """Screenshots at phone and desktop widths for people to look at; and the browser reports no error."""
    errors = {}
    count = 0
    for kind, direction, url in public_urls(demo_server):
        for name, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            page.console_errors.clear()
            page.goto(demo_server.url(url), wait_until="networkidle")
            slug = kind.replace(".", "-").replace(":", "-")
            page.screenshot(path=str(artifacts / "screenshots" / f"{slug}-{direction}-{name}.png"), full_page=True)
            count += 1
            # The 404 page's own status shows as a console error; anything else (CSP refusals, scripts) must not.
            reported = [error for error in page.console_errors if not (kind == "404" and "404" in error)]
            if reported:
                errors[f"{kind} {direction} {name} {url}"] = reported
    print(f"screenshots: {count} saved under {artifacts / 'screenshots'}")
    assert not errors, json.dumps(errors, indent=2)
