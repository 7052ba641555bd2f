"""Security headers on public and admin responses, the production headers, and admin login rate limiting."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.helpers import database_url_for_other_processes
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-and-correct-password-2024"


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_public_headers(response):
    csp = csp_directives(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert csp[directive] == ["'self'"], (directive, csp)
    assert not any("'unsafe-inline'" in values or "'unsafe-eval'" in values for values in csp.values()), csp
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert sorted(csp["frame-src"]) == ["https://player.vimeo.com", "https://www.youtube-nocookie.com"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert 'autoplay=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")' in policy


@pytest.fixture
def pages(home):
    StandardPageFactory(parent=home, title="About", slug="about")
    return ["/", "/about/", "/no-such-page/", "/robots.txt", "/sitemap.xml", "/healthz"]


def test_every_public_response_carries_the_security_headers(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_public_headers(response)


def test_public_html_has_no_inline_script_or_style(client, pages):
    for path in ("/", "/about/", "/no-such-page/"):
        html = client.get(path).content.decode()
        assert " style=" not in html and "<style" not in html, path
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert " src=" in opening or 'type="application/ld+json"' in opening, (path, opening)
        assert " onclick=" not in html and "javascript:" not in html


def test_admin_gets_its_own_looser_policy_and_may_frame_itself(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    csp = csp_directives(response)
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's admin markup needs it; public pages never get it
    assert csp["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the copy of the database is whole
def test_production_sends_hsts_and_the_same_public_headers(tmp_path):
    """Production settings in their own process (on a copy of the test database): HSTS over HTTPS, and the public
    headers."""
    code = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/robots.txt", secure=True, HTTP_HOST="chec.example.org")
print(json.dumps({"status": response.status_code, "headers": dict(response.items())}))
"""
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY="k3y-for-tests-only-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
        ALLOWED_HOSTS="chec.example.org",
        DATABASE_URL=database_url_for_other_processes(tmp_path),  # migrating a new one took a minute
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in headers


@pytest.fixture
def editor(home):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def login(client, password):
    return client.post("/admin/login/", {"username": "editor", "password": password}, REMOTE_ADDR="203.0.113.7")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_correct_admin_login_works_before_the_limit(client, editor):
    for _ in range(4):
        assert login(client, "wrong-password").status_code == 200  # the form again, with an error
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_admin_login_is_locked_after_five_failures_even_with_the_right_password(client, editor):
    for _ in range(5):
        response = login(client, "wrong-password")
        assert response.status_code in (200, 429)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed log-in attempts" in html and "15 minutes" in html
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page
    # Another address is not locked out by someone else's failures (lock-out is per user name and address).
    other = client.post("/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 302
