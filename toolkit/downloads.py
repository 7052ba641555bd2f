""" "Download everything": a toolkit's files and a manifest as one ZIP, streamed while it is built.

Python's ``zipfile`` writes to any object with ``write()``; given one that cannot seek, it writes each file's sizes
after its data (data descriptors), so the archive can be sent piece by piece. Each file is read from storage in
chunks of 64 KB and each compressed piece is sent as soon as it exists: memory use stays small whatever the size of
the files, and no temporary file is needed (it works the same with S3 storage). The manifest comes last, so it can
say truthfully which files are in the archive.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from hub.templatetags.hub_tags import file_extension, file_type_label

CHUNK_SIZE = 64 * 1024
MANIFEST_NAME = "manifest.txt"
ZIP64_THRESHOLD = 2**31 - 2**20  # files this big need ZIP64 headers when their size is not known in advance


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


def build_manifest(toolkit, entries: list[dict], skipped: list[str], page_url: str) -> str:
    """The text file inside the ZIP: what the toolkit is, its licence, how to credit it, and each file."""
    lines = [
        toolkit.title,
        "=" * min(len(toolkit.title), 78),
        "",
        toolkit.summary or "",
        "",
        f"Web page: {page_url}",
        f"Downloaded: {timezone.localdate():%d %B %Y}",
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


def stream_bundle(toolkit, documents: Iterable, request=None) -> Iterator[bytes]:
    """Yield the ZIP archive of ``documents`` and the manifest, piece by piece."""
    documents = list(documents)
    details = _describe(toolkit.get_downloads())
    names = archive_names(documents)
    entries, skipped = [], []
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
            about = details.get(document.pk, {"title": document.title, "description": "", "language": ""})
            entries.append(
                {
                    "name": names[document.pk],
                    "title": about["title"],
                    "description": about["description"],
                    "language": about["language"] or "not stated",
                    "format": file_type_label(document) or file_extension(document).upper(),
                    "size": filesizeformat(size).replace("\xa0", " ") if size else "size not recorded",
                }
            )
            if data := pipe.take():
                yield data
        page_url = toolkit.get_full_url(request) or toolkit.url or ""
        manifest = build_manifest(toolkit, entries, skipped, page_url)
        manifest_info = zipfile.ZipInfo(MANIFEST_NAME, date_time=_zip_time(None))
        manifest_info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(manifest_info, manifest.encode("utf-8"))
    yield pipe.take()
