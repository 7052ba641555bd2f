"""What users do, in a real browser against the live demo site: by keyboard only, and through the main journeys.

Every journey finds its subject in the demo content (``load_demo``); if the demo loses it (a page type, a report with
chapters, a toolkit with several files), the journey fails and says what is missing, rather than skipping: a skip
would pass in CI and leave the feature untested.
"""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import admin_login


def focused(tab) -> dict:
    return tab.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
                text: (el.textContent || '').trim(), type: el.getAttribute('type'), name: el.getAttribute('name'),
                outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
                shadow: style.boxShadow !== 'none',
            };
        }"""
    )


def tab_until(tab, predicate, limit=80) -> dict:
    """Press Tab until the focused element satisfies predicate; fail after limit presses."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        element = focused(tab)
        if predicate(element):
            return element
    pytest.fail("never reached the element by pressing Tab")


def focus_is_inside(tab, selector: str) -> bool:
    return tab.evaluate("(selector) => !!document.activeElement.closest(selector)", selector)


def require(server, kind: str, feature: str) -> dict:
    target = server.target(kind)
    if target is None:
        pytest.fail(f"{feature}: no live {kind} in the demo content (load_demo must make one)")
    return target


# --- keyboard only ------------------------------------------------------------------------------------------------


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(demo_server, page):
    page.goto(demo_server.url("/"))
    page.keyboard.press("Tab")
    element = focused(page)
    assert "skip-link" in element["cls"] and element["href"] == "#main-content"
    assert page.locator(".skip-link").is_visible()  # visible when focused
    assert element["outline"] or element["shadow"], "no visible focus style"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_main_menu_works_from_the_keyboard(demo_server, page):
    page.goto(demo_server.url("/"))
    element = tab_until(page, lambda element: element["tag"] == "a" and "main-nav__link" in str(element["cls"]))
    assert element["outline"] or element["shadow"], "no visible focus style on the menu link"
    target = element["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(demo_server.url(target))
    assert page.locator(f'.main-nav a[href="{target}"][aria-current]').count() == 1


def test_language_switcher_works_from_the_keyboard_and_turns_the_page_right_to_left(demo_server, page):
    home = require(demo_server, "home.HomePage", "the language switcher")
    assert home["rtl_url"], "the demo has no live right-to-left (Urdu) translation of the home page"
    page.goto(demo_server.url("/"))
    tab_until(page, lambda element: element["tag"] == "a" and urlsplit(element["href"] or "").path == home["rtl_url"])
    assert focus_is_inside(page, ".language-switcher")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_server.url(home["rtl_url"]))
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ur"


RESULTS = ".listing-results .card-list__item"
PAGE_SIZE = 12  # hub.listing.PAGE_SIZE


def option_count(page, checkbox_id: str) -> int:
    """The number of results a filter option promises, from its label: "South Yorkshire (3)"."""
    text = page.locator(f'label[for="{checkbox_id}"] .filters__count').inner_text()
    return int(text.strip("() "))


@pytest.mark.parametrize("kind", ["casestudies.CaseStudyIndexPage", "toolkit.ToolkitIndexPage"])
def test_listing_filters_work_from_the_keyboard(demo_server, page, kind):
    url = require(demo_server, kind, "the faceted listing")["url"]
    page.goto(demo_server.url(url))
    before = page.locator(RESULTS).count()
    assert before > 0, f"{url} lists nothing before filtering"
    checkbox = tab_until(page, lambda element: element["tag"] == "input" and element["type"] == "checkbox")
    expected = option_count(page, checkbox["id"])
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    tab_until(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(demo_server.url(url)) + r"\?.+"))
    query = parse_qs(urlsplit(page.url).query)
    assert query.get(checkbox["name"]), query
    assert page.locator(f'form.filters input[name="{checkbox["name"]}"]:checked').count() == 1
    # The filter did what its label promised: that many results, counted in the heading and shown as cards.
    assert page.locator("#results-heading").inner_text().startswith(f"{expected} "), expected
    assert page.locator(RESULTS).count() == min(expected, PAGE_SIZE)


