"""The public front door in a real browser (issue 14): the header search, the keyboard journey from the home page's
search box to a result, listings on a phone, the menu on a phone, and bad input in the header search.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.test_journeys import require, tab_until

PHONE = {"width": 390, "height": 844}
FIRST_SCREEN = 844  # px: an iPhone 12 to 15's viewport height


def test_keyboard_journey_from_the_home_search_box_to_a_result(demo_server, page):
    page.goto(demo_server.url("/"))
    tab_until(page, lambda element: element["id"] == "home-search-q")
    page.keyboard.type("readiness")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=readiness"))
    result = tab_until(
        page,
        lambda element: (
            element["tag"] == "a" and (element["href"] or "").startswith("/toolkit/child-health-equity-readiness-tool/")
        ),
        limit=120,
    )
    assert result["outline"] or result["shadow"], "no visible focus style on the result"
    page.keyboard.press("Enter")
    page.wait_for_url(demo_server.url(urlsplit(result["href"]).path))
    assert page.locator("h1").inner_text() == "Child Health Equity Readiness Tool"


@pytest.mark.parametrize("kind", ["casestudies.CaseStudyIndexPage", "toolkit.ToolkitIndexPage"])
def test_on_a_phone_the_count_and_the_first_result_are_on_the_first_screen(demo_server, browser, kind):
    url = require(demo_server, kind, "the faceted listing")["url"]
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    tab = context.new_page()
    try:
        tab.goto(demo_server.url(url))
        count = tab.locator("#results-heading").bounding_box()
        first = tab.locator(".listing-results .card-list__item .card__title").first.bounding_box()
        assert count is not None and first is not None
        assert count["y"] + count["height"] <= FIRST_SCREEN
        assert first["y"] + first["height"] <= FIRST_SCREEN, f"first result's title ends at {first}"
        # The filters are one closed disclosure: the checkboxes are not on the first screen, one tap opens them.
        assert not tab.locator("form.filters input[type=checkbox]").first.is_visible()
        tab.locator(".filters-disclosure__summary").click()
        assert tab.locator("form.filters input[type=checkbox]").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["casestudies.CaseStudyIndexPage", "toolkit.ToolkitIndexPage"])
def test_on_a_wide_screen_a_short_list_of_results_starts_under_the_count(demo_server, browser, kind):
    """The filter column is taller than a few results; it must not push them down (it did: a 400 px gap under the
    count on the demo's four case studies). The text about the listing shows once, under the filters."""
    url = require(demo_server, kind, "the faceted listing")["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    try:
        tab.goto(demo_server.url(url))
        count = tab.locator("#results-heading").bounding_box()
        first = tab.locator(".listing-results .card-list__item").first.bounding_box()
        filters = tab.locator(".listing__filters").bounding_box()
        assert count is not None and first is not None and filters is not None
        assert first["y"] - (count["y"] + count["height"]) < 100, (count, first)
        about = tab.locator(".listing__about")
        visible = [index for index in range(about.count()) if about.nth(index).is_visible()]
        assert len(visible) == 1
        about_box = about.nth(visible[0]).bounding_box()
        assert about_box["x"] + about_box["width"] <= first["x"]  # in the filter column, not under the results
    finally:
        context.close()


def test_on_a_phone_the_menu_is_one_button_and_opens_without_javascript(demo_server, browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(demo_server.url("/"))
        assert tab.locator(".main-nav__toggle").is_visible()
        assert not tab.locator(".main-nav__link").first.is_visible()
        tab.locator(".main-nav__toggle").click()
        assert tab.locator(".main-nav__link").first.is_visible()
        # The header search works without JavaScript too.
        tab.fill("#header-search-q", "voice")
        tab.locator(".header-search__button").click()
        tab.wait_for_url(re.compile(r".*/search/\?q=voice"))
        assert tab.locator("h1").inner_text() == "Search"
    finally:
        context.close()


@pytest.mark.parametrize(
    "query", ["", " ", "x" * 3000, "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "\u202e\u0000%00"]
)
def test_the_header_search_takes_empty_huge_and_hostile_queries_like_the_search_page(demo_server, page, query):
    page.goto(demo_server.url("/toolkit/"))
    page.evaluate(
        "(value) => { const input = document.getElementById('header-search-q'); input.removeAttribute('maxlength');"
        " input.value = value; }",
        query,
    )
    with page.expect_navigation() as navigation:
        page.locator(".header-search__button").click()
    response = navigation.value
    direct = page.request.get(demo_server.url("/search/?q=" + quote(query)))
    # The same answer as /search/ itself, never a server error: 200, or for an address longer than the server
    # takes (5,000 characters), gunicorn's 414 before Django sees it.
    assert response is not None and response.status == direct.status, (query[:40], response and response.status)
    assert response.status == 200 or (len(query) > 4000 and response.status == 414), response.status
    assert urlsplit(page.url).path == "/search/"
    assert "<script>alert(1)</script>" not in page.content()  # shown escaped, never run
