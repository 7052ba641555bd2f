"""One base address: SITE_BASE_URL is the source of every absolute URL the site prints, whatever address a request
arrives on and whatever the Site record says (hub/base_url.py)."""

import io
import re
import zipfile
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import call_command
from icalendar import Calendar
from wagtail.models import Locale, Site

from hub.base_url import absolute_url, differs_from_request, sync_default_site
from hub.demo_tools import ensure_sample_translation
from shortlinks.models import ShortLink
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import make_document
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory, add_download

pytestmark = pytest.mark.django_db

BASE = "https://chec.example.org"
ELSEWHERE = {"HTTP_HOST": "127.0.0.1:8301"}  # e.g. `make run PORT=8301` before SITE_BASE_URL followed it


@pytest.fixture
def base(settings):
    settings.SITE_BASE_URL = BASE
    return BASE


@pytest.fixture
def translated(home):
    for code in ("pl", "ur"):
        Locale.objects.get_or_create(language_code=code)
    ensure_sample_translation(home, "pl", {home.title: "Strona główna"})
    return home


def test_absolute_url_joins_paths_and_leaves_full_urls_alone(base):
    assert absolute_url("/about/") == f"{BASE}/about/"
    assert absolute_url("about/") == f"{BASE}/about/"
    assert absolute_url("https://other.example/x") == "https://other.example/x"
    assert absolute_url("") == ""


def test_canonical_og_and_hreflang_use_the_base_address_not_the_request_host(client, base, translated):
    html = client.get("/", **ELSEWHERE).content.decode()
    assert f'<link rel="canonical" href="{BASE}/">' in html
    assert f'<meta property="og:url" content="{BASE}/">' in html
    assert f'<link rel="alternate" hreflang="pl" href="{BASE}/pl/">' in html
    assert "127.0.0.1:8301" not in html and "testserver" not in html


def test_sitemap_and_robots_use_the_base_address(client, base, translated):
    tree = ElementTree.fromstring(client.get("/sitemap.xml", **ELSEWHERE).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = [loc.text for loc in tree.findall("s:url/s:loc", ns)] + [
        link.get("href") for link in tree.findall("s:url/x:link", ns)
    ]
    assert urls and all(url.startswith(f"{BASE}/") for url in urls), urls
    robots = client.get("/robots.txt", **ELSEWHERE).content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_feeds_use_the_base_address(client, base, home):
    events = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=events, title="Launch webinar")
    parsed = feedparser.parse(client.get("/feeds/all/atom/", **ELSEWHERE).content)
    assert parsed.feed.id == f"{BASE}/feeds/all/atom/"
    assert parsed.feed.link == f"{BASE}/"
    assert parsed.entries[0].link == f"{BASE}{event.url}"
    assert parsed.entries[0].id == f"tag:chec.example.org,2023:page-{event.pk}"


def test_calendar_file_uid_and_url_use_the_base_address(client, base, home):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home))
    calendar = Calendar.from_ical(client.get(f"{event.url}calendar/", **ELSEWHERE).content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.pk}@chec.example.org"
    assert str(vevent["URL"]) == f"{BASE}{event.url}"


def test_short_url_and_qr_code_use_the_base_address(admin_client, base, home):
    import zxingcpp
    from PIL import Image

    link = ShortLink.objects.create(code="framework", target_type=ShortLink.TargetType.PAGE, target_page=home)
    assert link.short_url() == f"{BASE}/go/framework"
    response = admin_client.get(f"/admin/shortlinks/qr/{link.pk}/png/", **ELSEWHERE)
    assert [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))] == [
        f"{BASE}/go/framework"
    ]


def test_toolkit_zip_manifest_uses_the_base_address(client, base, home):
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), slug="readiness")
    add_download(toolkit, make_document("Guide", "guide.pdf", b"%PDF-1.4 guide"))
    response = client.get(f"{toolkit.url}download-all/", **ELSEWHERE)
    manifest = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("manifest.txt").decode()
    assert f"{BASE}{toolkit.url}" in manifest
    assert "127.0.0.1:8301" not in manifest


def test_load_demo_site_record_follows_the_base_address(base, home):
    """Wagtail's own full URLs (the admin's "view live") come from the Site record: it is kept in step."""
    assert sync_default_site() is True
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("chec.example.org", 443, BASE)
    assert sync_default_site() is False  # nothing to change the second time


def test_admin_dashboard_warns_when_used_on_another_address(admin_client, settings, home):
    settings.SITE_BASE_URL = "http://127.0.0.1:8000"
    warned = admin_client.get("/admin/", HTTP_HOST="127.0.0.1:8301").content.decode()
    assert "The public address differs from this one" in warned
    assert "http://127.0.0.1:8000" in warned and "http://127.0.0.1:8301" in warned
    quiet = admin_client.get("/admin/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "The public address differs from this one" not in quiet


def test_differs_from_request_compares_scheme_host_and_port(rf, settings):
    settings.SITE_BASE_URL = "https://chec.example.org"
    assert not differs_from_request(rf.get("/", HTTP_HOST="chec.example.org", secure=True))
    assert not differs_from_request(rf.get("/", HTTP_HOST="CHEC.example.org:443", secure=True))
    assert differs_from_request(rf.get("/", HTTP_HOST="chec.example.org"))  # plain http
    assert differs_from_request(rf.get("/", HTTP_HOST="chec.example.org:8443", secure=True))


@pytest.mark.parametrize("value", ["chec.example.org", "https://chec.example.org/sub/path", "ftp://x.org"])
def test_a_base_address_that_is_not_scheme_and_host_stops_start_up(value, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "hub.settings.dev", "SITE_BASE_URL": value, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SITE_BASE_URL must be like" in result.stderr


def test_standard_page_canonical_in_every_language(client, base, translated):
    page = StandardPageFactory(parent=translated, slug="about")
    html = client.get("/about/").content.decode()
    assert re.search(rf'<link rel="canonical" href="{BASE}{page.url}">', html)


def test_load_demo_command_syncs_an_existing_site(base, home, monkeypatch):
    """Running load_demo again with another SITE_BASE_URL moves the Site record (make run PORT=... reruns it)."""
    from hub.management.commands import load_demo

    monkeypatch.setattr(load_demo, "demo_modules", lambda: [])
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "chec.example.org:443" in out.getvalue()
    assert Site.objects.get(is_default_site=True).root_url == BASE
