"""Community languages: translation drafts, the language switcher, hreflang, right-to-left, sitemap, footer."""

from xml.etree import ElementTree

import pytest
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from hub.demo_tools import ensure_sample_translation
from hub.models import FooterText, NavigationSettings, OrganisationSettings
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en-gb", "pl", "ur")}


@pytest.fixture
def translated_home(home, locales):
    """The home page with live Polish and Urdu translations (as load_demo makes them)."""
    ensure_sample_translation(home, "pl", {home.title: "Strona główna CHEC"})
    ensure_sample_translation(home, "ur", {home.title: "CHEC ہوم پیج"})
    return home


def test_translating_a_page_creates_a_draft_that_is_not_live_until_published(client, home, locales):
    page = StandardPageFactory(parent=home, slug="about", title="About")
    ensure_sample_translation(home, "pl", {})
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locales["pl"])
    translation.save_target(publish=False)
    polish = page.get_translation(locales["pl"])
    assert polish.live is False and polish.has_unpublished_changes
    assert client.get("/pl/about/").status_code == 404
    polish.save_revision().publish()
    assert client.get("/pl/about/").status_code == 200


def test_urdu_pages_render_right_to_left_and_polish_left_to_right(client, translated_home):
    urdu = client.get("/ur/").content.decode()
    assert '<html lang="ur" dir="rtl">' in urdu
    assert "CHEC ہوم پیج" in urdu
    polish = client.get("/pl/").content.decode()
    assert '<html lang="pl" dir="ltr">' in polish
    english = client.get("/").content.decode()
    assert '<html lang="en-gb" dir="ltr">' in english


def test_switcher_and_hreflang_link_only_to_live_translations(client, translated_home, locales):
    html = client.get("/").content.decode()
    for code, path in (("en-gb", "/"), ("pl", "/pl/"), ("ur", "/ur/")):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{path}">' in html
    assert 'hreflang="ur" lang="ur" dir="rtl"' in html  # the switcher names Urdu in Urdu, right to left
    assert "اردو" in html and "Polski" in html
    translated_home.get_translation(locales["ur"]).unpublish()
    html = client.get("/").content.decode()
    assert 'hreflang="ur"' not in html and "اردو" not in html
    assert 'hreflang="pl"' in html


def test_a_view_restricted_translation_is_not_offered_by_the_switcher_hreflang_or_sitemap(
    client, translated_home, locales
):
    """A translation shared with a few people (a password or a login) must not be advertised to every reader."""
    about = StandardPageFactory(parent=translated_home, slug="about", title="About")
    polish = ensure_sample_translation(about, "pl", {"About": "O nas"})
    ensure_sample_translation(about, "ur", {})
    assert 'hreflang="pl"' in client.get("/about/").content.decode()  # listed while public (and now cached)
    PageViewRestriction.objects.create(page=polish, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for path in ("/about/", "/ur/about/"):
        html = client.get(path).content.decode()
        assert 'hreflang="pl"' not in html and "/pl/about/" not in html, path
        assert '<link rel="alternate" hreflang="en-gb" href="http://testserver/about/">' in html, path
        assert '<link rel="alternate" hreflang="ur" href="http://testserver/ur/about/">' in html, path
    assert "/pl/about/" not in client.get("/sitemap.xml").content.decode()


def test_a_page_without_translations_has_no_switcher_or_hreflang(client, home, locales):
    html = client.get("/").content.decode()
    assert "hreflang" not in html and "language-switcher" not in html


def test_unknown_language_prefix_is_a_404_not_a_500(client, translated_home):
    for path in ("/de/", "/xx/about/", "/pl-PL/", "/zh-hans/"):
        assert client.get(path).status_code == 404, path


def test_sitemap_lists_every_live_page_in_every_language_with_alternates(client, translated_home, locales):
    StandardPageFactory(parent=translated_home, slug="english-only")
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = [element.text for element in tree.findall("s:url/s:loc", namespaces)]
    assert {"http://testserver/", "http://testserver/pl/", "http://testserver/ur/"} <= set(locations)
    assert "http://testserver/english-only/" in locations
    entries = tree.findall("s:url", namespaces)
    home_entry = next(url for url in entries if url.find("s:loc", namespaces).text.endswith("/ur/"))
    alternates = {link.get("hreflang"): link.get("href") for link in home_entry.findall("x:link", namespaces)}
    assert alternates == {
        "en-gb": "http://testserver/",
        "pl": "http://testserver/pl/",
        "ur": "http://testserver/ur/",
        "x-default": "http://testserver/",
    }


def test_menu_links_follow_the_readers_language(client, translated_home, locales):
    about = StandardPageFactory(parent=translated_home, slug="about", title="About")
    polish_home = translated_home.get_translation(locales["pl"])
    polish_about = about.copy_for_translation(locales["pl"])
    polish_about.title = "O nas"
    polish_about.save_revision().publish()
    navigation = NavigationSettings.for_site(translated_home.get_site())
    navigation.main_menu = [("item", {"page": about, "label": ""})]
    navigation.save()
    assert 'href="/about/">About</a>' in client.get("/").content.decode()
    assert f'href="{polish_about.url}">O nas</a>' in client.get(polish_home.url).content.decode()


def test_footer_text_is_shown_in_the_readers_language(client, translated_home, locales):
    FooterText.objects.create(text="About the programme.", locale=locales["en-gb"])
    FooterText.objects.create(text="O programie.", locale=locales["pl"])
    assert "About the programme." in client.get("/").content.decode()
    assert "O programie." in client.get("/pl/").content.decode()
    assert "About the programme." in client.get("/ur/").content.decode()  # no Urdu text yet: the default


def test_sample_translations_are_labelled_when_the_setting_is_on(client, translated_home):
    settings = OrganisationSettings.for_site(translated_home.get_site())
    settings.show_sample_translation_notice = True
    settings.save()
    from django.utils import translation

    english = "This translation is a sample awaiting review by a fluent speaker. Some text is still in English."
    with translation.override("pl"):
        polish = translation.gettext(english)  # the Polish label when the .po files are compiled (make does it)
    assert polish in client.get("/pl/").content.decode()
    assert polish not in client.get("/").content.decode() and english not in client.get("/").content.decode()


def test_editing_the_menu_shows_at_once_despite_the_cache(client, home):
    about = StandardPageFactory(parent=home, slug="about", title="About us")
    navigation = NavigationSettings.for_site(home.get_site())
    assert "About us</a>" not in client.get("/").content.decode()
    navigation.main_menu = [("item", {"page": about, "label": ""})]
    navigation.save()
    assert "About us</a>" in client.get("/").content.decode()
    about.title = "Who we were"
    about.save_revision().publish()
    assert "Who we were</a>" in client.get("/").content.decode()


@pytest.fixture
def polish_about(admin_client, translated_home, locales):
    page = StandardPageFactory(parent=translated_home, slug="about", title="About")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locales["pl"])
    translation.save_target(publish=False)
    return page, translation


