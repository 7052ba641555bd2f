"""export_content / import_content: the round trip into an empty database loses nothing a reader would notice
(every live URL renders the same main content), with documents, images, translations, short links and redirects;
an import into a database that holds content is refused and changes nothing."""

import re

import html5lib
import pytest
import wagtail_factories
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site

from hub import i18n
from hub.demo_tools import ensure_sample_translation
from shortlinks.models import ShortLink
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import make_document, relate
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory, add_download

XHTML = "{http://www.w3.org/1999/xhtml}"


def main_text(html: bytes) -> str:
    tree = html5lib.parse(html)
    main = tree.find(f".//{XHTML}main")
    assert main is not None
    return re.sub(r"\s+", " ", "".join(main.itertext())).strip()


@pytest.fixture
def content(home):
    Locale.objects.get_or_create(language_code="pl")
    ensure_sample_translation(home, "pl", {home.title: "Strona główna"})
    toolkits = ToolkitIndexPageFactory(parent=home)
    toolkit = ToolkitPageFactory(parent=toolkits, title="Readiness tool", slug="readiness")
    guide = make_document("Guide to the tool", "guide.pdf", b"%PDF-1.4 the guide's own words")
    add_download(toolkit, guide, language="English")
    image = wagtail_factories.ImageFactory(title="Launch photo", file__width=800, file__height=600)
    about = StandardPageFactory(parent=home, title="About", slug="about", listing_image=image)
    about.save_revision().publish()
    relate(
        CaseStudyPageFactory(parent=CaseStudyIndexPageFactory(parent=home), title="Youth voice", slug="youth"),
        tags=["youth-voice"],
    )
    ShortLink.objects.create(code="readiness", target_page=toolkit)
    Redirect.objects.create(old_path="/old-toolkit", redirect_page=toolkit, site=Site.objects.get())
    draft = StandardPageFactory(parent=home, title="Work in progress", slug="wip")
    draft.unpublish()
    return {"toolkit": toolkit, "guide": guide, "image": image}


def snapshot(client):
    pages = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        url = page.get_url()
        if url:
            response = client.get(url)
            pages[url] = (response.status_code, main_text(response.content) if response.status_code == 200 else "")
    for path in ("/tags/youth-voice/", "/pl/"):
        response = client.get(path)
        pages[path] = (response.status_code, main_text(response.content))
    return pages


@pytest.fixture
def content_type_cache_kept():
    """Django's in-process content-type cache as it was before the test. The flush and import give every content type
    a new id; the rows of the test database come back under their first ids for the next test, and a cache left
    holding the new ones makes the next test's pages another model's (FrameworkPage.DoesNotExist). The cache cannot
    just be emptied: restoring the rows builds Wagtail tasks, which look their content type up in it."""
    saved = {alias: dict(entries) for alias, entries in ContentType.objects._cache.items()}
    yield
    ContentType.objects._cache.clear()
    ContentType.objects._cache.update(saved)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # flushes: later tests get the data back
def test_round_trip_into_an_empty_database_renders_the_same(client, content, tmp_path, content_type_cache_kept):
    before = snapshot(client)
    assert len(before) >= 8
    guide_bytes = content["guide"].file.read()
    image_name = content["image"].file.name

    folder = tmp_path / "export"
    call_command("export_content", str(folder), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (folder / "manifest.json").exists() and (folder / "media" / content["guide"].file.name).exists()
    assert b"pbkdf2" not in (folder / "content.json").read_bytes()  # no password hashes leave the site

    # Into a database that holds content: refused, nothing changed.
    with pytest.raises(CommandError, match="This database is not empty"):
        call_command("import_content", str(folder))
    assert Page.objects.filter(title="Readiness tool").count() == 1

    # An empty database: everything gone, files too.
    call_command("flush", interactive=False, verbosity=0)
    for name in (content["guide"].file.name, image_name):
        default_storage.delete(name)
    cache.clear()
    i18n._locale_codes = {}
    assert not Page.objects.exists()

    call_command("import_content", str(folder), stdout=open("/dev/null", "w"))  # noqa: SIM115
    cache.clear()
    i18n._locale_codes = {}

    after = snapshot(client)
    assert after == before
    guide = Document.objects.get(title="Guide to the tool")
    assert guide.file.read() == guide_bytes
    image = Image.objects.get(title="Launch photo")
    assert image.file.name == image_name and image.get_rendition("fill-100x100").width == 100
    assert client.get(guide.url).status_code == 200
    assert client.get("/go/readiness").status_code in (301, 302)
    assert client.get("/go/readiness")["Location"].endswith("/toolkit/readiness/")
    assert client.get("/old-toolkit")["Location"].endswith("/toolkit/readiness/")
    draft = Page.objects.get(title="Work in progress")
    assert not draft.live  # the editors' drafts come back too
    assert client.get("/pl/").status_code == 200
    assert Page.objects.get(title="Readiness tool").get_translations().count() == 0
    assert Site.objects.get().root_page.title == content["toolkit"].get_parent().get_parent().title
    # Editors can add pages at once: the imported ids are behind each table's id sequence (PostgreSQL).
    new_page = StandardPageFactory(parent=Site.objects.get().root_page, title="Added after the import")
    assert new_page.pk > max(Page.objects.exclude(pk=new_page.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_import_refuses_a_folder_that_is_not_an_export(tmp_path):
    with pytest.raises(CommandError, match="not a folder made by export_content"):
        call_command("import_content", str(tmp_path))


@pytest.mark.django_db
def test_export_refuses_a_folder_that_is_not_empty(tmp_path, home):
    (tmp_path / "something").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("export_content", str(tmp_path))
