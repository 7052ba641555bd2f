"""Documents and toolkit ZIPs are served without holding a worker where a proxy or storage can send them.

DOCUMENT_SENDFILE=nginx answers with an empty response and X-Accel-Redirect; S3 storage (WAGTAILDOCS_SERVE_METHOD
"redirect") answers with a redirect to the storage; otherwise the worker sends the file with its Content-Length.
Downloads are counted on every path. The ZIP is built once into storage and rebuilt only when its contents change.
"""

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from wagtail.utils import sendfile as wagtail_sendfile

from tests.factories import make_document
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory, add_download
from toolkit import downloads
from toolkit.models import DownloadCount

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_stored_zips():
    """Page ids are reused after each test's rollback, so archives of earlier tests are removed first."""
    shutil.rmtree(Path(django_settings.MEDIA_ROOT) / downloads.BUNDLE_DIR, ignore_errors=True)


@pytest.fixture
def toolkit(home):
    return ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), title="Readiness tool", slug="readiness")


@pytest.fixture
def guide(toolkit):
    document = make_document("Guide to the tool", "guide.pdf", b"%PDF-1.4 guide " + b"1" * 5000)
    add_download(toolkit, document, description="Read this first.", sort_order=0)
    return document


@pytest.fixture
def nginx(settings):
    """DOCUMENT_SENDFILE=nginx, as hub/settings/base.py sets it (Wagtail caches the backend: cleared around)."""
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = os.path.abspath(django_settings.MEDIA_ROOT)
    settings.SENDFILE_URL = "/protected-media/"
    wagtail_sendfile._get_sendfile.clear()
    yield
    wagtail_sendfile._get_sendfile.clear()


def counts():
    return {(row.document_id, row.toolkit_id): row.count for row in DownloadCount.objects.all()}


def stored_zips(toolkit) -> list[str]:
    folder = Path(django_settings.MEDIA_ROOT) / downloads.BUNDLE_DIR / str(toolkit.pk)
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*.zip")) if folder.exists() else []


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# Documents ---------------------------------------------------------------------------------------------------------


def test_with_nginx_a_document_is_an_empty_response_naming_the_file_for_the_proxy(client, nginx, toolkit, guide):
    response = client.get(f"{guide.url}?toolkit={toolkit.pk}")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{guide.file.name}"
    assert body(response) == b""  # nginx sends the file; the worker is free at once
    assert response["Content-Disposition"] == f'inline; filename="{guide.filename}"'  # PDFs open in the browser
    assert counts() == {(guide.pk, toolkit.pk): 1}


def test_with_storage_redirects_a_document_is_a_redirect_and_still_counted(client, settings, toolkit, guide):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # what S3 storage sets
    response = client.get(f"{guide.url}?toolkit={toolkit.pk}")
    assert response.status_code == 302
    assert response["Location"] == guide.file.url
    assert counts() == {(guide.pk, toolkit.pk): 1}


def test_without_a_proxy_the_worker_sends_the_whole_document_with_its_length(client, toolkit, guide):
    response = client.get(guide.url)
    content = body(response)
    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert int(response["Content-Length"]) == len(content) == guide.file_size
    # A PDF is not compressed: no Content-Encoding at all (Wagtail's view would send the word "None").
    assert "Content-Encoding" not in response


# Toolkit ZIPs ------------------------------------------------------------------------------------------------------


