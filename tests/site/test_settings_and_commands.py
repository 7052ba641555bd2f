"""Start-up configuration and the management commands behind `make run`."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Page, Revision, Site

from events.models import EventPage
from home.models import HomePage, StandardPage
from hub.models import NavigationSettings, OrganisationSettings, Person
from indicators.models import Indicator, IndicatorValue
from shortlinks.models import ShortLink

BASE_DIR = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-for-tests-only-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="hub.settings.production", ALLOWED_HOSTS="chec.example.org")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "SECRET_KEY" in lines[0]


def test_production_passes_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="chec.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_ssl_redirect_can_be_turned_off_behind_a_proxy():
    code = (
        "from django.conf import settings;"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER, settings.DEBUG)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="chec.example.org",
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False ('HTTP_X_FORWARDED_PROTO', 'https') False"


@pytest.mark.django_db
def test_load_demo_builds_the_site_and_a_second_run_changes_nothing():
    """The one test that loads the demo twice: every app's demo content is idempotent, whatever it makes."""
    call_command("load_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    slugs = set(StandardPage.objects.live().values_list("slug", flat=True))
    assert {"about", "accessibility-statement", "privacy", "cookies", "contact"} <= slugs
    assert OrganisationSettings.for_site(site).show_demo_notice
    footer_pages = [child.value["page"].slug for child in NavigationSettings.for_site(site).footer_links]
    assert footer_pages == ["about", "accessibility-statement", "privacy", "cookies", "contact"]

    def counts():
        site.refresh_from_db()
        return {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "menu": len(NavigationSettings.for_site(site).main_menu),
            "documents": Document.objects.count(),
            "short links": ShortLink.objects.count(),
            "indicators": Indicator.objects.count(),
            "indicator values": IndicatorValue.objects.count(),
            "people": Person.objects.count(),
            "events": EventPage.objects.count(),
        }

    first = counts()
    assert all(first.values()), first
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert counts() == first
    assert "created" not in output.getvalue() and "added" not in output.getvalue(), output.getvalue()


@pytest.mark.django_db
def test_demo_site_shows_the_demo_notice_and_partners_as_text(client):
    call_command("load_demo", stdout=StringIO())
    html = client.get("/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "This is a demonstration site" in html
    for partner in ("Barnardo", "UCL Institute of Health Equity", "Birmingham and Solihull ICS"):
        assert partner in html
    for path in ("/about/", "/accessibility-statement/", "/privacy/", "/cookies/", "/contact/"):
        assert client.get(path, HTTP_HOST="127.0.0.1:8000").status_code == 200, path


@pytest.mark.django_db
def test_ensure_admin_prints_a_generated_password_once(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = StringIO()
    call_command("ensure_admin", "--admin-url", "http://127.0.0.1:8123/admin/", stdout=first)
    assert "Log in at http://127.0.0.1:8123/admin/ as admin / " in first.getvalue()  # where `make run` serves
    password = first.getvalue().split("as admin / ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    second = StringIO()
    call_command("ensure_admin", stdout=second)
    assert password not in second.getvalue()
    assert get_user_model().objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_ensure_admin_uses_admin_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-local-password")
    call_command("ensure_admin", stdout=StringIO())
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("a-long-local-password")


def test_search_server_and_cdn_purge_are_configuration_only():
    code = (
        "from django.conf import settings; from wagtail.search.backends import get_search_backend;"
        "backend = get_search_backend();"
        "print(type(backend).__module__, sorted(settings.WAGTAILFRONTENDCACHE))"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        SEARCH_BACKEND="elasticsearch8",
        SEARCH_URL="http://127.0.0.1:9200",
        CDN_PURGE_URL="http://127.0.0.1:6081",
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_API_TOKEN="token",
    )
    assert result.returncode == 0, result.stderr
    # The Elasticsearch client library is installed: no extra package is needed to switch.
    assert result.stdout.strip().splitlines()[-1] == "wagtail.search.backends.elasticsearch8 ['cloudflare', 'http']"
    unknown = run_manage("check", SEARCH_BACKEND="solr")
    assert unknown.returncode != 0
    assert "SEARCH_BACKEND must be 'database' or 'elasticsearch8', not 'solr'." in unknown.stderr


@pytest.mark.django_db
def test_publishing_a_page_purges_its_url_from_the_cdn(settings, home):
    """A caching proxy that accepts HTTP PURGE (CDN_PURGE_URL) is told about every published page."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from tests.home.factories import StandardPageFactory

    purged = []

    class Proxy(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.WAGTAILFRONTENDCACHE = {
            "http": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{server.server_port}",
            }
        }
        page = StandardPageFactory(parent=home, title="About", slug="about")
        page.title = "About the programme"
        page.save_revision().publish()
    finally:
        server.shutdown()
    assert any(path == "/about/" for _host, path in purged), purged