def test_search_works_from_the_keyboard(demo_server, page):
    search = require(demo_server, "url:search", "site-wide search")
    page.goto(demo_server.url("/"))
    page.goto(demo_server.url(search["url"]))
    tab_until(page, lambda element: element["tag"] == "input" and element["type"] in ("search", "text"))
    page.keyboard.type("health")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*[?&]q=health"))
    assert page.locator("main").inner_text()
    assert page.locator("h1").count() == 1


# --- journeys -----------------------------------------------------------------------------------------------------


def test_reading_a_report_chapter_through_its_contents(demo_server, page):
    reports = require(demo_server, "reports.ReportIndexPage", "reports")
    page.goto(demo_server.url(reports["url"]))
    report_links = page.locator("main a[href^='/reports/']").evaluate_all("links => links.map(l => l.pathname)")
    for link in dict.fromkeys(report_links):
        page.goto(demo_server.url(link))
        if page.locator("nav#contents ol a").count():
            break
    else:
        pytest.fail("no report with chapters in the demo content (load_demo must make one)")
    report_url = page.url
    chapter_link = page.locator("nav#contents ol a").first
    title = chapter_link.inner_text().strip()
    chapter_url = demo_server.url(urlsplit(chapter_link.evaluate("link => link.href")).path)
    chapter_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(chapter_url)
    assert title in page.locator("h1").inner_text()
    # The chapter's own contents: every entry jumps to a heading that exists once.
    anchors = page.locator("nav.contents ol a[href^='#']")
    assert anchors.count(), "the first chapter of the demo report has no contents (no headings)"
    anchor = anchors.first.get_attribute("href")
    anchors.first.click()
    page.wait_for_url(chapter_url + anchor)
    assert page.locator(anchor).count() == 1
    page.get_by_role("link", name=re.compile("Back to report contents")).click()
    page.wait_for_url(report_url.split("#")[0] + "#contents")
    assert page.locator("nav#contents").is_visible()


def test_following_a_short_link(demo_server, page):
    rows = demo_server.query("SELECT code FROM shortlinks_shortlink ORDER BY id LIMIT 1")
    assert rows, "no short link in the demo content (load_demo must make one)"
    response = page.goto(demo_server.url(f"/go/{rows[0][0]}"))
    assert response is not None and response.status == 200
    assert not urlsplit(page.url).path.startswith("/go/")
    assert page.locator("h1").count() == 1


def test_filtering_the_toolkit_index_and_downloading_a_file_and_the_zip(demo_server, page):
    index = require(demo_server, "toolkit.ToolkitIndexPage", "the toolkit")
    page.goto(demo_server.url(index["url"]))
    checkbox = page.locator("form.filters input[type=checkbox]").first
    assert checkbox.count(), "the toolkit index has no filters"
    checkbox.check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r".*\?.+"))
    toolkit_links = page.locator(f"main a[href^='{index['url']}']").evaluate_all("links => links.map(l => l.pathname)")
    toolkit_links = [link for link in dict.fromkeys(toolkit_links) if link != index["url"]]
    assert toolkit_links, "the filtered toolkit index lists no toolkit"
    for link in toolkit_links + [t["url"] for t in demo_server.targets if t["kind"] == "toolkit.ToolkitPage"]:
        page.goto(demo_server.url(link))
        if page.locator("a[href$='download-all/']").count():
            break
    else:
        pytest.fail("no toolkit with more than one file in the demo content (no 'download everything' link)")
    # A single file may open in the browser (PDF, text): fetch it with the page's cookies instead.
    document = page.locator("#downloads a[href*='/documents/']").first.get_attribute("href")
    response = page.request.get(demo_server.url(urlsplit(document).path))
    assert response.status == 200 and len(response.body()) > 0
    link = page.locator("a[href$='download-all/']")
    promised = int(re.search(r"(\d+) files", link.inner_text())[1])  # "Download everything (ZIP, 4 files and ...)"
    with page.expect_download() as download_info:
        link.click()
    with zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes())) as bundle:
        assert bundle.testzip() is None
        names = bundle.namelist()
        assert sorted(names) == sorted(set(names)), names
        assert "manifest.txt" in names
        assert len(names) == promised + 1, (promised, names)  # every file the link promises, and the manifest