def upload_po(admin_client, translation, content, name="about-pl.po"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/admin/localize/translate/{translation.pk}/pofile/upload/"
    files = {} if content is None else {"file": SimpleUploadedFile(name, content)}
    return admin_client.post(url, {"next": "/admin/", **files}, follow=True)


def translated_strings(translation):
    from wagtail_localize.models import StringTranslation

    return list(StringTranslation.objects.filter(locale=translation.target_locale).values_list("data", flat=True))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Choose a PO file to upload."),
        (b"\x89PNG\r\n\x1a\n\x00\x00 not a po file", "Please upload a valid PO file"),
        (b'msgid "About"\nmsgstr "O nas"\n', "Please upload a valid PO file"),  # not from this site
        (b"msgid unterminated\n", "Please upload a valid PO file"),
    ],
)
def test_a_bad_po_upload_gives_a_message_and_changes_nothing(admin_client, polish_about, content, message):
    _page, translation = polish_about
    before = translated_strings(translation)
    response = upload_po(admin_client, translation, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert translated_strings(translation) == before


def test_a_po_file_for_another_page_is_refused(admin_client, polish_about, translated_home, locales):
    _page, translation = polish_about
    other = StandardPageFactory(parent=translated_home, slug="contact", title="Contact")
    other_source, _ = TranslationSource.get_or_create_from_instance(other)
    other_translation = Translation.objects.create(source=other_source, target_locale=locales["pl"])
    po_for_other = str(other_translation.export_po()).replace('msgstr ""\n\n', 'msgstr "Kontakt"\n\n', 1)
    response = upload_po(admin_client, translation, po_for_other.encode())
    assert "This PO file was made for a different translation." in response.content.decode()
    assert "Kontakt" not in translated_strings(translation)


def test_a_po_file_in_an_encoding_it_is_not_written_in_is_refused(admin_client, polish_about):
    """It says UTF-16 but is UTF-8: wagtail-localize's own view would answer with a server error."""
    _page, translation = polish_about
    po = translation.export_po()
    po.metadata["Content-Type"] = "text/plain; charset=UTF-16"
    response = upload_po(admin_client, translation, str(po).encode())
    assert response.status_code == 200
    assert "Please upload a valid PO file" in response.content.decode()


def test_a_good_po_upload_translates_the_page(admin_client, polish_about):
    _page, translation = polish_about
    po = translation.export_po()
    for entry in po:
        if entry.msgid == "About":
            entry.msgstr = "O nas"
    response = upload_po(admin_client, translation, str(po).encode())
    assert "Successfully imported translations from PO File." in response.content.decode()
    assert "O nas" in translated_strings(translation)


def test_the_untranslated_texts_of_each_language_are_read_once_per_content_version(home, django_assert_num_queries):
    from hub.i18n import untranslated_texts

    for code in ("pl", "ur"):
        Locale.objects.get_or_create(language_code=code)
    untranslated_texts("pl"), untranslated_texts("ur")
    with django_assert_num_queries(0):  # pages of both languages read in turn: neither is read again
        untranslated_texts("pl"), untranslated_texts("ur"), untranslated_texts("pl")
