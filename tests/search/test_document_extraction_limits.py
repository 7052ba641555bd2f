"""Document text extraction never takes the site down: it runs in the worker, in a child process, within limits.

The hostile files are made here, small on disk: ZIP members written as one deflate block repeated (each block ends
with a full flush, so the same bytes can be written again and again: a gigabyte in a few megabytes, in well under a
second) and PDFs whose pages all draw one compressed content stream.
"""

import io
import re
import struct
import time
import zlib
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from docx import Document as WordDocument
from odf.opendocument import OpenDocumentText
from odf.text import P
from wagtail.documents import get_document_model

from search.extraction import extract_file
from search.models import DocumentText
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db
LIMITS = {
    "DOCUMENT_EXTRACTION_TIMEOUT": 5,
    "DOCUMENT_EXTRACTION_CPU_SECONDS": 5,
    "DOCUMENT_EXTRACTION_MEMORY_MB": 256,
}
GIGABYTE = 1024**3
WORD_PARAGRAPHS = b"<w:p><w:r><w:t>hello</w:t></w:r></w:p>" * 30000  # 1.1 MB
WORD_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
WORD_PARTS = [
    (
        "[Content_Types].xml",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    (
        "_rels/.rels",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="word/document.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        b"</Relationships>",
    ),
]
ODF_PARAGRAPHS = b"<text:p>hello</text:p>" * 50000
ODF_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
)
ODF_PARTS = [
    ("mimetype", b"application/vnd.oasis.opendocument.text"),
    (
        "META-INF/manifest.xml",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    ),
]


def zip_file(parts, name, head, block, repeat, tail) -> bytes:
    """A ZIP of small parts and one member `name` = head + block * repeat + tail, deflated, without inflating it."""
    out, central = io.BytesIO(), []
    members = [(part, data, b"", 0, b"") for part, data in parts] + [(name, head, block, repeat, tail)]
    for member, first, middle, count, last in members:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed_first = packer.compress(first) + packer.flush(zlib.Z_FULL_FLUSH)
        packed_middle = packer.compress(middle) + packer.flush(zlib.Z_FULL_FLUSH)  # same bytes every time
        packed_last = packer.compress(last) + packer.flush()
        crc = zlib.crc32(first)
        for _ in range(count):
            crc = zlib.crc32(middle, crc)
        crc = zlib.crc32(last, crc)
        size = len(first) + len(middle) * count + len(last)
        packed_size = len(packed_first) + len(packed_middle) * count + len(packed_last)
        offset, encoded = out.tell(), member.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, packed_size, size, len(encoded), 0))
        out.write(encoded + packed_first + packed_middle * count + packed_last)
        header = (b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, packed_size, size, len(encoded), 0, 0, 0, 0, 0, offset)
        central.append(struct.pack("<4s6H3L5H2L", *header) + encoded)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def word_bomb(unpacked: int) -> bytes:
    repeat = unpacked // len(WORD_PARAGRAPHS) + 1
    return zip_file(WORD_PARTS, "word/document.xml", WORD_HEAD, WORD_PARAGRAPHS, repeat, b"</w:body></w:document>")


def odt_bomb(unpacked: int) -> bytes:
    repeat = unpacked // len(ODF_PARAGRAPHS) + 1
    tail = b"</office:text></office:body></office:document-content>"
    return zip_file(ODF_PARTS, "content.xml", ODF_HEAD, ODF_PARAGRAPHS, repeat, tail)


