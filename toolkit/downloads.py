""" "Download everything": a toolkit's files and a manifest as one ZIP, built once into storage and served as a file.

Python's ``zipfile`` writes to any object with ``write()``; given one that cannot seek, it writes each file's sizes
after its data (data descriptors), so the archive can be sent piece by piece. Each file is read from storage in
chunks of 64 KB and each compressed piece is sent as soon as it exists: memory use stays small whatever the size of
the files (it works the same with S3 storage). The manifest comes last, so it can say truthfully which files are in
the archive.

The archive is not streamed to the reader while it is built: a slow reader would hold a worker for the whole
download, and a worker timeout would cut the ZIP short. ``serve_bundle`` builds it once into the default storage,
under a name keyed by a hash of everything that goes into it (each file's name, hash and size, the titles,
descriptions and languages, the licence and the rest of the manifest), so any change makes a new archive and the
old ones are deleted. The stored file is then served the way Wagtail serves a document: a redirect to the storage
URL (S3), X-Accel-Redirect / X-Sendfile to the proxy (``DOCUMENT_SENDFILE``), or a ``FileResponse`` with its
Content-Length. An archive with a missing file is served once from a temporary file and not kept, so it is rebuilt
when the file is back.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import logging
import os
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile

from hub.base_url import page_url
from hub.templatetags.hub_tags import file_extension, file_type_label

CHUNK_SIZE = 64 * 1024
MANIFEST_NAME = "manifest.txt"
ZIP64_THRESHOLD = 2**31 - 2**20  # files this big need ZIP64 headers when their size is not known in advance
BUNDLE_DIR = "toolkit-zips"  # in the default storage: <BUNDLE_DIR>/<page id>/<hash>/<slug>-all-files.zip
BUNDLE_FORMAT = 1  # part of the hash: bump it when the archive's layout changes, so every stored ZIP is rebuilt

logger = logging.getLogger(__name__)
_build_locks = [threading.Lock() for _ in range(32)]  # one build of the same archive at a time per process


class _Pipe(io.RawIOBase):
    """A write-only, unseekable buffer that hands over what was written since the last call to ``take()``."""

    def __init__(self):
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def bundle_filename(toolkit) -> str:
    return f"{slugify(toolkit.slug) or 'toolkit'}-all-files.zip"


def archive_names(documents) -> dict[int, str]:
    """A safe, unique file name inside the archive for each document (by primary key)."""
    names, used = {}, {MANIFEST_NAME}
    for document in documents:
        base = get_valid_filename(os.path.basename(document.file.name)) or f"document-{document.pk}"
        stem, extension = os.path.splitext(base)
        name, number = base, 2
        while name.lower() in used:
            name, number = f"{stem}-{number}{extension}", number + 1
        used.add(name.lower())
        names[document.pk] = name
    return names


def _zip_time(moment) -> tuple:
    moment = timezone.localtime(moment) if moment and timezone.is_aware(moment) else (moment or timezone.now())
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _describe(downloads) -> dict:
    """Title, description and language of each document as the toolkit page shows them."""
    details = {}
    for download in downloads:
        details.setdefault(
            download.document_id,
            {"title": download.display_title, "description": download.description, "language": download.language},
        )
        if download.alternative_document_id:
            details.setdefault(
                download.alternative_document_id,
                {
                    "title": f"{download.display_title} (alternative format)",
                    "description": download.description,
                    "language": download.language,
                },
            )
    return details


def build_manifest(toolkit, entries: list[dict], skipped: list[str], page_url: str, made_on=None) -> str:
    """The text file inside the ZIP: what the toolkit is, its licence, how to credit it, and each file."""
    made_on = made_on or timezone.localdate()
    lines = [
        toolkit.title,
        "=" * min(len(toolkit.title), 78),
        "",
        toolkit.summary or "",
        "",
        f"Web page: {page_url}",
        f"Archive made: {made_on:%d %B %Y}",
    ]
    if toolkit.last_reviewed:
        lines.append(f"Last reviewed: {toolkit.last_reviewed:%d %B %Y}")
    lines += ["", "Licence", "-------", str(toolkit.get_licence_display())]
    if toolkit.licence_url:
        lines.append(toolkit.licence_url)
    if toolkit.licence_note:
        lines.append(f"Note: {toolkit.licence_note}")
    lines += ["", "How to credit it", "----------------", toolkit.get_credit(), ""]
    lines += ["Files in this archive", "---------------------"]
    for number, entry in enumerate(entries, start=1):
        lines.append(f"{number}. {entry['name']}")
        lines.append(f"   Title: {entry['title']}")
        lines.append(f"   Format: {entry['format']}, {entry['size']}; language: {entry['language']}")
        if entry["description"]:
            lines.append(f"   {entry['description']}")
    for title in skipped:
        lines.append(f"Not included (the file is missing; ask us for it): {title}")
    if toolkit.illustrative_note:
        lines += ["", f"Illustrative: {toolkit.illustrative_note}"]
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def _entry(document, name: str, details: dict) -> dict:
    """What the manifest says about one file."""
    about = details.get(document.pk, {"title": document.title, "description": "", "language": ""})
    size = document.file_size
    return {
        "name": name,
        "title": about["title"],
        "description": about["description"],
        "language": about["language"] or "not stated",
        "format": file_type_label(document) or file_extension(document).upper(),
        "size": filesizeformat(size).replace("\xa0", " ") if size else "size not recorded",
    }


def _page_url(toolkit, request) -> str:
    return page_url(toolkit, request)


def stream_bundle(toolkit, documents: Iterable, request=None, skipped: list[str] | None = None) -> Iterator[bytes]:
    """Yield the ZIP archive of ``documents`` and the manifest, piece by piece.

    The titles of files that could not be read are appended to ``skipped`` (when given) as well as listed in the
    manifest.
    """
    documents = list(documents)
    details = _describe(toolkit.get_downloads())
    names = archive_names(documents)
    entries = []
    skipped = skipped if skipped is not None else []
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for document in documents:
            info = zipfile.ZipInfo(names[document.pk], date_time=_zip_time(document.created_at))
            info.compress_type = zipfile.ZIP_DEFLATED
            size = document.file_size
            try:
                source = document.file.open("rb")
            except (FileNotFoundError, OSError):
                skipped.append(document.title)
                continue
            try:
                force_zip64 = bool(size and size > ZIP64_THRESHOLD)
                with archive.open(info, mode="w", force_zip64=force_zip64) as target:
                    while chunk := source.read(CHUNK_SIZE):
                        target.write(chunk)
                        if data := pipe.take():
                            yield data
            finally:
                source.close()
            entries.append(_entry(document, names[document.pk], details))
            if data := pipe.take():
                yield data
        manifest = build_manifest(toolkit, entries, skipped, _page_url(toolkit, request))
        manifest_info = zipfile.ZipInfo(MANIFEST_NAME, date_time=_zip_time(None))
        manifest_info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(manifest_info, manifest.encode("utf-8"))
    yield pipe.take()


# Stored archives -----------------------------------------------------------------------------------------------------


def bundle_key(toolkit, documents: list, request=None) -> str:
    """A hash of everything that goes into the archive: it changes exactly when the archive would."""
    details = _describe(toolkit.get_downloads())
    names = archive_names(documents)
    entries = [_entry(document, names[document.pk], details) for document in documents]
    files = [
        [
            names[document.pk],
            document.pk,
            document.file.name,
            document.file_hash,
            document.file_size,
            document.created_at.isoformat() if document.created_at else "",
        ]
        for document in documents
    ]
    manifest = build_manifest(toolkit, entries, [], _page_url(toolkit, request), made_on=datetime.date(2000, 1, 1))
    payload = json.dumps([BUNDLE_FORMAT, files, manifest], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def bundle_storage_name(toolkit, key: str) -> str:
    return f"{BUNDLE_DIR}/{toolkit.pk}/{key[:32]}/{bundle_filename(toolkit)}"


def _local_path(storage, name: str) -> str | None:
    """The file system path of ``name``, for storage on the local disk only (S3 and the like have none)."""
    return storage.path(name) if isinstance(storage, FileSystemStorage) else None


def _build(storage, name: str, toolkit, documents: list, request) -> tuple[bool, object]:
    """Write the archive to a temporary file; returns (complete, file), the file rewound for reading.

    With local storage the temporary file is created beside the final name, so it can be renamed into place in
    one step: another process never sees half an archive.
    """
    local_path = _local_path(storage, name)
    if local_path:
        os.makedirs(os.path.dirname(local_path), exist_ok=True)
        target = tempfile.NamedTemporaryFile(  # noqa: SIM115 (handed on to the caller)
            dir=os.path.dirname(local_path), prefix=".building-", suffix=".zip", delete=False
        )
    else:
        target = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 (handed on to the caller)
    skipped: list[str] = []
    try:
        for piece in stream_bundle(toolkit, documents, request, skipped=skipped):
            target.write(piece)
        target.flush()
        target.seek(0)
    except BaseException:
        target.close()
        if local_path:
            with contextlib.suppress(OSError):
                os.unlink(target.name)
        raise
    return not skipped, target


def _store(storage, name: str, built) -> None:
    """Put a complete archive under ``name`` (atomically for local storage; S3 objects appear whole anyway)."""
    local_path = _local_path(storage, name)
    if local_path:
        built.close()
        os.chmod(built.name, storage.file_permissions_mode or 0o644)
        os.replace(built.name, local_path)
        return
    try:
        saved = storage.save(name, File(built, name=os.path.basename(name)))
    finally:
        built.close()
    if saved != name:  # another process stored the same archive meanwhile: keep one
        storage.delete(saved)


def _remove_stale(storage, toolkit, keep: str) -> None:
    """Delete the toolkit's archives made from older contents (best effort: a failure only leaves a file)."""
    folder = f"{BUNDLE_DIR}/{toolkit.pk}"
    try:
        directories, _files = storage.listdir(folder)
        for directory in directories:
            if directory == keep:
                continue
            _subfolders, files = storage.listdir(f"{folder}/{directory}")
            for file_name in files:
                storage.delete(f"{folder}/{directory}/{file_name}")
            if local := _local_path(storage, f"{folder}/{directory}"):
                with contextlib.suppress(OSError):
                    os.rmdir(local)
    except (OSError, NotImplementedError):
        logger.warning("Old ZIP archives of toolkit %s not removed", toolkit.pk, exc_info=True)