def test_with_nginx_the_zip_is_built_once_into_storage_and_sent_by_the_proxy(client, nginx, toolkit, guide):
    response = client.get(f"{toolkit.url}download-all/")
    assert response.status_code == 200
    assert body(response) == b""
    accel = response["X-Accel-Redirect"]
    assert accel.startswith(f"/protected-media/{downloads.BUNDLE_DIR}/{toolkit.pk}/")
    assert accel.endswith("/readiness-all-files.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="readiness-all-files.zip"'
    stored = Path(django_settings.MEDIA_ROOT) / accel.removeprefix("/protected-media/")
    assert int(response["Content-Length"]) == stored.stat().st_size
    archive = zipfile.ZipFile(stored)
    assert archive.testzip() is None
    assert archive.read(os.path.basename(guide.file.name)) == guide.file.open("rb").read()
    assert "Title: Guide to the tool" in archive.read("manifest.txt").decode()
    assert counts() == {(None, toolkit.pk): 1}


def test_with_storage_redirects_the_zip_is_a_redirect_to_the_stored_file(client, settings, toolkit, guide):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    response = client.get(f"{toolkit.url}download-all/")
    assert response.status_code == 302
    (name,) = stored_zips(toolkit)
    assert response["Location"] == default_storage.url(f"{downloads.BUNDLE_DIR}/{toolkit.pk}/{name}")
    assert counts() == {(None, toolkit.pk): 1}


def test_the_zip_is_rebuilt_only_when_what_goes_into_it_changes(client, monkeypatch, toolkit, guide):
    first = body(client.get(f"{toolkit.url}download-all/"))
    assert len(stored_zips(toolkit)) == 1

    def must_not_build(*args, **kwargs):
        raise AssertionError("the stored ZIP should have been served")

    with monkeypatch.context() as patch:
        patch.setattr(downloads, "stream_bundle", must_not_build)
        again = client.get(f"{toolkit.url}download-all/")
        assert body(again) == first
        assert int(again["Content-Length"]) == len(first)

    old = stored_zips(toolkit)
    download = toolkit.downloads.get()
    download.title = "The guide, second edition"
    download.save()
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(f"{toolkit.url}download-all/"))))
    assert "Title: The guide, second edition" in archive.read("manifest.txt").decode()
    assert len(stored_zips(toolkit)) == 1 and stored_zips(toolkit) != old  # the old archive is removed

    notes = make_document("Notes", "notes.txt", b"notes")
    add_download(toolkit, notes, sort_order=1)
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(f"{toolkit.url}download-all/"))))
    assert notes.filename in archive.namelist()
    assert counts() == {(None, toolkit.pk): 4}


def test_a_zip_with_a_missing_file_is_sent_but_not_kept(client, toolkit, guide):
    notes = make_document("Notes", "notes.txt", b"notes")
    add_download(toolkit, notes, sort_order=1)
    os.remove(notes.file.path)
    response = client.get(f"{toolkit.url}download-all/")
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert "Not included (the file is missing; ask us for it): Notes" in archive.read("manifest.txt").decode()
    assert stored_zips(toolkit) == []  # rebuilt, whole, once the file is back
    notes.file.save("notes.txt", io.BytesIO(b"notes"), save=True)
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(f"{toolkit.url}download-all/"))))
    assert os.path.basename(notes.file.name) in archive.namelist()
    assert len(stored_zips(toolkit)) == 1


def test_with_storage_that_has_no_local_path_the_zip_is_read_from_storage(client, settings, home):
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), slug="remote")
    document = make_document("Data", "data.csv", b"a,b\n1,2\n" * 1000)
    add_download(toolkit, document)
    response = client.get(f"{toolkit.url}download-all/")
    content = body(response)
    assert response.status_code == 200 and int(response["Content-Length"]) == len(content)
    assert response["Content-Disposition"] == 'attachment; filename="remote-all-files.zip"'
    assert zipfile.ZipFile(io.BytesIO(content)).read(os.path.basename(document.file.name)) == b"a,b\n1,2\n" * 1000
    (folder,), _files = default_storage.listdir(f"{downloads.BUNDLE_DIR}/{toolkit.pk}")
    assert default_storage.listdir(f"{downloads.BUNDLE_DIR}/{toolkit.pk}/{folder}") == ([], ["remote-all-files.zip"])
    assert stored_zips(toolkit) == []  # nothing written to the local disk


# Settings from the environment -------------------------------------------------------------------------------------


def settings_in_a_new_process(**environment) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(getattr(s, 'SENDFILE_BACKEND', None), getattr(s, 'SENDFILE_URL', None), s.WAGTAILDOCS_SERVE_METHOD)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.base", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_serving_method_comes_from_the_environment():
    assert settings_in_a_new_process().stdout.split() == ["None", "None", "serve_view"]
    nginx = settings_in_a_new_process(DOCUMENT_SENDFILE="nginx", SENDFILE_URL="/internal-media/")
    assert nginx.stdout.split() == ["django_sendfile.backends.nginx", "/internal-media/", "serve_view"]
    s3 = settings_in_a_new_process(AWS_STORAGE_BUCKET_NAME="chec-media")
    assert s3.stdout.split() == ["None", "None", "redirect"]
    wrong = settings_in_a_new_process(DOCUMENT_SENDFILE="lighttpd")
    assert wrong.returncode != 0 and "DOCUMENT_SENDFILE must be empty, 'nginx' or 'xsendfile'" in wrong.stderr
