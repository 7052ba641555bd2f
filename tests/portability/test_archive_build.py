"""The static archive's build (issue 16), fast and in-process: what a page of the archive holds (the banner, no
form that needs the server, static redirects for short links and redirects, feeds and downloads under their own
names with the links rewritten, nothing counted) and that a page that fails to render stops the build, names the
page and leaves the previous archive as it was. tests/portability/test_archive_static.py builds and serves the
whole demo site (slow)."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from wagtail.contrib.redirects.models import Redirect
from wagtail_factories import ImageFactory

from home.models import StandardPage
from shortlinks.models import ShortLink, ShortLinkClick
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import make_document
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory, add_download
from toolkit.models import DownloadCount

pytestmark = pytest.mark.django_db

ARCHIVE_DATE = datetime.date(2026, 11, 30)


def build(output, **options):
    call_command(
        "build_archive", output=output, date=ARCHIVE_DATE, no_search=True, no_progress=True, stdout=None, **options
    )
    return output / "site"


@pytest.fixture
def previous_archive(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous archive")
    (tmp_path / "chec-archive.zip").write_bytes(b"previous zip")
    return tmp_path


@pytest.mark.parametrize("failure", ["exception", "status"])
def test_a_page_that_fails_to_render_stops_the_build_names_it_and_keeps_the_previous_archive(
    home, previous_archive, monkeypatch, failure
):
    StandardPageFactory(parent=home, title="About us", slug="about")
    broken = StandardPageFactory(parent=home, title="Broken page", slug="broken")
    serve = StandardPage.serve

    def failing_serve(self, request, *args, **kwargs):
        if self.pk == broken.pk:
            if failure == "exception":
                raise ValueError("the template exploded")
            return HttpResponse("Server error", status=500)
        return serve(self, request, *args, **kwargs)

    monkeypatch.setattr(StandardPage, "serve", failing_serve)
    with pytest.raises(CommandError) as raised:
        build(previous_archive)
    message = str(raised.value)
    assert "'Broken page'" in message and "/broken/" in message
    assert ("the template exploded" if failure == "exception" else "HTTP status 500") in message
    assert "previous one, if any, is unchanged" in message
    # No half archive: the previous one is untouched and no temporary folder is left beside it.
    assert (previous_archive / "site" / "index.html").read_text() == "the previous archive"
    assert (previous_archive / "chec-archive.zip").read_bytes() == b"previous zip"
    assert sorted(path.name for path in previous_archive.iterdir()) == ["chec-archive.zip", "site"]


def test_archived_pages_have_the_banner_and_no_form_that_needs_the_server(home, tmp_path):
    about = StandardPageFactory(parent=home, title="About us", slug="about")
    toolkits = ToolkitIndexPageFactory(parent=home)
    toolkit = ToolkitPageFactory(parent=toolkits, title="Readiness tool", slug="readiness-tool")
    document = make_document(title="Guide", filename="guide.pdf")
    add_download(toolkit, document)
    add_download(toolkit, make_document(title="Template", filename="template.docx", content=b"PK demo"))
    site = build(tmp_path)

    for path in ("index.html", "about/index.html", "toolkit/readiness-tool/index.html", "search/index.html"):
        page = (site / path).read_text()
        assert 'class="archive-banner" role="region"' in page, path
        assert "This is an archived copy of the site, made on" in page, path
        assert '<time datetime="2026-11-30">30 November 2026</time>' in page, path
        assert 'method="post"' not in page, path
        assert 'action="/search/"' in page, path  # the header search goes to the archive's search page
    toolkit_page = (site / "toolkit/readiness-tool/index.html").read_text()
    assert "Feedback is closed" in toolkit_page
    assert "<main" in toolkit_page and "data-pagefind-body" in toolkit_page
    # The archive's search page is Pagefind's, with a way on without JavaScript; it is not indexed itself.
    search_page = (site / "search/index.html").read_text()
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in search_page
    assert 'id="archive-search"' in search_page and "<noscript>" in search_page
    assert "data-pagefind-body" not in search_page
    # The document and the toolkit's ZIP are in the archive; reading them counted no download.
    assert (site / f"documents/{document.pk}/{document.filename}").read_bytes() == b"%PDF-1.4 demo"
    zips = list((site / "toolkit/readiness-tool/download-all").glob("*.zip"))
    assert len(zips) == 1
    assert f'href="/toolkit/readiness-tool/download-all/{zips[0].name}"' in toolkit_page
    assert not DownloadCount.objects.exists()
    assert about.url == "/about/"


def test_short_links_redirects_and_feeds_become_files_a_static_server_serves(home, tmp_path):
    about = StandardPageFactory(parent=home, title="About us", slug="about")
    ShortLink.objects.create(code="about", target_page=about)
    ShortLink.objects.create(code="elsewhere", target_url="https://www.barnardos.org.uk/")
    Redirect.objects.create(old_path="/old-about", redirect_page=about)
    site = build(tmp_path)

    for path, target in (
        ("go/about/index.html", "/about/"),
        ("go/elsewhere/index.html", "https://www.barnardos.org.uk/"),
        ("old-about/index.html", "/about/"),
    ):
        page = (site / path).read_text()
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in page, path
        assert f'<link rel="canonical" href="{target}">' in page, path
        assert f'<a href="{target}">{target}</a>' in page, path
    assert not ShortLinkClick.objects.exists()  # following them to build the archive counted no click
    # A feed is stored under its own name (so a static server sends it as XML), every link to it rewritten, and
    # its old address leads to it.
    assert (site / "feeds/all/rss/rss.xml").read_text().startswith("<?xml")
    assert 'href="/feeds/all/rss/rss.xml"' in (site / "about/index.html").read_text()
    assert 'url=rss.xml"' in (site / "feeds/all/rss/index.html").read_text()
    for path in ("robots.txt", "sitemap.xml", "static/css/main.css", "archive-manifest.json"):
        assert (site / path).is_file(), path
    assert (tmp_path / "chec-archive.zip").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chec-archive.zip", "site"]


def test_image_renditions_are_copied_into_the_archive(home, tmp_path):
    index = CaseStudyIndexPageFactory(parent=home, slug="case-studies")
    CaseStudyPageFactory(parent=index, title="Youth voice", listing_image=ImageFactory(title="Launch photo"))
    site = build(tmp_path)

    listing = (site / "case-studies/index.html").read_text()
    renditions = re.findall(r'src="(/media/images/[^"]+)"', listing)
    assert renditions, "the listing shows no image"
    for url in renditions:
        assert (site / url.lstrip("/")).read_bytes()[:4] in (b"\x89PNG", b"GIF8", b"\xff\xd8\xff\xe0", b"RIFF")


def test_a_broken_link_is_reported_without_stopping_the_build(home, tmp_path, monkeypatch, capsys):
    page = StandardPageFactory(parent=home, title="Links", slug="links")
    serve = StandardPage.serve

    def serve_with_broken_links(self, request, *args, **kwargs):
        if self.pk != page.pk:
            return serve(self, request, *args, **kwargs)
        html = (
            '<!DOCTYPE html><html lang="en-GB"><head><title>Links</title></head><body><main>'
            '<a href="/no-such-page/">gone</a> <img src="/media/%2e%2e/%2e%2e/etc/passwd" alt="">'
            "</main></body></html>"
        )
        return HttpResponse(html)

    monkeypatch.setattr(StandardPage, "serve", serve_with_broken_links)
    site = build(tmp_path)
    errors = capsys.readouterr().err
    assert "Broken link: /no-such-page/ (linked from /links/)" in errors
    assert "Broken link: /media/%2e%2e/%2e%2e/etc/passwd (linked from /links/)" in errors
    assert (site / "links/index.html").is_file()
    assert not list(tmp_path.rglob("passwd"))
