"""The interface (templates and Python strings) in Polish and Urdu: what a reader of /pl/ and /ur/ sees.

The expected words are read from locale/*/LC_MESSAGES/django.po with polib, so the tests follow the translators'
file. The .po files are compiled first (the .mo files are build output, not committed).
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.models import Locale

from hub.demo_tools import ensure_sample_translation

LANGUAGES = ("pl", "ur")
PLURAL_FORMS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ur": "nplurals=2; plural=(n != 1);",
}
# The chrome of every public page (base.html, header, footer, menus, breadcrumbs, quick exit, notices, 404 search).
CHROME_MSGIDS = [
    "Skip to main content",
    "everything new",
    "Languages",
    "Main",
    "Breadcrumb",
    "Home",
    "Partners",
    "Follow us",
    "Footer",
    "Quick exit",
    "(leave this page now)",
    "Demonstration notice",
    "Demo",
    "Translation notice",
    "Search",
    "Search this site",
    "Page not found",
    "Go to the home page",
]
# %(name)s and its flags, %s / %d, a literal %%, and {name} placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|\{\w*\}")

pytestmark = pytest.mark.usefixtures("compiled_translations")


def po_path(code):
    return Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po"


def catalogue(code):
    return polib.pofile(str(po_path(code)))


def translation_of(code, msgid):
    entry = catalogue(code).find(msgid)
    assert entry is not None and entry.msgstr, f"{msgid!r} has no {code} translation"
    return entry.msgstr


@pytest.fixture
def translated_home(home):
    for code in ("en-gb", *LANGUAGES):
        Locale.objects.get_or_create(language_code=code)
    ensure_sample_translation(home, "pl", {home.title: "Strona główna CHEC"})
    ensure_sample_translation(home, "ur", {home.title: "CHEC ہوم پیج"})
    return home


def skip_link(html):
    match = re.search(r'<a class="skip-link" href="#main-content">([^<]*)</a>', html)
    assert match, "no skip link"
    return match.group(1)


def search_buttons(html):
    return re.findall(r'<button class="button" type="submit">([^<]*)</button>', html)


@pytest.mark.parametrize("code", LANGUAGES)
def test_skip_link_and_search_button_are_in_the_readers_language(client, translated_home, code):
    skip = translation_of(code, "Skip to main content")
    search = translation_of(code, "Search")
    assert skip != "Skip to main content" and search != "Search"
    home_page = client.get(f"/{code}/")
    assert home_page.status_code == 200
    assert skip_link(home_page.content.decode()) == skip
    search_page = client.get(f"/{code}/search/")
    assert search_page.status_code == 200
    html = search_page.content.decode()
    assert skip_link(html) == skip
    assert search_buttons(html) == [search]
    assert f'<h1 class="page-header__title">{search}</h1>' in html


def test_the_english_pages_keep_english(client, translated_home):
    assert skip_link(client.get("/").content.decode()) == "Skip to main content"
    assert search_buttons(client.get("/search/").content.decode()) == ["Search"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_page_not_found_is_in_the_readers_language(client, translated_home, code):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert translation_of(code, "Page not found") in html
    assert translation_of(code, "Go to the home page") in html
    assert search_buttons(html) == [translation_of(code, "Search")]


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_headers_are_right_and_nothing_is_fuzzy(code):
    po = catalogue(code)
    assert po.metadata["Language"] == code
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[code]
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy
    assert [entry.msgid for entry in po if "fuzzy" in entry.flags] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_chrome_string_is_translated(code):
    po = catalogue(code)
    for msgid in CHROME_MSGIDS:
        entry = po.find(msgid)
        assert entry is not None, f"{msgid!r} is not in the {code} file: run makemessages"
        assert any(path.startswith("templates/") for path, _line in entry.occurrences), msgid
        assert entry.msgstr.strip(), f"{msgid!r} has no {code} translation"


def placeholders(text):
    return Counter(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_english(code):
    """A lost or misspelt %(name)s raises KeyError or ValueError when the string is formatted: a 500."""
    po = catalogue(code)
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    problems = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
            expected = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            for form, text in entry.msgstr_plural.items():
                if not text or set(placeholders(text)) != expected:
                    problems.append((entry.msgid, form, text))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append((entry.msgid, None, entry.msgstr))
    assert problems == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_translated_python_format_strings_format(code):
    po = catalogue(code)
    for entry in po.translated_entries():
        if "python-format" not in entry.flags:
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        names = set(re.findall(r"%\((\w+)\)", entry.msgid + (entry.msgid_plural or "")))
        for text in texts:
            if names:
                text % dict.fromkeys(names, 1)
            else:
                text % ()