def serve_stored_file(request, storage, name: str, *, filename: str, content_type: str):
    """Serve a file of ``storage`` the way Wagtail serves a document (wagtail/documents/views/serve.py).

    WAGTAILDOCS_SERVE_METHOD "redirect" (set for S3 storage): a redirect to the storage URL. A local file: through
    ``SENDFILE_BACKEND`` when set (X-Accel-Redirect or X-Sendfile, an empty response the proxy fills), otherwise
    streamed from the file with Last-Modified and If-Modified-Since. Otherwise read from the storage.
    """
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) in ("redirect", "direct"):
        with contextlib.suppress(NotImplementedError):
            return redirect(storage.url(name))
    local_path = _local_path(storage, name)
    if local_path:
        options = {"attachment": True, "attachment_filename": filename, "mimetype": content_type}
        if not getattr(settings, "SENDFILE_BACKEND", None):
            options["backend"] = sendfile_streaming_backend.sendfile
        response = sendfile(request, local_path, **options)
        if response.get("Content-Encoding") == "None":  # wagtail.utils.sendfile sets the header even when None
            del response["Content-Encoding"]
        return response
    return FileResponse(storage.open(name, "rb"), as_attachment=True, filename=filename, content_type=content_type)


def serve_bundle(request, toolkit, documents: list):
    """The toolkit's ZIP: built into storage the first time its contents are asked for, then served as a file."""
    storage = default_storage
    key = bundle_key(toolkit, documents, request)
    name = bundle_storage_name(toolkit, key)
    filename = bundle_filename(toolkit)
    with _build_locks[int(key[:8], 16) % len(_build_locks)]:
        if not storage.exists(name):
            complete, built = _build(storage, name, toolkit, documents, request)
            if not complete:
                # A file is missing: this reader gets the archive without it (the manifest says so), and nothing
                # is kept, so the next download includes the file once it is back.
                if getattr(built, "name", None) and isinstance(built.name, str):
                    with contextlib.suppress(OSError):
                        os.unlink(built.name)  # the open file stays readable until the response closes it
                return FileResponse(built, as_attachment=True, filename=filename, content_type="application/zip")
            _store(storage, name, built)
            _remove_stale(storage, toolkit, keep=key[:32])
    return serve_stored_file(request, storage, name, filename=filename, content_type="application/zip")