SUBMIT_TIMEOUT = 60_000  # ms: saving a page and starting its workflow takes seconds on a busy CI machine


def fill_required_fields(page) -> None:
    """Fill every empty required field of a Wagtail edit form (marked with a required asterisk) like a person."""
    count = page.evaluate(
        """() => {
            let n = 0;
            for (const mark of document.querySelectorAll('form .w-required-mark')) {
                const label = mark.closest('label');
                let field = label && label.htmlFor && document.getElementById(label.htmlFor);
                if (field && field.type === 'hidden') {
                    // A rich text editor or a chooser (snippet, page, image) holds its value in a hidden input.
                    const box = field.closest('[data-field-input]') || field.parentElement;
                    field = box.querySelector('[contenteditable="true"]')
                        || box.querySelector('[data-chooser-action-choose]');
                }
                if (field && !field.dataset.e2eRequired) { field.dataset.e2eRequired = String(n++); }
            }
            return n;
        }"""
    )
    for number in range(count):
        field = page.locator(f"[data-e2e-required='{number}']")
        kind = field.evaluate("el => el.isContentEditable ? 'rich' : el.tagName.toLowerCase()")
        if kind == "button":  # a chooser: open it and take the first item
            field.click()
            page.locator(".modal-dialog a[data-chooser-modal-choice]").first.click()
            page.locator(".modal-dialog").wait_for(state="hidden")
        elif kind == "select":
            values = [v for v in field.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            if values and not field.input_value():
                field.select_option(values[0])
        elif kind == "rich":
            if not field.inner_text().strip():
                field.scroll_into_view_if_needed()
                field.click()
                field.press_sequentially("Written in the browser test.")
                page.wait_for_timeout(300)  # Draftail saves its value into the hidden input on change
        elif not field.input_value():
            field.fill("Written in the browser test")


def test_admin_logs_in_creates_a_case_study_and_submits_it_for_moderation(demo_server, page):
    index = require(demo_server, "casestudies.CaseStudyIndexPage", "case studies")
    admin_login(page, demo_server)
    index_id = int(index["edit_url"].strip("/").split("/")[-2])
    page.goto(demo_server.url(f"/admin/pages/add/casestudies/casestudypage/{index_id}/"))
    page.fill("#id_title", "A case study made in the browser test")
    fill_required_fields(page)
    page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    # Wait for the POST's answer and the page it leads to (the edit view, or the form again with errors): under
    # load, reading the page or the database before then sees the unsaved form.
    with page.expect_navigation(wait_until="load", timeout=SUBMIT_TIMEOUT):
        page.locator("button[name='action-submit']").click(timeout=SUBMIT_TIMEOUT)
    errors = page.locator(".w-field--error, [data-field-wrapper]:has(.error-message)").evaluate_all(
        "fields => fields.map(f => { const i = f.querySelector('[name]'); return i ? i.name : f.id; })"
    )
    assert "/edit/" in page.url or "/admin/pages/" in page.url, (page.url, errors)
    rows = demo_server.query(
        "SELECT ws.status FROM wagtailcore_workflowstate ws "
        "JOIN wagtailcore_page p ON CAST(ws.object_id AS INTEGER) = p.id WHERE p.title = ?",
        ("A case study made in the browser test",),
    )
    assert rows == [("in_progress",)], (rows, errors)
    live = demo_server.query(
        "SELECT live FROM wagtailcore_page WHERE title = ?", ("A case study made in the browser test",)
    )
    assert live == [(0,)]
    assert not [error for error in page.console_errors if "Content Security Policy" in error], page.console_errors
