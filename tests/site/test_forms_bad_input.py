"""Every form rejects oversize and wrong-type input with a message: the public forms found on the demo's pages
(search, filters, feedback...) and the admin uploads (documents, images, indicator CSV)."""

from __future__ import annotations

import contextlib
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.helpers import demo_site_for_module
from tests.site.test_fuzz import HOST, key_digest, one_page_of_every_type, row_counts

pytestmark = pytest.mark.django_db

OVERSIZE = "x" * 100_000
ERROR_MARKERS = ('aria-invalid="true"', "error-summary", "errorlist", "error-message")


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


# --- public forms, found on the demo's pages ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_forms(django_db_setup, django_db_blocker):
    """(page URL, form action, method, fields) of every form on one page of every type of the demo site."""
    with demo_site_for_module(django_db_blocker):
        client = Client()
        forms = []
        urls = [page.url for page in one_page_of_every_type()] + ["/no-such-page-forms/"]
        with contextlib.suppress(NoReverseMatch):  # site-wide search may not be built yet
            urls.append(reverse("search"))
        for url in urls:
            soup = BeautifulSoup(client.get(url, HTTP_HOST=HOST).content, "html.parser")
            for form in soup.find_all("form"):
                fields = [
                    {
                        "name": field.get("name"),
                        "tag": field.name,
                        "type": (field.get("type") or "").lower(),
                        "maxlength": field.get("maxlength"),
                        "options": [option.get("value") for option in field.find_all("option")],
                        "value": field.get("value"),
                    }
                    for field in form.find_all(["input", "textarea", "select"])
                    if field.get("name")
                ]
                action = form.get("action") or url
                forms.append((url, action, (form.get("method") or "get").lower(), fields))
        yield forms


def bad_values(fields, kind: str) -> dict:
    """Oversize text, or a value of the wrong type for each field (an unknown choice, a word for a number...)."""
    data = {}
    for field in fields:
        name, field_type = field["name"], field["type"]
        if name == "csrfmiddlewaretoken" or field_type in ("hidden", "submit"):
            continue
        if name == "website":  # a honeypot: left empty like a person would
            continue
        if kind == "oversize":
            data[name] = OVERSIZE
        elif field_type in ("checkbox", "radio") or field["tag"] == "select":
            data[name] = "not-a-choice-<script>"
        elif field_type == "email":
            data[name] = "not an email"
        elif field_type in ("number", "date"):
            data[name] = "abc"
        else:
            data[name] = "\x00\x01 wrong \ud800"[:3] if field_type == "url" else "x"
    return data


def test_demo_has_forms_to_check(demo_forms):
    assert demo_forms, "no form found on the demo's pages"
    print("forms checked:", sorted({(method, action) for _, action, method, _ in demo_forms}))


@pytest.mark.parametrize("kind", ["oversize", "wrong type"])
def test_every_public_form_rejects_bad_input_with_a_message_and_stores_nothing(demo_forms, kind):
    client = Client()
    before_counts, before_digest = row_counts(), key_digest()
    for _page_url, action, method, fields in demo_forms:
        data = bad_values(fields, kind)
        if method == "post":
            response = client.post(action, data, HTTP_HOST=HOST)
            assert response.status_code in (200, 400), (action, kind, response.status_code)
            html = response.content.decode()
            assert any(marker in html for marker in ERROR_MARKERS), f"{action}: no error message for {kind} input"
            assert "<script>" not in html.split("<body", 1)[-1].replace("<script src=", "")
        else:
            response = client.get(action, data, HTTP_HOST=HOST)
            # A GET form (search, filters) ignores what it cannot use, or says why; it never fails.
            assert response.status_code in (200, 400), (action, kind, response.status_code)
            assert "not-a-choice-<script>" not in response.content.decode()
    assert row_counts() == before_counts
    assert key_digest() == before_digest


# --- admin uploads ------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("uploader", "uploader@example.org", "a-long-password-123456")
    client.force_login(user)
    return client


def test_document_upload_rejects_a_wrong_type_with_a_message(admin_client):
    upload = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
    response = admin_client.post("/admin/documents/add/", {"title": "Bad", "file": upload})
    assert response.status_code == 200
    assert "File extension “html” is not allowed" in response.content.decode()
    assert not get_document_model().objects.filter(title="Bad").exists()


def test_document_upload_rejects_an_oversize_file_with_a_message(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
    response = admin_client.post("/admin/documents/add/", {"title": "Big", "file": upload})
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not get_document_model().objects.filter(title="Big").exists()


def test_image_upload_rejects_a_wrong_type_and_a_fake_image_with_a_message(admin_client):
    for name, content in (("notes.txt", b"plain text"), ("fake.png", b"not really a png")):
        upload = SimpleUploadedFile(name, content)
        response = admin_client.post("/admin/images/add/", {"title": "Bad image", "file": upload})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Upload a valid image" in html or "Not a supported image format" in html, name
    assert not get_image_model().objects.filter(title="Bad image").exists()


def test_image_upload_rejects_an_oversize_file_with_a_message(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10
    upload = SimpleUploadedFile("small.png", png_bytes(), content_type="image/png")
    response = admin_client.post("/admin/images/add/", {"title": "Too big", "file": upload})
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not get_image_model().objects.filter(title="Too big").exists()


def test_indicator_import_rejects_a_wrong_type_and_an_oversize_file_with_a_message(admin_client, settings):
    url = "/admin/indicators/import/"
    response = admin_client.post(url, {"file": SimpleUploadedFile("data.xlsx", b"PK\x03\x04 binary")})
    assert response.status_code == 200
    assert "Upload a .csv file." in response.content.decode()
    response = admin_client.post(url, {"file": SimpleUploadedFile("data.csv", b"a,b\x00\x00\x01")})
    assert "does not look like a text CSV file" in response.content.decode()
    settings.INDICATOR_UPLOAD_MAX_BYTES = 10
    response = admin_client.post(url, {"file": SimpleUploadedFile("data.csv", b"Indicator ID,Value\n1,2\n")})
    assert "The file is larger than 10\xa0bytes" in response.content.decode()