def pdf(pages: int, operators: bytes) -> bytes:
    """A PDF whose pages all draw one FlateDecode content stream (so it is parsed again for every page)."""
    stream = zlib.compress(b"BT /F1 12 Tf 10 10 Td " + operators + b" ET", 9)
    kids = b" ".join(b"%d 0 R" % (5 + number) for number in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
        b" /Resources << /Font << /F1 4 0 R >> >> >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + [page] * pages
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("uploader", "uploader@example.org", "a-long-password-123456")
    client.force_login(user)
    return client


def upload(admin_client, capture, title, name, data):
    """Upload through the admin as an editor does; the task is queued when the upload commits."""
    with capture(execute=True):
        response = admin_client.post("/admin/documents/add/", {"title": title, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_document_model().objects.get(title=title)


def found_by_search(client, query):
    html = client.get("/search/", {"q": query, "type": "document"}).content.decode()
    return re.findall(r'class="result__title"><a href="([^"]+)">', html)


# Time limits for the tests that must end on another limit: generous, so a busy machine (CI runs the suite on every
# core) cannot turn "memory limit" into "timed out".
UNHURRIED = {"DOCUMENT_EXTRACTION_TIMEOUT": 60, "DOCUMENT_EXTRACTION_CPU_SECONDS": 60}
HOSTILE = {
    # name: (file, the error recorded, limits besides LIMITS)
    "bomb.docx": (lambda: word_bomb(GIGABYTE + 1), "file too large when unpacked (over 100 MB)", {}),
    "bomb.odt": (lambda: odt_bomb(GIGABYTE + 1), "file too large when unpacked (over 100 MB)", {}),
    # 90 MB of XML: under the unpacked limit, over the memory limit once parsed.
    "heavy.docx": (lambda: word_bomb(90 * 1024 * 1024), "memory limit (256 MB) reached", UNHURRIED),
    # 300 pages that each take seconds to read and give no text.
    "slow.pdf": (lambda: pdf(300, b"() Tj " * 50000), "timed out after 5 s", {}),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_fails_within_the_limits_and_the_document_stays_usable(
    name, admin_client, home, settings, django_capture_on_commit_callbacks
):
    make, expected_error, limits = HOSTILE[name]
    for setting, value in {**LIMITS, **limits}.items():
        setattr(settings, setting, value)
    data = make()
    assert len(data) < 4 * 1024 * 1024  # small on disk
    title = f"Wombat census {name}"
    started = time.monotonic()
    document = upload(admin_client, django_capture_on_commit_callbacks, title, name, data)
    elapsed = time.monotonic() - started
    assert elapsed < settings.DOCUMENT_EXTRACTION_TIMEOUT + 10  # the upload, a child's start and the limit
    extracted = DocumentText.objects.get(document=document)
    assert extracted.status == DocumentText.Status.FAILED
    assert extracted.error == expected_error
    assert extracted.text == ""
    assert extracted.file_hash and extracted.file_hash == document.file_hash

    # Not tried again on the next save of the same file.
    with mock.patch("search.extraction.extract_file") as extract, django_capture_on_commit_callbacks(execute=True):
        document.save()
    extract.assert_not_called()

    # The document still downloads, is offered by its page and is found by its title.
    assert admin_client.get(document.url).status_code == 200
    page = StandardPageFactory(
        parent=home,
        slug="census",
        title="Census",
        body=[("document", {"document": document, "title": "", "description": ""})],
    )
    admin_client.logout()
    assert document.url in admin_client.get(page.url).content.decode()
    assert found_by_search(admin_client, "wombat census") == [document.url]


def test_failed_documents_are_tried_again_only_when_asked(admin_client, settings, django_capture_on_commit_callbacks):
    document = upload(
        admin_client, django_capture_on_commit_callbacks, "Bilby survey", "bomb.docx", word_bomb(GIGABYTE)
    )
    assert DocumentText.objects.get(document=document).status == DocumentText.Status.FAILED
    out = io.StringIO()
    call_command("extract_document_text", stdout=out)
    assert "Extracted the text of 0 document(s)" in out.getvalue()
    # The operator raises the limit, then retries the failures.
    settings.DOCUMENT_EXTRACTION_MAX_UNPACKED_MB = 2048
    settings.DOCUMENT_EXTRACTION_MEMORY_MB = 256
    call_command("extract_document_text", "--retry-failed", stdout=out)
    assert "Extracted the text of 1 document(s); 1 could not be read" in out.getvalue()
    assert "Bilby survey: memory limit (256 MB) reached" in out.getvalue()


def test_a_document_whose_file_is_gone_from_storage_records_why(admin_client, django_capture_on_commit_callbacks):
    document = upload(admin_client, django_capture_on_commit_callbacks, "Quoll notes", "quoll.txt", b"Quolls.")
    document.file.storage.delete(document.file.name)
    call_command("extract_document_text", "--all", stdout=io.StringIO())
    extracted = DocumentText.objects.get(document=document)
    assert extracted.status == DocumentText.Status.FAILED and extracted.error.startswith("FileNotFoundError")


def test_a_zip_with_too_many_files_inside_is_refused_before_parsing(tmp_path, settings):
    settings.DOCUMENT_EXTRACTION_MAX_FILES = 50
    parts = WORD_PARTS + [(f"word/media/image{number}.png", b"") for number in range(60)]
    path = tmp_path / "many.docx"
    path.write_bytes(zip_file(parts, "word/document.xml", WORD_HEAD, b"", 0, b"</w:body></w:document>"))
    assert extract_file(str(path), "docx") == ("", "too many files inside (over 50)")


def test_pdf_pages_are_read_only_until_the_text_cap(tmp_path, settings):
    """300 slow pages of text: with a small cap only the first pages are read, well within the timeout."""
    for setting, value in {**LIMITS, **UNHURRIED}.items():
        setattr(settings, setting, value)
    settings.DOCUMENT_EXTRACTION_MAX_CHARS = 20_000
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf(300, b"(numbat ) Tj " * 20000))
    started = time.monotonic()
    text, error = extract_file(str(path), "pdf")
    assert error == ""
    assert len(text) == 20_000 and text.startswith("numbat numbat")
    assert time.monotonic() - started < 30  # the cap is reached on the first page of 300


def test_ordinary_pdf_docx_and_odt_files_still_give_their_text(tmp_path):
    word = WordDocument()
    word.add_paragraph("The quokka reads Word.")
    word_data = io.BytesIO()
    word.save(word_data)
    odt = OpenDocumentText()
    odt.text.addElement(P(text="The quokka reads OpenDocument."))
    odt_data = io.BytesIO()
    odt.write(odt_data)
    for name, data, expected in [
        ("plain.pdf", pdf(1, b"(The quokka reads PDF.) Tj"), "The quokka reads PDF."),
        ("plain.docx", word_data.getvalue(), "The quokka reads Word."),
        ("plain.odt", odt_data.getvalue(), "The quokka reads OpenDocument."),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert extract_file(str(path), name.rsplit(".", 1)[1]) == (expected, ""), name


def test_an_upload_only_queues_the_extraction_and_the_worker_reads_the_text(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    word = WordDocument()
    word.add_paragraph("The dunnart appears only inside this file.")
    data = io.BytesIO()
    word.save(data)
    document = upload(
        admin_client, django_capture_on_commit_callbacks, "Dunnart notes", "dunnart.docx", data.getvalue()
    )

    # The request only queued the work: the text is pending, the document is already found by its title.
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.task_path == "search.extraction.extract_document_text"
    pending = DocumentText.objects.get(document=document)
    assert pending.status == DocumentText.Status.PENDING and pending.text == ""

    # The worker (here one batch in this process) reads it. Its connection check would close the test's
    # transaction, so it is left out, as Django's test client leaves it out of requests.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay", verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    extracted = DocumentText.objects.get(document=document)
    assert extracted.status == DocumentText.Status.DONE
    assert "dunnart appears only inside" in extracted.text
