"""Admin uploads that used to give a server error: an image declaring billions of pixels, and indicator files that are
too large to import within a request or are not CSV at all. Each gets a clear message and changes nothing."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "indicators" / "sample" / "indicators-illustrative.csv"


@pytest.fixture
def admin_client(client, home):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "a-long-pass-12345"))
    return client


# Images --------------------------------------------------------------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header claiming width x height pixels, with almost no data: a "decompression bomb" of ~80 bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_declaring_60000_by_60000_pixels_is_refused_with_a_message(admin_client):
    bomb = png_declaring(60_000, 60_000)
    assert len(bomb) < 200
    upload = SimpleUploadedFile("bomb.png", bomb, content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Bomb", "file": upload})
    assert response.status_code == 200
    assert "This image has too many pixels. Maximum pixels 128000000." in response.content.decode()
    assert not get_image_model().objects.exists()


def test_the_multiple_uploader_refuses_it_too(admin_client):
    upload = SimpleUploadedFile("bomb.png", png_declaring(60_000, 60_000), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    assert response.status_code == 200
    assert response.json() == {
        "success": False,
        "error_message": "This image has too many pixels. Maximum pixels 128000000.",
    }
    assert not get_image_model().objects.exists()


def test_wagtails_own_pixel_limit_still_applies_below_pillows(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10
    upload = SimpleUploadedFile("small.png", small_png(), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Sixteen pixels", "file": upload})
    assert "This file has too many pixels (16). Maximum pixels 10." in response.content.decode()
    assert not get_image_model().objects.exists()


def test_ordinary_images_still_upload_one_at_a_time_and_several_at_once(admin_client):
    upload = SimpleUploadedFile("one.png", small_png(), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "One", "file": upload})
    assert response.status_code == 302
    upload = SimpleUploadedFile("two.png", small_png(), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    assert response.json()["success"] is True
    image = get_image_model().objects.get(title="two.png")
    # The uploader's edit form (which has no file field) still saves the details.
    response = admin_client.post(
        reverse("wagtailimages:edit_multiple", args=[image.pk]),
        {f"image-{image.pk}-title": "Two", f"image-{image.pk}-collection": image.collection_id},
    )
    assert response.json()["success"] is True
    assert sorted(get_image_model().objects.values_list("title", "width")) == [("One", 4), ("Two", 4)]


# Indicator CSV upload ----------------------------------------------------------------------------------------------

UPLOAD_URL = "/admin/indicators/import/"
NOT_CSV = "Upload a .csv file. This does not look like a text CSV file"


def test_the_default_limit_keeps_an_upload_well_within_the_request_timeout(settings):
    # 2 MB is about 13,000 Fingertips rows: about 7 s at the benchmark's 2,000 rows/s (gunicorn's timeout is 30 s).
    assert settings.INDICATOR_UPLOAD_MAX_BYTES == 2 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_with_a_message_and_nothing_is_imported(admin_client, settings):
    settings.INDICATOR_UPLOAD_MAX_BYTES = 1024 * 1024
    data = SAMPLE.read_bytes()
    rows = data.splitlines(keepends=True)
    big = rows[0] + b"".join(rows[1:] * (1 + 1024 * 1024 // len(data)))
    assert len(big) > 1024 * 1024
    response = admin_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("big.csv", big, content_type="text/csv")})
    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")  # sizes are written with a no-break space
    assert "The file is larger than 1.0 MB, too large to import here." in html
    assert "At most 1.0 MB" in html  # the hint says the limit before anyone tries
    assert not IndicatorValue.objects.exists()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Indicator ID", "Indicator Name"])
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data.xlsx", "xlsx"),
        ("data.csv", "xlsx"),  # an Excel file renamed
        ("data.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"),
        ("data.pdf", b"%PDF-1.7\n"),
        ("data.csv", "\ufeffIndicator ID,Indicator Name\n".encode("utf-16")),  # Excel's "Unicode text"
        ("data.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),  # an old .xls
        ("data.csv", "Indicator ID,Indicator Name,Area Name \xa3\n1,2,3\n".encode("latin-1")),  # header not UTF-8
    ],
)
def test_a_file_that_is_not_a_text_csv_gets_one_clear_message(admin_client, name, content):
    content = xlsx_bytes() if content == "xlsx" else content
    response = admin_client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert NOT_CSV in response.content.decode()
    assert not IndicatorValue.objects.exists()


def define_sample_indicators():
    for identifier in ("demo-imr", "demo-school-readiness", "demo-low-income", "demo-asthma", "demo-reception-obesity"):
        Indicator.objects.create(name=identifier, slug=identifier, source_identifier=identifier)


def test_a_good_csv_still_imports_in_the_admin(admin_client):
    define_sample_indicators()
    response = admin_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("sample.csv", SAMPLE.read_bytes())})
    assert response.status_code == 302
    assert IndicatorValue.objects.exists()


def test_the_command_line_import_has_no_size_limit(settings, tmp_path):
    settings.INDICATOR_UPLOAD_MAX_BYTES = 10
    define_sample_indicators()
    path = tmp_path / "sample.csv"
    path.write_bytes(SAMPLE.read_bytes())
    call_command("import_indicators", str(path), "--no-progress", stdout=io.StringIO())
    assert IndicatorValue.objects.exists()
